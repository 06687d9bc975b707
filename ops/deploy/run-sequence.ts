import type { EngineEvent, OpMap } from "@pulumi/pulumi/automation";
import { messageOf } from "../../core/message-of";
import { Sequence, SequenceStep } from "./sequence";
import { DeployWorkspace } from "./workspace";

/**
 * Runs a sequence: each stack once the stacks it waits for have succeeded, at most
 * `parallel` at a time, in the sequence's order when several are ready. The first failure
 * stops the run: stacks already running finish (cancelling an update midway leaves its
 * resources pending), nothing new starts, and every stack not started is reported as not run.
 */

export type StepOutcome =
    | { readonly status: "succeeded"; readonly changes: OpMap; readonly seconds: number }
    | { readonly status: "failed"; readonly error: string; readonly seconds: number }
    | { readonly status: "not run"; readonly reason: string };

export interface StepReport {
    readonly step: SequenceStep;
    readonly outcome: StepOutcome;
}

/** Receives what happens to each stack, to show progress. */
export interface ProgressSink {
    started(step: SequenceStep, knownResources: number | undefined): void;
    event(step: SequenceStep, event: EngineEvent): void;
    finished(step: SequenceStep, outcome: StepOutcome): void;
}

export interface RunOptions {
    readonly workspace: DeployWorkspace;
    /** Stacks running at once, at least 1. */
    readonly parallel: number;
    readonly progress?: ProgressSink;
    /** Milliseconds since some epoch. @default Date.now */
    readonly now?: () => number;
}

export interface RunReport {
    readonly sequence: Sequence;
    /** One per step, in the sequence's order. */
    readonly steps: readonly StepReport[];
    /** The first stack that failed, if any. */
    readonly firstFailure?: string;
}

export function runSequence(sequence: Sequence, options: RunOptions): Promise<RunReport> {
    if (!Number.isInteger(options.parallel) || options.parallel < 1) {
        throw new Error(`parallel must be a whole number of at least 1, not ${options.parallel}`);
    }
    const now = options.now ?? Date.now;
    const outcomes = new Map<string, StepOutcome>();
    const started = new Set<string>();
    let running = 0;
    let firstFailure: string | undefined;
    const succeeded = (stack: string) => outcomes.get(stack)?.status === "succeeded";

    return new Promise((resolve) => {
        const startReady = () => {
            for (const step of sequence.steps) {
                if (firstFailure !== undefined || running >= options.parallel) break;
                if (!started.has(step.target.stack) && step.after.every(succeeded)) start(step);
            }
            if (running === 0) resolve(report());
        };
        const start = (step: SequenceStep) => {
            started.add(step.target.stack);
            running++;
            runOne(step).then((outcome) => {
                outcomes.set(step.target.stack, outcome);
                if (outcome.status === "failed") firstFailure ??= step.target.stack;
                options.progress?.finished(step, outcome);
                running--;
                startReady();
            });
        };
        const runOne = async (step: SequenceStep): Promise<StepOutcome> => {
            const begin = now();
            const seconds = () => Math.round((now() - begin) / 1000);
            try {
                const known = await options.workspace.resourceCount?.(step.target).catch(() => undefined);
                options.progress?.started(step, known);
                const result = await options.workspace.run(step.target, sequence.operation, (e) => options.progress?.event(step, e));
                return { status: "succeeded", changes: result.changes, seconds: seconds() };
            } catch (err) {
                return { status: "failed", error: messageOf(err), seconds: seconds() };
            }
        };
        const report = (): RunReport => ({
            sequence,
            firstFailure,
            steps: sequence.steps.map((step) => ({
                step,
                outcome: outcomes.get(step.target.stack) ?? {
                    status: "not run",
                    reason: firstFailure ? `stopped after ${firstFailure} failed` : "not reached",
                },
            })),
        });
        startReady();
    });
}
