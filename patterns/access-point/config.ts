import { z } from "zod";
import { RuleProblem, TopologyRule } from "../../core/topology/problem";
import { Topology } from "../../core/topology/model";

/**
 * Pattern 6's configuration: whose Published Datasets bucket carries the access points
 * (`patterns.accessPoints`), what each consumer's access point allows and from where
 * (`consumers[].accessPoint`), and the rules over them.
 */

const vpcId = z.string().regex(/^vpc-[0-9a-f]{8,17}$/, { error: (iss) => `${JSON.stringify(iss.input)} is not a VPC id, e.g. "vpc-0a1b2c3d4e5f67890"` });
const routeTableId = z
    .string()
    .regex(/^rtb-[0-9a-f]{8,17}$/, { error: (iss) => `${JSON.stringify(iss.input)} is not a route table id, e.g. "rtb-0a1b2c3d4e5f67890"` });

/** Pattern 6 for one consumer: what its access point allows, and from where. */
export const accessPointSchema = z.strictObject({
    /** Actions on the consumer's prefixes. @default ["s3:GetObject", "s3:ListBucket"] */
    actions: z
        .array(
            z.enum(["s3:GetObject", "s3:GetObjectVersion", "s3:GetObjectTagging", "s3:GetObjectVersionTagging", "s3:ListBucket"], {
                error: (iss) =>
                    `${JSON.stringify(iss.input)} is not a read action an access point grants: use s3:GetObject, s3:GetObjectVersion, s3:GetObjectTagging, s3:GetObjectVersionTagging or s3:ListBucket`,
            }),
        )
        .min(1, { error: "list at least one action, e.g. s3:GetObject" })
        .optional(),
    /**
     * The consumer's VPC (in the sharing bucket's region): the access point accepts requests
     * from it only (network origin VPC), and the consumer's stack adds an S3 gateway
     * endpoint there that reaches this access point only. @default undefined (network origin Internet)
     */
    vpc: z
        .strictObject({
            id: vpcId,
            /** Route tables of the subnets that read through the access point; the endpoint attaches to them. */
            routeTableIds: z.array(routeTableId).min(1, { error: 'list the route tables of the subnets that read, e.g. ["rtb-0a1b2c3d4e5f67890"]' }),
        })
        .optional(),
});

export type AccessPointSettings = z.output<typeof accessPointSchema>;

/** Pattern 6: whose Published Datasets bucket the access points are on. */
export const accessPointsSchema = z.strictObject({
    account: z.enum(["producer", "external"], { error: (iss) => `${JSON.stringify(iss.input)} is not a sharing account: use external or producer` }).optional(),
});

declare module "../../core/topology/schema" {
    interface ConsumerFields {
        /** Pattern 6: actions and network origin of the consumer's access point. @default { actions: ["s3:GetObject", "s3:ListBucket"] } */
        accessPoint?: AccessPointSettings;
    }
    interface PatternSections {
        /** Pattern 6: whose Published Datasets bucket the access points are on. @default "external" when the external account is declared, else "producer" */
        accessPoints: z.output<typeof accessPointsSchema>;
    }
}

/** The account whose Published Datasets bucket carries the access points: the topology's choice, else the external account when there is one. */
export function accessPointHost(t: Pick<Topology, "accessPoints" | "external">): "producer" | "external" {
    return t.accessPoints.account ?? (t.external ? "external" : "producer");
}

export const accessPointRules: TopologyRule = (t) => {
    const problems: RuleProblem[] = [];
    if (t.patterns.accessPoints.account === "external" && !t.accounts.external) {
        problems.push({
            path: ["patterns", "accessPoints", "account"],
            message:
                "is external, but no external account is declared: declare accounts.external, or put the access points on the producer's bucket (account: producer)",
        });
    }
    t.consumers.forEach((c, i) => {
        const usesAccessPoints = c.patterns.includes("access-point") || c.dataProducts.some((p) => p.patterns?.includes("access-point"));
        if (usesAccessPoints && c.accountId !== undefined && c.principals.length === 0) {
            problems.push({
                path: ["consumers", i, "principals"],
                message: `an access point admits named roles only: list the IAM roles of account ${c.accountId} that read, e.g. ["arn:aws:iam::${c.accountId}:role/reader"]`,
            });
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
            problems.push({
                path: ["consumers", i, "accessPoint"],
                message: "is set, but this consumer uses no access point: add access-point to its patterns, or remove accessPoint",
            });
        }
    });
    return problems;
};
