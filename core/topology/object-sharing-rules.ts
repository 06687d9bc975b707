import { ParsedTopology } from "./schema";

/** Rules of the two patterns that share objects: access points (6) and Data Exchange (1). */

interface Problem {
    readonly path: readonly (string | number)[];
    readonly message: string;
}

export function objectSharingRules(t: ParsedTopology): Problem[] {
    const problems: Problem[] = [];
    if (t.patterns.accessPoints.account === "external" && !t.accounts.external) {
        problems.push({
            path: ["patterns", "accessPoints", "account"],
            message: "is external, but no external account is declared: declare accounts.external, or put the access points on the producer's bucket (account: producer)",
        });
    }
    t.consumers.forEach((c, i) => {
        const usesAccessPoints = c.patterns.includes("access-point") || c.dataProducts.some((p) => p.patterns?.includes("access-point"));
        if (usesAccessPoints && c.accountId !== undefined && c.principals.length === 0) {
            problems.push({ path: ["consumers", i, "principals"], message: `an access point admits named roles only: list the IAM roles of account ${c.accountId} that read, e.g. ["arn:aws:iam::${c.accountId}:role/reader"]` });
        }
        const host = t.patterns.accessPoints.account === "producer" || !t.accounts.external ? t.accounts.producer : t.accounts.external;
        const region = c.region ?? t.accounts.producer.region;
        if (usesAccessPoints && c.accessPoint?.vpc && region !== host.region) {
            // The access point admits its VPC only in the bucket's region, and the consumer's stack builds the VPC's endpoint in its own.
            problems.push({
                path: ["consumers", i, "accessPoint", "vpc", "id"],
                message: `is a VPC of this consumer's region ${region}, but the access point and its bucket are in ${host.region}: an access point admits a VPC of its own region only; give a VPC in ${host.region} and set this consumer's region to ${host.region}, or remove vpc`,
            });
        }
        if (c.accessPoint && !usesAccessPoints) {
            problems.push({ path: ["consumers", i, "accessPoint"], message: "is set, but this consumer uses no access point: add access-point to its patterns, or remove accessPoint" });
        }
    });
    return problems;
}
