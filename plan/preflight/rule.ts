import { PreflightWorld } from "./world";

/**
 * A rule AWS enforces at deploy time (or a setting without which a deployed path silently
 * does nothing) that mocks cannot show. Each is a pure function over what every stack
 * registers, in deploy order, and cites the AWS page that states it.
 */
export interface PreflightRule {
    /** Stable id, e.g. "principal-exists". */
    readonly id: string;
    /** The rule in one sentence, as AWS states it. */
    readonly summary: string;
    /** What to do instead, in one sentence. */
    readonly fix: string;
    /** The AWS documentation page that states the rule. */
    readonly source: RuleSource;
    check(world: PreflightWorld): RuleViolation[];
}

export interface RuleSource {
    readonly title: string;
    readonly url: string;
}

/** One place a rule is broken. */
export interface RuleViolation {
    readonly stack: string;
    /** `type name` of the resource that AWS would reject or that would not work. */
    readonly resource: string;
    readonly message: string;
}

/** A violation with the rule and source that found it, as the plan reports it. */
export interface PreflightFinding extends RuleViolation {
    readonly rule: string;
    readonly source: string;
}
