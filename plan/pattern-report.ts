import { PatternSet } from "../core/pattern-set";
import { EntitlementContext } from "./entitlements/context";
import { AccessPath, Entitlement } from "./entitlements/model";
import { TopologyEvaluation } from "./evaluation";

/**
 * What a pattern contributes to the plan and its reports, from what the stacks register: its
 * paths end to end (a section of the printed plan, with the problems of a path that does not
 * reach its consumer), the entitlement report's rows of its paths, and the diagram's labels
 * and arrows. The plan asks each registered pattern; it matches no resource itself.
 */
export interface PatternReport {
    /** Sections of the printed and the JSON plan, in this order. */
    readonly sections?: readonly PlanSection[];
    /** The entitlement report's rows of the pattern's paths. */
    entitlements?(evaluation: TopologyEvaluation, context: EntitlementContext): Entitlement[];
    /** The kinds of path its rows carry, each with its label in the diagram. */
    readonly paths?: Readonly<Partial<Record<AccessPath, string>>>;
    /** Arrows of the diagram between accounts that no row shows: the plumbing of its paths (a copy, a replication). */
    edges?(evaluation: TopologyEvaluation): SharingEdge[];
}

/** One section of the plan: a pattern's paths, each from the resources every step registers. */
export interface PlanSection<P = unknown> {
    /** The section's key in the JSON plan. */
    readonly key: string;
    paths(evaluation: TopologyEvaluation, asOf: Date, patterns: PatternSet): readonly P[];
    /** A problem per path that does not reach its consumer (a plan with problems exits non-zero). */
    problems(paths: readonly P[]): string[];
    /** The section's lines in the printed plan; none when it has no path. */
    render(paths: readonly P[]): string[];
}

/** One arrow of the diagram: from the account that grants to the one that receives, labelled with the path. */
export interface SharingEdge {
    readonly from: string;
    readonly to: string;
    readonly label: string;
}
