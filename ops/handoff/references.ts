import { ContractOf, ReferencedRole, contractKeys, isOptionalField } from "../../core/contract/exports";
import { upstreamRoles } from "../../core/deploy-order";
import { Topology } from "../../core/topology/model";
import { PATTERNS } from "../../patterns";
import { DeployingConsumer } from "./consumer";

/**
 * The `datasharing:references` block of a consumer: for every stack it reads, the literal
 * outputs of the typed contract (core/contract/exports.ts), so its stack resolves no stack
 * reference and needs no access to the producer's state. Only the consumer's own slice of
 * the optional fields travels: its datashares and its Data Exchange grants, never another
 * consumer's, nor the copy job's target, which only the producer reads.
 */

export type References = { [R in ReferencedRole]?: ContractOf<R> };

/** Roles whose outputs the consumer's stack reads. */
export function referencedRoles(topology: Topology, consumer: DeployingConsumer): ReferencedRole[] {
    return upstreamRoles(topology, { role: "consumer", consumer }, PATTERNS);
}

/**
 * The consumer's references, checked against the contract as its stack will check them.
 * @param outputs each referenced role's stack outputs
 * @param origin how to name where a role's outputs came from, in messages
 */
export function consumerReferences(
    topology: Topology,
    consumer: DeployingConsumer,
    outputs: ReadonlyMap<ReferencedRole, Record<string, unknown>>,
    origin: (role: ReferencedRole) => string,
): References {
    const references: Record<string, unknown> = {};
    for (const role of referencedRoles(topology, consumer)) {
        const all = outputs.get(role);
        if (!all) throw new Error(`no outputs of the ${role} stack: deploy it first, or hand off from the plan (--from plan)`);
        const slice = sliceOf(role, all, consumer);
        const missing = contractKeys(PATTERNS.contracts, role).filter((k) => slice[k] === undefined && !isOptionalField(PATTERNS.contracts, role, k));
        if (missing.length > 0) {
            throw new Error(
                `${origin(role)} has no output ${missing.map((k) => `"${k}"`).join(", ")}: deploy the ${role} stack (after the topology change) and hand off again`,
            );
        }
        const checked = PATTERNS.contracts[role].safeParse(slice);
        if (!checked.success) {
            const issue = checked.error.issues[0];
            throw new Error(`output "${issue.path.join(".")}" of ${origin(role)} ${issue.message}`);
        }
        if (checked.data.accountId !== topology[role]!.accountId) {
            throw new Error(
                `${origin(role)} was deployed into account ${checked.data.accountId}, but the topology's ${role} account is ${topology[role]!.accountId}`,
            );
        }
        references[role] = checked.data;
    }
    return references as References;
}

/** The contract's fields of one role, each pattern's cut down to what this consumer receives. */
function sliceOf(role: ReferencedRole, outputs: Record<string, unknown>, consumer: DeployingConsumer): Record<string, unknown> {
    const receives = (pattern: string) => consumer.access.filter((a) => a.patterns.includes(pattern as never)).map((a) => a.product);
    const slices = Object.assign({}, ...PATTERNS.parts.map((p) => p.consumerSlice ?? {})) as NonNullable<(typeof PATTERNS.parts)[number]["consumerSlice"]>;
    const slice: Record<string, unknown> = {};
    for (const key of contractKeys(PATTERNS.contracts, role) as string[]) {
        const value = outputs[key];
        if (value === undefined) continue;
        if (key === "datashares") {
            const mine = pick(value as Record<string, unknown>, receives("redshift-datashare"));
            if (mine) slice[key] = mine;
        } else if (slices[key]) {
            const mine = slices[key](value, consumer);
            if (mine !== undefined) slice[key] = mine;
        } else if (key !== "copyTarget") {
            slice[key] = value;
        }
    }
    return slice;
}

function pick(record: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> | undefined {
    const entries = Object.entries(record ?? {}).filter(([k]) => keys.includes(k));
    return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}
