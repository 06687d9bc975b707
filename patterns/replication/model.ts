import { PatternSet } from "../../core/pattern-set";
import { Topology } from "../../core/topology/model";

/**
 * Whether the producer replicates Published Datasets into the external account: when an
 * enabled pattern serves its consumers from the external copy (1, 3 and 5; 6 when its access
 * points are there).
 */
export function replicatesToExternal(topology: Topology, patterns: PatternSet): boolean {
    return topology.external !== undefined && patterns.servedFromExternalCopy(topology).length > 0;
}
