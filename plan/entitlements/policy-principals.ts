import { CrossAccountGrant } from "../cross-account";
import { accountOfArn, asList } from "./context";

/** One principal a cross-account statement reaches, with the conditions left once it is named. */
export interface ReachedPrincipal {
    readonly principal: string;
    readonly principalAccount: string;
    readonly conditions?: Record<string, unknown>;
}

const PRINCIPAL_ARN = "aws:principalarn";

/**
 * The principals a cross-account policy statement actually reaches. Key and bucket policies
 * name accounts (`arn:aws:iam::123456789012:root`) and narrow them with
 * `ArnEquals aws:PrincipalArn` to roles that may not exist yet; one statement can so serve
 * several consumers' roles. Each listed role of the statement's principal account is
 * reached on its own, and roles of other accounts are not reached through this account
 * (another account's principal of the same statement gets its own). The narrowing then
 * lives in the principal, and the statement's other conditions (via service, prefix, ...)
 * stay. A statement without that narrowing reaches its principal as written.
 * @param ownAccountId the account of the policy's resource: its own roles are not cross-account
 */
export function reachedPrincipals(grant: CrossAccountGrant, ownAccountId: string): ReachedPrincipal[] {
    const arnEquals = grant.conditions?.ArnEquals as Record<string, unknown> | undefined;
    const key = arnEquals && Object.keys(arnEquals).find((k) => k.toLowerCase() === PRINCIPAL_ARN);
    if (!arnEquals || key === undefined) {
        return [{ principal: grant.principal, principalAccount: grant.principalAccount, conditions: grant.conditions }];
    }
    const { [key]: listed, ...otherArns } = arnEquals;
    const { ArnEquals: _narrowing, ...otherConditions } = grant.conditions!;
    const rest = { ...otherConditions, ...(Object.keys(otherArns).length > 0 ? { ArnEquals: otherArns } : {}) };
    const conditions = Object.keys(rest).length > 0 ? rest : undefined;
    return [...new Set(asList(listed))]
        .filter((role) => {
            const account = accountOfArn(role);
            if (account === undefined || account === ownAccountId) return false;
            if (grant.principal === "*") return true;
            return isAccount(grant.principal) ? account === grant.principalAccount : role === grant.principal;
        })
        .map((role) => ({ principal: role, principalAccount: accountOfArn(role)!, conditions }));
}

/** A principal that stands for a whole account: its id or its root. */
const isAccount = (principal: string) => /^\d{12}$/.test(principal) || /^arn:[^:]+:iam::\d{12}:root$/.test(principal);
