import { AccessExpiry } from "../components/access-expiry";
import { ContractRole, ExportsOf } from "../core/contract/exports";
import { KeyGrant } from "../core/policy/key-policy";
import { AccountScope } from "../core/stack/scope";
import { PATTERNS } from "../patterns";
import { AccountBase, BucketAccess, BuiltPart, RolePart, UntimedGrants } from "../patterns/program";
import { accessExpiry } from "./access-expiry";

/**
 * How a role's program runs its patterns (patterns/index.ts, in the order registered): what
 * they need in the policies of the shared resources, then their resources, then the access
 * expiry of what they grant, then what that expiry administers.
 */

/** The registered patterns' parts in a role's program. */
export function partsOf<R extends ContractRole>(role: R): RolePart<R>[] {
    return PATTERNS.parts.flatMap((p) => {
        const part = p.program?.[role] as RolePart<R> | undefined;
        return part ? [part] : [];
    });
}

/** Everything the parts need on one bucket and its key, in the order they are registered. */
export function accessOf(
    scope: AccountScope,
    parts: readonly RolePart[],
    which: "lakeAccess" | "publishedAccess",
): { bucketStatements: NonNullable<BucketAccess["bucketStatements"]>[number][]; keyGrants: KeyGrant[] } {
    const access = parts.map((p) => p[which]?.(scope) ?? {});
    return { bucketStatements: access.flatMap((a) => a.bucketStatements ?? []), keyGrants: access.flatMap((a) => a.keyGrants ?? []) };
}

/**
 * Builds every part on the account's shared resources, then the account's access expiry
 * over what they grant, then what the expiry administers.
 * @returns the parts' contract fields and their operator outputs, each in the order the parts are registered
 */
export function buildParts<R extends ContractRole>(
    scope: AccountScope,
    base: AccountBase,
    parts: readonly RolePart<R>[],
    more: readonly BuiltPart[] = [],
): { exports: Partial<ExportsOf<R>>; outputs: Record<string, unknown>; expiry?: AccessExpiry } {
    const built = parts.map((p) => p.build?.(scope, base) ?? {});
    const expiry: AccessExpiry | undefined = accessExpiry(scope, untimedOf([...built, ...more]));
    for (const b of built) b.afterExpiry?.(expiry);
    return { exports: Object.assign({}, ...built.map((b) => b.exports ?? {})), outputs: Object.assign({}, ...built.map((b) => b.outputs ?? {})), expiry };
}

/** The untimed grants of every part, together. */
function untimedOf(built: readonly BuiltPart[]): UntimedGrants {
    const datashares: Record<string, NonNullable<UntimedGrants["datashares"]>[string][number][]> = {};
    for (const [consumer, arns] of built.flatMap((b) => Object.entries(b.untimed?.datashares ?? {}))) {
        datashares[consumer] = [...(datashares[consumer] ?? []), ...arns];
    }
    return { lakeFormation: built.flatMap((b) => b.untimed?.lakeFormation ?? []), datashares };
}
