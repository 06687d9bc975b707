import { AccessPath, Entitlement } from "../../plan/entitlements/model";
import { AccessAtom, atomsOf } from "./row-key";
import { Verdict, VerifyRow } from "./model";

/**
 * Compares the plan's entitlement rows with the live ones, atom by atom (row-key.ts):
 * - a live atom of a consumer past its end date is `expired-but-live`, whatever the plan says;
 * - another live atom is `ok` when the plan declares it active, else `unexpected`;
 * - a declared, active atom not live is `missing`, or `unverified` when an account whose
 *   evidence it needs was not read for its path.
 * Atoms are grouped back into rows per verdict, so a grant widened by one column reads as
 * the declared row `ok` plus one `unexpected` row naming that column.
 */

/** Whether the live state of a path was read in an account. */
export type ReadScope = (accountId: string, path: AccessPath) => boolean;

export function compareEntitlements(plan: readonly Entitlement[], live: readonly Entitlement[], read: ReadScope): VerifyRow[] {
    const declared = new Map<string, AccessAtom>();
    for (const atom of plan.filter((r) => r.status === "active").flatMap(atomsOf)) declared.set(atom.key, atom);
    const seen = new Set<string>();
    const verdicts: { atom: AccessAtom; verdict: Verdict }[] = [];
    for (const atom of live.flatMap(atomsOf)) {
        if (seen.has(atom.key)) continue;
        seen.add(atom.key);
        const verdict: Verdict = atom.row.status === "expired" ? "expired-but-live" : declared.has(atom.key) ? "ok" : "unexpected";
        verdicts.push({ atom, verdict });
    }
    for (const atom of declared.values()) {
        if (seen.has(atom.key)) continue;
        verdicts.push({ atom, verdict: evidenceAccounts(atom.row).every((a) => read(a, atom.row.path)) ? "missing" : "unverified" });
    }
    return regroup(verdicts);
}

/**
 * Accounts whose live state shows a row: the granting owner, the account passing it on, and
 * for a datashare the consumer's account too (its association and database are two of the
 * four steps).
 */
export function evidenceAccounts(row: Entitlement): string[] {
    const accounts = [
        row.grantorAccount,
        ...(row.grantedBy ? [row.grantedBy] : []),
        ...(row.path === "redshift datashare" && row.principalAccount ? [row.principalAccount] : []),
    ];
    return [...new Set(accounts)];
}

function regroup(verdicts: readonly { atom: AccessAtom; verdict: Verdict }[]): VerifyRow[] {
    const groups = new Map<string, { row: Entitlement; verdict: Verdict; actions: string[]; columns: string[] }>();
    for (const { atom, verdict } of verdicts) {
        const key = `${verdict}|${atom.rowKey}`;
        const group = groups.get(key) ?? { row: atom.row, verdict, actions: [], columns: [] };
        if (!group.actions.includes(atom.action)) group.actions.push(atom.action);
        if (atom.column !== undefined && !group.columns.includes(atom.column)) group.columns.push(atom.column);
        groups.set(key, group);
    }
    return [...groups.values()].map(({ row, verdict, actions, columns }) => ({ ...row, actions, ...(row.columns ? { columns } : {}), verdict }));
}
