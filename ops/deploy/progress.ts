import type { EngineEvent } from "@pulumi/pulumi/automation";
import { messageOf } from "../../core/message-of";
import { formatChanges, formatSeconds } from "./changes";
import { ProgressSink, StepOutcome } from "./run-sequence";
import { SequenceStep } from "./sequence";

/**
 * One compact line per stack from the engine's events: resources done of those known, and
 * the time since the stack started. Several stacks may run at once, so each line names its
 * stack, and a stack prints at most one line per `intervalMs` (plus its start and its end).
 */

interface StackProgress {
    readonly begin: number;
    readonly known?: number;
    readonly seen: Set<string>;
    readonly done: Set<string>;
    failed: number;
    lastLine: number;
}

export interface ProgressOptions {
    readonly write: (line: string) => void;
    readonly operation: string;
    /** @default 10000 */
    readonly intervalMs?: number;
    /** @default Date.now */
    readonly now?: () => number;
}

export class ProgressLines implements ProgressSink {
    private readonly stacks = new Map<string, StackProgress>();
    private readonly now: () => number;
    private readonly width: number;

    constructor(
        private readonly options: ProgressOptions,
        stackNames: readonly string[] = [],
    ) {
        this.now = options.now ?? Date.now;
        this.width = Math.max(0, ...stackNames.map((s) => s.length));
    }

    started(step: SequenceStep, knownResources: number | undefined): void {
        const t = this.now();
        this.stacks.set(step.target.stack, { begin: t, known: knownResources, seen: new Set(), done: new Set(), failed: 0, lastLine: t });
        const size = knownResources === undefined ? "" : `, ${knownResources} resources in its state`;
        this.write(step, `${this.options.operation} started (${step.target.path}${size})`);
    }

    event(step: SequenceStep, event: EngineEvent): void {
        const p = this.stacks.get(step.target.stack);
        if (!p) return;
        const pre = event.resourcePreEvent?.metadata.urn;
        const out = event.resOutputsEvent?.metadata.urn;
        const failed = event.resOpFailedEvent?.metadata.urn;
        if (pre) p.seen.add(pre);
        if (out) p.done.add(out);
        if (failed) {
            p.done.add(failed);
            p.failed++;
        }
        if ((pre || out || failed) && this.now() - p.lastLine >= (this.options.intervalMs ?? 10_000)) {
            p.lastLine = this.now();
            this.write(step, this.counts(p));
        }
    }

    finished(step: SequenceStep, outcome: StepOutcome): void {
        const p = this.stacks.get(step.target.stack);
        const counts = p ? `${this.counts(p)}; ` : "";
        if (outcome.status === "succeeded") this.write(step, `succeeded: ${counts}${formatChanges(outcome.changes)}`);
        else if (outcome.status === "failed") this.write(step, `FAILED: ${counts}${firstLine(outcome.error)}`);
    }

    /** `37/120 resources, 1m05s`: the total is the larger of the state's size and the resources seen so far. */
    private counts(p: StackProgress): string {
        const total = Math.max(p.known ?? 0, p.seen.size, p.done.size);
        const failed = p.failed > 0 ? `, ${p.failed} failed` : "";
        return `${p.done.size}/${total} resources${failed}, ${formatSeconds(Math.round((this.now() - p.begin) / 1000))}`;
    }

    private write(step: SequenceStep, text: string): void {
        this.options.write(`[${step.target.stack.padEnd(this.width)}] ${text}`);
    }
}

/**
 * The line of an error that says what failed. The Automation API's errors hold the whole
 * command result (`code:`, `stdout:`, `stderr:`); Pulumi writes its diagnostics as `error: ...`.
 */
export function firstLine(error: string): string {
    const lines = messageOf(error)
        .split(/\r?\n/)
        .map((l) => l.trim().replace(/^(stdout|stderr|err\?):\s*/, ""))
        .filter((l) => l.length > 0 && !/^code: -?\d+$/.test(l));
    const meaningful = lines.find((l) => /^error:/i.test(l)) ?? lines.find((l) => /error/i.test(l)) ?? lines[0] ?? "failed";
    return meaningful.length > 200 ? `${meaningful.slice(0, 197)}...` : meaningful;
}
