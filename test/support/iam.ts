import { createValidatedPolicy, validateResourcePolicy } from "@cloud-copilot/iam-policy";
import { runSimulation, runUnsafeSimulation } from "@cloud-copilot/iam-simulate";

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

/**
 * IAM sets `aws:CurrentTime` on every request; the simulator does not. Requests are made at
 * the sample's plan instant unless a test gives another, so grants that end on a date
 * (`DateLessThan aws:CurrentTime`) are judged at a fixed, known time.
 */
export const REQUEST_TIME = "2026-11-22T00:00:00Z";

export async function decide(request: IamRequest): Promise<Decision> {
    const response: any = await runSimulation(
        {
            identityPolicies: (request.identityPolicies ?? []).map((policy, i) => ({ name: `identity-${i}`, policy: withContextSurrogates(policy) })),
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            resourcePolicy: request.resourcePolicy === undefined ? undefined : withContextSurrogates(request.resourcePolicy),
            ...(request.endpointPolicies ? { vpcEndpointPolicies: request.endpointPolicies.map((policy, i) => ({ name: `endpoint-${i}`, policy })) } : {}),
            request: {
                action: request.action,
                principal: request.principal,
                resource: { accountId: request.resourceAccount, resource: request.resource },
                // IAM sets aws:PrincipalArn on every request by an IAM principal; the simulator does not.
                contextVariables: withContextSurrogates({
                    ...(request.principal.startsWith("arn:") ? { "aws:PrincipalArn": request.principal } : {}),
                    "aws:CurrentTime": REQUEST_TIME,
                    ...(request.context ?? {}),
                }),
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

/**
 * The simulator matches variable condition keys only in the `prefix/name` form
 * (`aws:PrincipalTag/x`) and ignores KMS's `kms:EncryptionContext:<name>`. Each such key is
 * renamed, in the policies and in the request alike, to a `prefix/name` key the simulator
 * evaluates: same single-valued string, same operators, so the decision is IAM's.
 */
function withContextSurrogates<T>(value: T): T {
    const json = JSON.stringify(value).replace(/"kms:EncryptionContext:([^"]+)"/gi, (_, name: string) =>
        JSON.stringify(`aws:PrincipalTag/kms-encryption-context/${name}`),
    );
    return JSON.parse(json);
}

/** An identity policy allowing exactly these actions on these resources. */
export function allow(actions: string[], resources: string[]): any {
    return { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: actions, Resource: resources }] };
}

/**
 * The bucket-policy layer of a request made through an S3 access point: S3 evaluates the
 * bucket's policy on the bucket's ARN with the `s3:DataAccessPoint*` keys of the access
 * point used. The simulator lists those keys for access point ARNs only and would drop
 * them here, so this runs without its key check, with exactly the given keys; the identity
 * side (checked on the access point's ARN, where AWS checks it) is stood in for by allow-all.
 */
export function bucketLayer(request: {
    principal: string;
    action: string;
    resource: string;
    resourceAccount: string;
    bucketPolicy: unknown;
    context: Record<string, string>;
}): Decision {
    const validated = createValidatedPolicy(request.bucketPolicy, validateResourcePolicy, { name: "bucket-policy" });
    if (validated.errors.length > 0) throw new Error(`invalid bucket policy: ${JSON.stringify(validated.errors)}`);
    return runUnsafeSimulation(
        {
            identityPolicies: [{ name: "allow-all", policy: allow(["s3:*"], ["*"]) }],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            resourcePolicy: validated,
            request: {
                action: request.action,
                principal: request.principal,
                resource: { accountId: request.resourceAccount, resource: request.resource },
                contextVariables: { "aws:PrincipalArn": request.principal, "aws:CurrentTime": REQUEST_TIME, ...request.context },
            },
        } as any,
        {},
    ) as Decision;
}
