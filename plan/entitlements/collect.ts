import { TopologyEvaluation } from "../evaluation";
import { PATTERNS } from "../../patterns";
import { bucketPolicyEntitlements } from "./bucket-policies";
import { EntitlementContext } from "./context";
import { kmsEntitlements } from "./kms";
import { Entitlement, EntitlementReport } from "./model";

/**
 * Who can access what, from one evaluation of every stack: Lake Formation grants that hold
 * all the way up their chain, datashares that reach their consumer, access point policies,
 * Data Exchange grants, API partners, and cross-account key and bucket policy grants. Each
 * row carries the product's classification and the consumer's end date.
 */
export function collectEntitlements(evaluation: TopologyEvaluation, asOf: Date): EntitlementReport {
    const context = new EntitlementContext(evaluation.topology, asOf);
    const rows = [
        ...PATTERNS.parts.flatMap((p) => p.report?.entitlements?.(evaluation, context) ?? []),
        ...evaluation.stacks.flatMap((s) => [...kmsEntitlements(s, context), ...bucketPolicyEntitlements(s, context)]),
    ];
    return { project: evaluation.project, accessAsOf: asOf.toISOString(), entitlements: rows.sort(inReadingOrder(evaluation)) };
}

/** Consumers in the topology's order, then the accounts' own principals; within each, by path and resource. */
function inReadingOrder(evaluation: TopologyEvaluation): (a: Entitlement, b: Entitlement) => number {
    const consumers = evaluation.topology.consumers.map((c) => c.name);
    const rank = (e: Entitlement) => (consumers.includes(e.consumer) ? consumers.indexOf(e.consumer) : consumers.length);
    return (a, b) =>
        rank(a) - rank(b) ||
        a.consumer.localeCompare(b.consumer) ||
        a.path.localeCompare(b.path) ||
        a.resource.localeCompare(b.resource) ||
        a.principal.localeCompare(b.principal);
}
