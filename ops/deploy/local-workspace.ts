import { EngineEvent, LocalWorkspace, OpMap, OutputMap } from "@pulumi/pulumi/automation";
import { credentialEnv } from "./credential-env";
import { Operation } from "./operation";
import { DeployWorkspace, OperationResult, StackOutput, StackTarget } from "./workspace";

/**
 * The seam over the Automation API's LocalWorkspace: this project's directory, the local
 * Pulumi CLI, one stack per target with its account's credentials as environment variables.
 * Thin on purpose; what to run when lives in run-sequence.ts.
 */

/** The part of an Automation API stack this adapter uses (local and remote stacks have it). */
export interface AutomationStack {
    preview(opts: { onEvent: (e: EngineEvent) => void }): Promise<{ changeSummary: OpMap }>;
    up(opts: { onEvent: (e: EngineEvent) => void }): Promise<{ summary: { resourceChanges?: OpMap } }>;
    refresh(opts: { onEvent: (e: EngineEvent) => void }): Promise<{ summary: { resourceChanges?: OpMap } }>;
    destroy(opts: { onEvent: (e: EngineEvent) => void }): Promise<{ summary: { resourceChanges?: OpMap } }>;
    outputs(): Promise<OutputMap>;
}

export interface LocalStack extends AutomationStack {
    readonly workspace: { listStacks(): Promise<{ name: string; resourceCount?: number }[]> };
}

/** `LocalWorkspace`'s static constructors, replaceable in tests. */
export interface LocalAutomation {
    createOrSelectStack(args: { stackName: string; workDir: string }, opts: { envVars: Record<string, string> }): Promise<LocalStack>;
    selectStack(args: { stackName: string; workDir: string }, opts: { envVars: Record<string, string> }): Promise<LocalStack>;
}

export class LocalDeployWorkspace implements DeployWorkspace {
    /** Selecting a stack rewrites the workspace's "current stack" file; concurrent selects corrupt it (pulumi/pulumi#8186). */
    private selecting: Promise<unknown> = Promise.resolve();

    constructor(
        private readonly workDir: string,
        private readonly automation: LocalAutomation = LocalWorkspace,
    ) {}

    async run(target: StackTarget, operation: Operation, onEvent: (event: EngineEvent) => void): Promise<OperationResult> {
        // Only an update may create the stack: a preview, refresh or destroy of a stack that does not exist is a mistake.
        const stack = await this.open(target, operation === "up");
        return runOperation(stack, operation, onEvent);
    }

    async outputs(target: StackTarget): Promise<Record<string, StackOutput>> {
        return outputsOf(await this.open(target, false));
    }

    async resourceCount(target: StackTarget): Promise<number | undefined> {
        const stack = await this.open(target, false).catch(() => undefined);
        const listed = await stack?.workspace.listStacks();
        const short = (name: string) => name.split("/").pop();
        return listed?.find((s) => s.name === target.path || short(s.name) === target.stack)?.resourceCount;
    }

    private open(target: StackTarget, create: boolean): Promise<LocalStack> {
        const opened = this.selecting.then(async () => {
            const envVars = await credentialEnv(target.credentials, { sessionName: `datasharing-deploy-${target.stack}`, region: target.account.region });
            const args = { stackName: target.path, workDir: this.workDir };
            return (create ? this.automation.createOrSelectStack(args, { envVars }) : this.automation.selectStack(args, { envVars })).catch((err) => {
                throw withCliHint(err);
            });
        });
        this.selecting = opened.catch(() => undefined);
        return opened;
    }
}

/** One operation on an opened stack, with what it changed. */
export async function runOperation(stack: AutomationStack, operation: Operation, onEvent: (event: EngineEvent) => void): Promise<OperationResult> {
    switch (operation) {
        case "preview":
            return { changes: (await stack.preview({ onEvent })).changeSummary };
        case "up":
            return { changes: (await stack.up({ onEvent })).summary.resourceChanges ?? {} };
        case "refresh":
            return { changes: (await stack.refresh({ onEvent })).summary.resourceChanges ?? {} };
        case "destroy":
            return { changes: (await stack.destroy({ onEvent })).summary.resourceChanges ?? {} };
    }
}

export async function outputsOf(stack: AutomationStack): Promise<Record<string, StackOutput>> {
    const all = await stack.outputs();
    return Object.fromEntries(Object.entries(all).map(([k, v]) => [k, { value: v.value, secret: v.secret }]));
}

/** The Automation API drives the `pulumi` command; without it its error is `code: -2 ... ENOENT`. */
export function withCliHint(err: unknown): unknown {
    const missing = (err as { commandResult?: { err?: { code?: unknown } } })?.commandResult?.err?.code === "ENOENT";
    return missing
        ? new Error(
              "the Pulumi CLI is not installed or not on PATH: install it (https://www.pulumi.com/docs/iac/download-install/) and log in to the stacks' backend",
          )
        : err;
}
