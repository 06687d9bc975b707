import type { EngineEvent, OpMap } from "@pulumi/pulumi/automation";
import { CredentialSource } from "../../ops/deploy/credentials";
import { Operation } from "../../ops/deploy/operation";
import { DeployWorkspace, OperationResult, StackOutput, StackTarget } from "../../ops/deploy/workspace";

/** One call the orchestration made to Pulumi, as the fake saw it. */
export interface RecordedCall {
    readonly method: "run" | "outputs" | "resourceCount";
    readonly stack: string;
    readonly path: string;
    readonly operation?: Operation;
    readonly credentials: CredentialSource;
}

export interface FakeWorkspaceOptions {
    /** Stacks whose run fails, with the Automation API's kind of message. */
    readonly failing?: readonly string[];
    /** Milliseconds a stack's run takes. @default 5 */
    readonly durationMs?: (stack: string) => number;
    /** Stack outputs by stack name, for `outputs`. */
    readonly outputs?: Readonly<Record<string, Record<string, StackOutput>>>;
    /** Resources each stack registers, as engine events. @default 3 */
    readonly resources?: number;
    readonly changes?: OpMap;
}

/**
 * A workspace that records every call and runs nothing: the orchestration's tests stand in
 * for the Pulumi CLI with it. It keeps the order runs started and ended in, how many ran at
 * once, and fails the stacks it is told to.
 */
export class RecordingWorkspace implements DeployWorkspace {
    readonly calls: RecordedCall[] = [];
    /** `start:<stack>` and `end:<stack>`, in the order they happened. */
    readonly timeline: string[] = [];
    maxConcurrent = 0;
    private running = 0;

    constructor(private readonly options: FakeWorkspaceOptions = {}) {}

    async run(target: StackTarget, operation: Operation, onEvent: (event: EngineEvent) => void): Promise<OperationResult> {
        this.record("run", target, operation);
        this.running++;
        this.maxConcurrent = Math.max(this.maxConcurrent, this.running);
        this.timeline.push(`start:${target.stack}`);
        try {
            const count = this.options.resources ?? 3;
            let sequence = 0;
            for (let i = 0; i < count; i++) {
                const metadata = {
                    op: "create" as const,
                    urn: `urn:pulumi:${target.stack}::datasharing::aws:s3/bucket:Bucket::b${i}`,
                    type: "aws:s3/bucket:Bucket",
                    provider: "",
                };
                onEvent({ sequence: sequence++, timestamp: 0, resourcePreEvent: { metadata } });
                await sleep((this.options.durationMs?.(target.stack) ?? 5) / count);
                onEvent({ sequence: sequence++, timestamp: 0, resOutputsEvent: { metadata } });
            }
            if (this.options.failing?.includes(target.stack)) {
                throw new Error(`code: 255\n stdout: Updating (${target.path})\n\n  error: update failed in ${target.stack}\n stderr: \n err?: `);
            }
            return { changes: this.options.changes ?? { create: count, same: 1 } };
        } finally {
            this.running--;
            this.timeline.push(`end:${target.stack}`);
        }
    }

    async outputs(target: StackTarget): Promise<Record<string, StackOutput>> {
        this.record("outputs", target);
        const outputs = this.options.outputs?.[target.stack];
        if (!outputs) throw new Error(`code: 255\n stderr: error: no stack named '${target.path}' found`);
        return outputs;
    }

    async resourceCount(target: StackTarget): Promise<number | undefined> {
        this.record("resourceCount", target);
        return 10;
    }

    /** Stacks in the order their runs started. */
    get started(): string[] {
        return this.timeline.filter((t) => t.startsWith("start:")).map((t) => t.slice("start:".length));
    }

    private record(method: RecordedCall["method"], target: StackTarget, operation?: Operation): void {
        this.calls.push({ method, stack: target.stack, path: target.path, operation, credentials: target.credentials });
    }
}

function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
}
