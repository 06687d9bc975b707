import type { EngineEvent, OpMap } from "@pulumi/pulumi/automation";
import { Account } from "../../core/topology/model";
import { CredentialSource } from "./credentials";
import { Operation } from "./operation";

/**
 * The seam between the orchestration and Pulumi: the Automation API's local and remote
 * workspaces implement it in production, a recording fake in tests (there is no Pulumi CLI
 * to run there). Everything the orchestrator asks of Pulumi goes through these calls.
 */

/** One stack of the project, with the credentials of its account. */
export interface StackTarget {
    /** Stack name, as in `Pulumi.<stack>.yaml`. */
    readonly stack: string;
    /** `<org>/<project>/<stack>`, the name other stacks reference it by. */
    readonly path: string;
    readonly account: Account;
    /** Consumer name, for consumer stacks. */
    readonly consumer?: string;
    readonly credentials: CredentialSource;
}

/** What an operation changed, by kind of step (`create`, `update`, `same`, ...). */
export interface OperationResult {
    readonly changes: OpMap;
}

/** A stack output as the backend holds it. */
export interface StackOutput {
    readonly value: unknown;
    readonly secret: boolean;
}

export interface DeployWorkspace {
    /** Runs one operation on one stack, streaming the engine's events; rejects when it fails. */
    run(target: StackTarget, operation: Operation, onEvent: (event: EngineEvent) => void): Promise<OperationResult>;
    /** The outputs of the stack's last update. */
    outputs(target: StackTarget): Promise<Record<string, StackOutput>>;
    /** Resources in the stack's state before the run, when the backend says; sizes the progress line. */
    resourceCount?(target: StackTarget): Promise<number | undefined>;
}
