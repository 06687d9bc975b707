import { crossAccountGrants } from "../cross-account";
import { StackEvaluation } from "../evaluate";
import { EntitlementContext, asList } from "./context";
import { Entitlement } from "./model";

const KEY = "aws:kms/key:Key";

/**
 * Cross-account statements of key policies: not a path of their own, but what lets a role
 * of another account decrypt what a path hands it (or encrypt replicas), so a reviewer
 * sees who may use which key, narrowed to which role and service.
 */
export function kmsEntitlements(stack: StackEvaluation, context: EntitlementContext): Entitlement[] {
    const keys = stack.resources.filter((r) => r.type === KEY);
    return crossAccountGrants(keys, stack.account.accountId).map((g): Entitlement => {
        const roles = asList((g.conditions as { ArnEquals?: Record<string, unknown> } | undefined)?.ArnEquals?.["aws:PrincipalArn"]);
        return {
            ...context.who(context.consumerOfAccount(g.principalAccount), g.principalAccount),
            principal: roles.length > 0 ? roles.join(", ") : g.principal,
            principalAccount: g.principalAccount,
            grantorAccount: stack.account.accountId,
            path: "kms key policy",
            resource: `${g.resource} [${g.statement}]`,
            actions: g.actions,
            conditions: g.conditions ? JSON.stringify(g.conditions) : undefined,
            basis: "registered",
        };
    });
}
