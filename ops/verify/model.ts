import { AccessPath, Entitlement } from "../../plan/entitlements/model";

/**
 * What `npm run verify` reports: the entitlement rows read from the live accounts, each
 * compared with the plan's. A row is one principal's access through one path, by one
 * grantor, to one resource, under the same conditions (see row-key.ts); its actions and
 * columns are those the verdict applies to.
 */

export type Verdict =
    /** Declared by the plan and live. */
    | "ok"
    /** Live, not declared: a grant made by hand, a widened policy. */
    | "unexpected"
    /** Declared, not live: a grant not made or removed, a share left pending. */
    | "missing"
    /** Live for a consumer whose end date has passed: a `pulumi up` was skipped, or a revocation failed. */
    | "expired-but-live"
    /** Declared, but an account whose evidence it needs was not read (not held, unreachable, or its reader failed). */
    | "unverified";

export const VERDICTS: readonly Verdict[] = ["unexpected", "expired-but-live", "missing", "unverified", "ok"];

/** Verdicts that fail the run: access that should not be there. */
export const FAILING: readonly Verdict[] = ["unexpected", "expired-but-live"];

export interface VerifyRow extends Entitlement {
    readonly verdict: Verdict;
}

export type AccountStatus = "read" | "partial" | "unreachable" | "not held" | "not selected";

/** How one stack's account was read. */
export interface AccountReading {
    readonly stack: string;
    readonly accountId: string;
    readonly role: string;
    readonly consumer?: string;
    readonly status: AccountStatus;
    /** Why it could not be read, or which readers failed. */
    readonly errors: readonly string[];
    /** What the readers observed that the report should say (pending shares, views it cannot see). */
    readonly notes: readonly string[];
    /** Paths whose live state was read in this account. */
    readonly readPaths: readonly AccessPath[];
}

export interface VerifyReport {
    readonly project: string;
    readonly accessAsOf: string;
    readonly accounts: readonly AccountReading[];
    readonly rows: readonly VerifyRow[];
}

/** Rows per verdict. */
export function verdictCounts(rows: readonly Pick<VerifyRow, "verdict">[]): Record<Verdict, number> {
    const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
    for (const r of rows) counts[r.verdict]++;
    return counts;
}

/** Whether the run fails: any unexpected or expired-but-live access. */
export function fails(report: VerifyReport): boolean {
    return report.rows.some((r) => FAILING.includes(r.verdict));
}
