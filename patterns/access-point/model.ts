import { sharesFor } from "../../core/access";
import { Topology } from "../../core/topology/model";
import { AccessPointSettings, accessPointHost } from "./config";

/**
 * Pattern 6 (S3 access points) as data: which consumer gets an access point on which
 * prefixes. The sharing stack builds the access points from it and the consumer's stack
 * its side, so both agree on names, prefixes and actions.
 */

/** One consumer's access point. */
export interface AccessPointShare {
    readonly consumer: string;
    readonly accountId: string;
    readonly principals: readonly string[];
    /** One folder per data product: `<product>/`. */
    readonly prefixes: readonly string[];
    readonly actions?: AccessPointSettings["actions"];
    readonly vpc?: AccessPointSettings["vpc"];
    readonly endsAt?: Date;
}

/** The access points to have as of `asOf`: one per active consumer of pattern 6, none for expired ones. */
export function accessPointShares(t: Topology, asOf: Date): AccessPointShare[] {
    const byConsumer = new Map<string, AccessPointShare & { prefixes: string[] }>();
    for (const share of sharesFor(t, "access-point", asOf)) {
        const c = share.consumer;
        const entry = byConsumer.get(c.name) ?? {
            consumer: c.name,
            accountId: c.account!.accountId,
            principals: c.principals,
            prefixes: [],
            actions: c.accessPoint?.actions,
            vpc: c.accessPoint?.vpc,
            endsAt: c.accessEndsAt,
        };
        entry.prefixes.push(`${share.product.name}/`);
        byConsumer.set(c.name, entry);
    }
    return [...byConsumer.values()];
}

/** The account whose bucket carries the access points. */
export function accessPointAccount(t: Topology) {
    return accessPointHost(t) === "external" ? t.external! : t.producer;
}
