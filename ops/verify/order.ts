import { Topology } from "../../core/topology/model";
import { VERDICTS, VerifyRow } from "./model";

/** Consumers in the topology's order, then the accounts' own principals; within each, what needs action first, then path and resource. */
export function inReportOrder(topology: Topology): (a: VerifyRow, b: VerifyRow) => number {
    const consumers = topology.consumers.map((c) => c.name);
    const rank = (r: VerifyRow) => (consumers.includes(r.consumer) ? consumers.indexOf(r.consumer) : consumers.length);
    return (a, b) =>
        rank(a) - rank(b) ||
        a.consumer.localeCompare(b.consumer) ||
        VERDICTS.indexOf(a.verdict) - VERDICTS.indexOf(b.verdict) ||
        a.path.localeCompare(b.path) ||
        a.resource.localeCompare(b.resource) ||
        a.principal.localeCompare(b.principal);
}
