import { LakeGrant } from "../components/lake-formation/grants";
import { LakeShare, consumerAccountGrants, lakeShares, principalGrants } from "../patterns/lake-formation/model";
import { Topology } from "../core/topology/model";
import { parseTopology } from "../core/topology/parse";
import { PATTERNS } from "../patterns";
import { BenchSize, GrantBy, benchTopology } from "./topology";

/** The instant every case is evaluated at. */
export const BENCH_AS_OF = new Date("2026-11-22T00:00:00Z");

/** The sharing grants of patterns 2 and 3, by the account that makes them (the producer makes none: governance owns pattern 2's catalog). */
export interface SharingGrants {
    /** What governance, owner of pattern 2's catalog, grants consumer accounts. */
    readonly governance: readonly LakeGrant[];
    /** What the external account grants consumer accounts (pattern 3). */
    readonly external: readonly LakeGrant[];
    /** What each consumer's admin grants its principals, both patterns. */
    readonly consumers: readonly LakeGrant[];
}

/** Pattern 2's shares of a topology, and every sharing grant of patterns 2 and 3, computed from the model without evaluating a stack. */
export function sharingGrants(topology: Topology, asOf: Date = BENCH_AS_OF): { central: LakeShare[]; byAccount: SharingGrants } {
    const central = lakeShares(topology, "lake-formation-central", asOf);
    const external = lakeShares(topology, "lake-formation-external", asOf);
    const principals = (shares: LakeShare[], owner: string) =>
        topology.consumers.flatMap((c) =>
            principalGrants(
                shares.filter((s) => s.consumer.name === c.name),
                owner,
                (d) => d,
            ),
        );
    return {
        central,
        byAccount: {
            governance: consumerAccountGrants(central, topology.governance!.accountId),
            external: consumerAccountGrants(external, topology.external!.accountId),
            consumers: [...principals(central, topology.governance!.accountId), ...principals(external, topology.external!.accountId)],
        },
    };
}

/**
 * Lake Formation grants the sharing model computes for a case, without evaluating it: what
 * the catalogs' owners (governance, external) grant consumer accounts, and what each
 * consumer grants its principals. The stacks' own grants (the lake's, the crawlers')
 * come on top, a few dozen.
 */
export function modelGrants(size: BenchSize, grantBy: GrantBy): number {
    const { byAccount } = sharingGrants(parseTopology(benchTopology(size, grantBy), PATTERNS));
    return Object.values(byAccount).reduce((n, list) => n + list.length, 0);
}
