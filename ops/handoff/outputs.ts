import { ReferencedRole, contractKeys } from "../../core/contract/exports";
import { PATTERNS } from "../../patterns";
import { TopologyEvaluation } from "../../plan/evaluation";
import { StackTarget, DeployWorkspace } from "../deploy/workspace";

/**
 * Where the literal references of a hand-off come from. `stacks`: the deployed stacks'
 * outputs, read through the Automation API with the operator's credentials; the values a
 * consumer can deploy with. `plan`: the offline plan's evaluation under mocks, whose ARNs
 * and ids are made up: enough to review and to rehearse, never to deploy with.
 */
export type OutputsSource = "stacks" | "plan";

export interface UpstreamOutputs {
    readonly source: OutputsSource;
    readonly byRole: ReadonlyMap<ReferencedRole, Record<string, unknown>>;
    /** Where a role's outputs were read, for messages and the bundle's notes. */
    readonly origin: (role: ReferencedRole) => string;
}

/** The outputs of the deployed stacks the consumer reads; a secret output refuses, since a bundle is plain text. */
export async function deployedOutputs(workspace: DeployWorkspace, targets: ReadonlyMap<ReferencedRole, StackTarget>): Promise<UpstreamOutputs> {
    const byRole = new Map<ReferencedRole, Record<string, unknown>>();
    for (const [role, target] of targets) {
        const outputs = await workspace.outputs(target);
        if (Object.keys(outputs).length === 0) {
            throw new Error(`stack ${target.path} has no outputs: deploy it first (npm run deploy -- up --stacks ${target.stack})`);
        }
        // Secret outputs outside the contract (the lake's initial passwords) never leave; one inside it cannot be written.
        const secret = Object.entries(outputs)
            .filter(([, o]) => o.secret)
            .map(([k]) => k);
        const needed = secret.filter((k) => (contractKeys(PATTERNS.contracts, role) as string[]).includes(k));
        if (needed.length > 0) {
            throw new Error(
                `output ${needed.join(", ")} of ${target.path} is a secret, and a hand-off bundle is plain text: export it as a plain value, or hand it over another way`,
            );
        }
        byRole.set(
            role,
            Object.fromEntries(
                Object.entries(outputs)
                    .filter(([k]) => !secret.includes(k))
                    .map(([k, o]) => [k, o.value]),
            ),
        );
    }
    const paths = new Map([...targets].map(([role, t]) => [role, t.path]));
    return { source: "stacks", byRole, origin: (role) => `stack ${paths.get(role)}` };
}

/** The outputs the plan's evaluation gave the stacks the consumer reads. */
export function planOutputs(evaluation: TopologyEvaluation, roles: readonly ReferencedRole[]): UpstreamOutputs {
    const byRole = new Map<ReferencedRole, Record<string, unknown>>();
    for (const role of roles) {
        const stack = evaluation.stacks.find((s) => s.account.role === role);
        if (stack?.outputs) byRole.set(role, stack.outputs);
    }
    return { source: "plan", byRole, origin: (role) => `the plan's evaluation of the ${role} stack` };
}
