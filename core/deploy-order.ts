import { Account, Consumer, FixedRole, Topology } from "./topology/model";
import { StackIdentity } from "./stack/identity";

/** What the deploy order asks of the registered patterns (core/pattern-set.ts). */
export interface ConsumerReads {
    /** Stacks a consumer's stack reads for its patterns, beside the producer. */
    consumerReads(topology: Topology, consumer: Consumer): ReadonlySet<FixedRole>;
}

/**
 * The deploy order is a DAG, not a guess: a stack deploys after every stack whose outputs
 * it reads. external -> producer -> governance -> consumers.
 */

const FIXED_ORDER: readonly FixedRole[] = ["external", "producer", "governance"];

/** Stacks a stack reads, in deploy order. */
export function upstreamRoles(topology: Topology, identity: Pick<StackIdentity, "role" | "consumer">, patterns: ConsumerReads): FixedRole[] {
    const declared = (r: FixedRole) => topology[r] !== undefined;
    switch (identity.role) {
        case "external":
            return [];
        case "producer":
            return declared("external") ? ["external"] : [];
        case "governance":
            return ["producer"];
        case "consumer": {
            const needs = new Set<FixedRole>(["producer", ...(identity.consumer ? patterns.consumerReads(topology, identity.consumer) : [])]);
            return FIXED_ORDER.filter((r) => needs.has(r) && declared(r));
        }
    }
}

export interface PlannedStack {
    /** The account the stack deploys into, with its stack name. */
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
