import { Entitlement } from "../../plan/entitlements/model";

/**
 * The identity of one unit of access, on which the plan and the live accounts are compared:
 *
 *   path | principal | granting account | resource | conditions | action | column
 *
 * - principal and path: who, and through what; a hand-made named grant beside a tag grant is
 *   its own access (it survives the tag's revocation), so the path is part of it;
 * - granting account (`grantedBy`, else the owner): a direct grant from the owner and the
 *   same access passed on by a consumer's admin are two accesses, revoked in two places;
 * - resource and conditions: what is reached, and what narrows it (network origin, via
 *   service, end time); a statement whose condition was loosened is another access;
 * - action and column, one each: a grant widened by one column or one action shows as that
 *   column or action alone, not as a whole new row.
 *
 * Not part of it: the consumer label, product, classification, end date and status, which
 * are derived from the topology the same way on both sides. The readers give live objects
 * the plan's identity where the two are the same thing under another id (live/context.ts),
 * so keys compare like with like.
 */

export interface AccessAtom {
    readonly key: string;
    /** The key without action and column: the row the atom is regrouped into. */
    readonly rowKey: string;
    readonly action: string;
    readonly column?: string;
    readonly row: Entitlement;
}

export function atomsOf(row: Entitlement): AccessAtom[] {
    const base = [row.path, row.principal, row.grantedBy ?? row.grantorAccount, row.resource, row.conditions ?? "", row.rowFilter ?? ""];
    const rowKey = JSON.stringify(base);
    const columns: (string | undefined)[] = row.columns && row.columns.length > 0 ? [...row.columns] : [undefined];
    return row.actions.flatMap((action) => columns.map((column) => ({ key: JSON.stringify([...base, action, column ?? ""]), rowKey, action, column, row })));
}
