import { CapturedResource } from "../../mock-aws";
import { PreflightRule, RuleViolation } from "../rule";
import { PreflightWorld, resourceLabel } from "../world";
import { LF_TAG, PERMISSIONS, catalogOfGrant, expressionText } from "./lake-formation-grants";

type Condition = { key: string; values: string[] };

/**
 * A grant by LF-tag expression needs the grantor to hold the tags it uses. In the account
 * that owns the tags, they must exist (an LfTag with every value the expression names). An
 * account granting by the expression of another account's catalog (a consumer's admin
 * passing on what it received) must hold, from the owner, DESCRIBE on every key and value
 * of the expression, or the identical expression with grant option on the permissions it
 * passes on (the two cascading rules). Towards another account, LF-tag permissions are
 * granted with grant option only ("Managing LF-Tag value permissions").
 */
export const lfTagGrantorHoldsTags: PreflightRule = {
    id: "lf-tag-grantor-holds-tags",
    summary:
        "A grant by LF-tag expression needs the grantor to hold its tags: the owner defines each key and value; another account holds DESCRIBE (granted with grant option) on each key and value from the owner, or the identical expression with grant option.",
    fix: "Have the owner define the LF-tag values and grant the consumer account DESCRIBE with grant option on each key and value the expression uses, in a stack deployed before the one that grants by expression.",
    source: {
        title: "Lake Formation Developer Guide: Permission cascading rules",
        url: "https://docs.aws.amazon.com/lake-formation/latest/dg/permission-cascading-rules.html",
    },
    check(world) {
        const violations: RuleViolation[] = [];
        for (const { stackIndex, stack, resource } of world.placements()) {
            if (resource.type !== PERMISSIONS || !resource.inputs.lfTagPolicy) continue;
            const expressions: Condition[] = resource.inputs.lfTagPolicy.expressions ?? [];
            const owner = catalogOfGrant(resource.inputs, stack.accountId);
            const problems =
                owner === stack.accountId
                    ? undefinedTags(stack.resources, expressions)
                    : unheldTags(world, stackIndex, stack.accountId, owner, expressions, resource.inputs.permissions ?? []);
            for (const p of problems)
                violations.push({ stack: stack.stack, resource: resourceLabel(resource), message: `grants by ${expressionText(expressions)}, but ${p}` });
        }
        return violations;
    },
};

/** Keys and values of the expression that the owner's stack does not define as LF-tags. */
function undefinedTags(resources: readonly CapturedResource[], expressions: readonly Condition[]): string[] {
    const defined = new Map<string, Set<string>>();
    for (const r of resources) if (r.type === LF_TAG) defined.set(r.inputs.key, new Set([...(defined.get(r.inputs.key) ?? []), ...(r.inputs.values ?? [])]));
    return expressions.flatMap((e) => e.values.filter((v) => !defined.get(e.key)?.has(v)).map((v) => `this account defines no LF-tag ${e.key}=${v}`));
}

/** Keys and values the grantor does not hold from the owner, through a stack deployed before it (or earlier in its own). */
function unheldTags(
    world: PreflightWorld,
    stackIndex: number,
    grantor: string,
    owner: string,
    expressions: readonly Condition[],
    permissions: readonly string[],
): string[] {
    const fromOwner = world.stacks
        .slice(0, stackIndex + 1)
        .filter((s) => s.accountId === owner)
        .flatMap((s) =>
            s.resources.filter((r) => r.type === PERMISSIONS && String(r.inputs.principal) === grantor && catalogOfGrant(r.inputs, owner) === owner),
        );
    const withGrant = (r: CapturedResource, p: string) => (r.inputs.permissionsWithGrantOptions ?? []).includes(p);
    // Rule 1: the identical expression, with grant option on every permission passed on.
    const same = (r: CapturedResource) =>
        r.inputs.lfTagPolicy && expressionText(r.inputs.lfTagPolicy.expressions) === expressionText(expressions as Condition[]);
    if (fromOwner.some((r) => same(r) && permissions.every((p) => withGrant(r, p)))) return [];
    // Rule 2: DESCRIBE on every key and value, granted (with grant option, as towards any other account).
    const holds = (key: string, value: string) =>
        fromOwner.some((r) => r.inputs.lfTag?.key === key && (r.inputs.lfTag.values ?? []).includes(value) && withGrant(r, "DESCRIBE"));
    return expressions.flatMap((e) =>
        e.values
            .filter((v) => !holds(e.key, v))
            .map((v) => `account ${grantor} holds no DESCRIBE with grant option on LF-tag ${e.key}=${v} from account ${owner}, which owns it`),
    );
}
