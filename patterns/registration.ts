import { Pattern } from "../core/pattern";
import type { LiveReaderSpec } from "../ops/verify/live/context";
import { DynamicMock } from "../plan/mock-aws";
import { PatternReport } from "../plan/pattern-report";
import { PatternProgram } from "./program";

/**
 * A pattern as the program registers it (patterns/index.ts): what core composes
 * (core/pattern.ts), and what the layers above ask of it.
 */
export interface RegisteredPattern extends Pattern {
    /** What each account role builds for it (stacks/). */
    readonly program?: PatternProgram;
    /** Its paths in the plan, its rows of the entitlement report, its arrows of the diagram (plan/). */
    readonly report?: PatternReport;
    /**
     * What `npm run verify` reads live as the evidence of its paths (ops/verify/live), loaded
     * when verify asks: the readers and the AWS SDK clients they use stay out of the plan and
     * the stack programs, which load every pattern.
     */
    readonly live?: () => Promise<readonly LiveReaderSpec[]>;
    /** What the offline plan's mocks answer for its dynamic resources, by type: the outputs their providers would read back from AWS. */
    readonly mocks?: Readonly<Record<string, DynamicMock>>;
}
