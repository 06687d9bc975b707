import { EngineEvent, RemoteWorkspace } from "@pulumi/pulumi/automation";
import { credentialEnv } from "./credential-env";
import { CredentialSource } from "./credentials";
import { AutomationStack, outputsOf, runOperation } from "./local-workspace";
import { Operation } from "./operation";
import { DeployWorkspace, OperationResult, StackOutput, StackTarget } from "./workspace";

/**
 * The same seam over Pulumi Deployments (`RemoteWorkspace`): each operation runs on
 * Pulumi's runners from the project's Git repository, not on this machine. Credentials
 * travel as secret environment variables of the deployment, or come from the stack's own
 * deployment settings (OIDC), which every run inherits.
 */

/** Where Pulumi Deployments fetches the program: the repository, the branch and the project's folder in it. */
export interface GitSource {
    readonly url: string;
    readonly branch: string;
    /** Folder of Pulumi.yaml relative to the repository root; empty at the root. */
    readonly projectPath: string;
}

type RemoteEnv = Record<string, string | { secret: string }>;

/** `RemoteWorkspace`'s constructor, replaceable in tests. */
export interface RemoteAutomation {
    createOrSelectStack(
        args: { stackName: string; url: string; branch: string; projectPath?: string },
        opts: { envVars: RemoteEnv; inheritSettings: boolean },
    ): Promise<AutomationStack>;
}

/**
 * Why a credential source cannot serve a remote run, or undefined when it can. A profile
 * lives in this machine's AWS config, which Pulumi's runners do not have.
 */
export function remoteCredentialProblem(stack: string, source: CredentialSource): string | undefined {
    return source.kind === "profile"
        ? `${stack}: profile ${source.profile} exists only on this machine, so a run on Pulumi Deployments cannot use it: give the stack a roleArn, or leave its entry empty and configure OIDC in the stack's deployment settings`
        : undefined;
}

export class RemoteDeployWorkspace implements DeployWorkspace {
    constructor(
        private readonly source: GitSource,
        private readonly automation: RemoteAutomation = RemoteWorkspace,
    ) {}

    async run(target: StackTarget, operation: Operation, onEvent: (event: EngineEvent) => void): Promise<OperationResult> {
        return runOperation(await this.open(target), operation, onEvent);
    }

    async outputs(target: StackTarget): Promise<Record<string, StackOutput>> {
        return outputsOf(await this.open(target));
    }

    private async open(target: StackTarget): Promise<AutomationStack> {
        const problem = remoteCredentialProblem(target.stack, target.credentials);
        if (problem) throw new Error(problem);
        const env = await credentialEnv(target.credentials, { sessionName: `datasharing-deploy-${target.stack}`, region: target.account.region });
        // Only non-empty values: the runner starts from a clean environment, and the keys are secrets.
        const envVars: RemoteEnv = Object.fromEntries(
            Object.entries(env)
                .filter(([, v]) => v !== "")
                .map(([k, v]) => [k, { secret: v }]),
        );
        const { url, branch, projectPath } = this.source;
        return this.automation.createOrSelectStack(
            { stackName: target.path, url, branch, projectPath: projectPath || undefined },
            { envVars, inheritSettings: true },
        );
    }
}
