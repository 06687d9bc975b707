import { crossAccountGrants } from "../cross-account";
import { StackEvaluation } from "../evaluation";
import { EntitlementContext } from "./context";
import { Entitlement } from "./model";
import { reachedPrincipals } from "./policy-principals";

const KEY = "aws:kms/key:Key";

/**
 * Cross-account statements of key policies: not a path of their own, but what lets a role
 * of another account decrypt what a path hands it (or encrypt replicas), so a reviewer
 * sees who may use which key, narrowed to which role and service. A statement naming
 * several consumers' accounts and roles (the access point consumers' decrypt grant) gives
 * one row per role, each with its own consumer's end date.
 */
export function kmsEntitlements(stack: StackEvaluation, context: EntitlementContext): Entitlement[] {
    const own = stack.account.accountId;
    const keys = stack.resources.filter((r) => r.type === KEY);
    return crossAccountGrants(keys, own).flatMap((g) =>
        reachedPrincipals(g, own).map((p): Entitlement => ({
            ...context.who(context.consumerOfAccount(p.principalAccount), p.principalAccount),
            principal: p.principal,
            principalAccount: p.principalAccount,
            grantorAccount: own,
            path: "kms key policy",
            resource: `${g.resource} [${g.statement}]`,
            actions: g.actions,
            conditions: p.conditions ? JSON.stringify(p.conditions) : undefined,
            basis: "registered",
        })),
    );
}
