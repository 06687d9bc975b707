import { PatternCatalog } from "./patterns";
import { ParsedTopology } from "./schema";

/** A problem a topology rule finds: the path of the offending key under the topology, and the fix. */
export interface RuleProblem {
    /** Path of the offending key under the topology, e.g. `["consumers", 0, "accountId"]`. */
    readonly path: readonly (string | number)[];
    /** What is wrong and how to fix it. */
    readonly message: string;
}

/**
 * A rule that relates one part of the topology to another, after the schema has passed.
 * The caller prefixes the config key and reports every problem of every rule at once.
 */
export type TopologyRule = (t: ParsedTopology, patterns: PatternCatalog) => RuleProblem[];
