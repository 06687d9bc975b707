import { PreflightRule, RuleViolation } from "../rule";
import { resourceLabel } from "../world";
import { PERMISSIONS, accountOfPrincipal, catalogOfGrant, grantResource } from "./lake-formation-grants";

/**
 * Lake Formation sharing is not transitive: an account may grant principals of its own
 * account what another account shared with it, but only the catalog's owner may grant
 * another account (or its principals, or an organization). A re-share is refused at
 * `pulumi up` (pattern 2 used to re-grant the producer's tables from governance).
 */
export const lfGrantByOwner: PreflightRule = {
    id: "lf-grant-by-owner",
    summary:
        "Only the account that owns a Data Catalog resource may grant it to another account or its principals; a resource shared with an account can be granted on only to that account's own principals.",
    fix: "Grant from the stack of the catalog's owner (governance owns pattern 2's catalog), or declare the resource in the granting account's own catalog.",
    source: {
        title: "Lake Formation Developer Guide: Granting permissions on a database or table shared with your account",
        url: "https://docs.aws.amazon.com/lake-formation/latest/dg/regranting-shared-resources.html",
    },
    check(world) {
        const violations: RuleViolation[] = [];
        for (const { stack, resource } of world.placements()) {
            if (resource.type !== PERMISSIONS) continue;
            const principal = String(resource.inputs.principal ?? "");
            const principalAccount = accountOfPrincipal(principal);
            if (principalAccount === undefined || principalAccount === stack.accountId) continue;
            const catalog = catalogOfGrant(resource.inputs, stack.accountId);
            if (catalog === stack.accountId) continue;
            const whose =
                principalAccount === principal
                    ? `account ${principal}`
                    : `${principal} (${principalAccount === "other" ? "an organization" : `account ${principalAccount}`})`;
            violations.push({
                stack: stack.stack,
                resource: resourceLabel(resource),
                message: `grants ${whose} ${(resource.inputs.permissions ?? []).join(", ")} on ${grantResource(resource.inputs)} of account ${catalog}'s catalog, which account ${stack.accountId} does not own: only the owner may share it with another account`,
            });
        }
        return violations;
    },
};
