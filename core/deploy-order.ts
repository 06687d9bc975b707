import { PATTERNS } from "./topology/patterns";
import { redshiftProducts } from "./redshift/sharing";
import { Account, FixedRole, Topology } from "./topology/model";
import { StackIdentity } from "./stack/identity";

/**
 * The deploy order is a DAG, not a guess: a stack deploys after every stack whose outputs
 * it reads. external -> producer -> governance -> consumers.
 */

const FIXED_ORDER: readonly FixedRole[] = ["external", "producer", "governance"];

/** Stacks a stack reads, in deploy order. */
export function upstreamRoles(topology: Topology, identity: Pick<StackIdentity, "role" | "consumer">): FixedRole[] {
    const declared = (r: FixedRole) => topology[r] !== undefined;
    switch (identity.role) {
        case "external":
            return [];
        case "producer":
            return declared("external") ? ["external"] : [];
        case "governance":
            return ["producer"];
        case "consumer": {
            const needs = new Set<FixedRole>(["producer"]);
            for (const p of identity.consumer?.patterns ?? []) {
                PATTERNS[p].needs.forEach((r) => needs.add(r));
            }
            // Pattern 6's access points are on the bucket the topology chooses.
            if (identity.consumer?.patterns.includes("access-point")) {
                needs.add(topology.accessPointAccount);
            }
            // Option B's datashares are the external account's.
            if (redshiftProducts(topology).some((p) => p.sharedFrom === "external" && identity.consumer?.access.some((a) => a.product === p.product.name && a.patterns.includes("redshift-datashare")))) {
                needs.add("external");
            }
            return FIXED_ORDER.filter((r) => needs.has(r) && declared(r));
        }
    }
}

export interface PlannedStack {
    readonly account: Account;
    /** Consumer name for consumer stacks. */
    readonly consumer?: string;
}

/** Every stack of the topology in the order they must deploy. */
export function deployOrder(topology: Topology): PlannedStack[] {
    const fixed = FIXED_ORDER.flatMap((r) => {
        const account = topology[r];
        return account ? [{ account }] : [];
    });
    // Expired consumers keep their stack: its next `pulumi up` removes what they had.
    const consumers = topology.consumers.flatMap((c) => (c.account ? [{ account: c.account, consumer: c.name }] : []));
    return [...fixed, ...consumers];
}
