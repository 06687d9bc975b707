import { crossAccountGrants } from "../cross-account";
import { StackEvaluation } from "../evaluation";
import { EntitlementContext, asList, jsonInput } from "./context";
import { Entitlement } from "./model";
import { reachedPrincipals } from "./policy-principals";

const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";

/** Condition key of the statement delegating to the owner's access points: the access point rows cover it. */
const DELEGATION_KEY = "s3:dataaccesspointaccount";

/**
 * Each Allow statement of each bucket policy whose principal lies in another account than
 * the bucket's (the plan's cross-account grants), one row per principal it reaches: e.g.
 * the producer's replication role writing into the external account's published bucket.
 * The statement delegating access control to the owner's access points names no one; the
 * access point policies it defers to are the rows of `s3 access point`.
 */
export function bucketPolicyEntitlements(stack: StackEvaluation, context: EntitlementContext): Entitlement[] {
    const own = stack.account.accountId;
    return stack.resources
        .filter((r) => r.type === BUCKET_POLICY)
        .flatMap((policy) => {
            const statements = asStatements(jsonInput(policy.inputs.policy)?.Statement);
            return crossAccountGrants([policy], own)
                .filter((g) => !delegatesToAccessPoints(g.conditions))
                .flatMap((g) => {
                    const statement = g.statement.startsWith("#") ? statements[Number(g.statement.slice(1))] : statements.find((s) => s.Sid === g.statement);
                    const arns = asList(statement?.Resource);
                    return reachedPrincipals(g, own).map((p): Entitlement => ({
                        ...(p.principal === "*"
                            ? { consumer: "anyone", status: "active" }
                            : context.who(context.consumerOfAccount(p.principalAccount), p.principalAccount)),
                        principal: p.principal,
                        principalAccount: p.principalAccount,
                        grantorAccount: own,
                        path: "s3 bucket policy",
                        ...context.product(productOf(arns, context)),
                        resource: `${arns.length > 0 ? arns.join(", ") : `bucket ${policy.inputs.bucket}`} [${g.statement}]`,
                        actions: g.actions,
                        conditions: p.conditions ? JSON.stringify(p.conditions) : undefined,
                        basis: "registered",
                    }));
                });
        });
}

interface Statement {
    readonly Sid?: string;
    readonly Resource?: unknown;
}

const asStatements = (s: unknown): Statement[] => (Array.isArray(s) ? s : s ? [s as Statement] : []);

function delegatesToAccessPoints(conditions: Record<string, unknown> | undefined): boolean {
    return Object.values(conditions ?? {}).some(
        (block) => typeof block === "object" && block !== null && Object.keys(block).some((k) => k.toLowerCase() === DELEGATION_KEY),
    );
}

/** The one product whose folder every object the statement names lies in, if any. */
function productOf(arns: readonly string[], context: EntitlementContext): string | undefined {
    const keys = arns.map((arn) => /^arn:[^:]+:s3:::[^/]+\/(.*)$/.exec(arn)?.[1]);
    if (keys.length === 0 || keys.some((k) => k === undefined)) return undefined;
    const products = new Set(keys.map((k) => context.productOfPrefix(k!)));
    const [only] = products;
    return products.size === 1 ? only : undefined;
}
