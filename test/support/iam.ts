import { runSimulation } from "@cloud-copilot/iam-simulate";

/**
 * Evaluates a request against real IAM semantics with @cloud-copilot/iam-simulate, so
 * tests assert who may do what, not what a document looks like. A simulation that reports
 * context keys it ignored fails: an ignored condition would make the answer meaningless.
 */

export type Decision = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";

export interface IamRequest {
    principal: string;
    action: string;
    resource: string;
    /** Account owning the resource. */
    resourceAccount: string;
    identityPolicies?: any[];
    resourcePolicy?: any;
    /** VPC endpoint policies the request passes through, if it goes through an endpoint. */
    endpointPolicies?: any[];
    context?: Record<string, string | string[]>;
}

export async function decide(request: IamRequest): Promise<Decision> {
    const response: any = await runSimulation(
        {
            identityPolicies: (request.identityPolicies ?? []).map((policy, i) => ({ name: `identity-${i}`, policy })),
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            resourcePolicy: request.resourcePolicy,
            ...(request.endpointPolicies ? { vpcEndpointPolicies: request.endpointPolicies.map((policy, i) => ({ name: `endpoint-${i}`, policy })) } : {}),
            request: {
                action: request.action,
                principal: request.principal,
                resource: { accountId: request.resourceAccount, resource: request.resource },
                // IAM sets aws:PrincipalArn on every request by an IAM principal; the simulator does not.
                contextVariables: { ...(request.principal.startsWith("arn:") ? { "aws:PrincipalArn": request.principal } : {}), ...(request.context ?? {}) },
            },
        } as any,
        {},
    );
    if (response.resultType === "error") {
        throw new Error(`simulation rejected: ${JSON.stringify(response.errors)}`);
    }
    const ignored = response.result?.ignoredContextKeys ?? [];
    if (ignored.length > 0) {
        throw new Error(`simulation ignored context keys ${ignored.join(", ")}: the decision would not be trustworthy`);
    }
    return response.overallResult as Decision;
}

/** An identity policy allowing exactly these actions on these resources. */
export function allow(actions: string[], resources: string[]): any {
    return { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: actions, Resource: resources }] };
}
