import { TopologyEvaluation } from "../../plan/evaluation";
import { EntitlementContext } from "../../plan/entitlements/context";
import { AccessPath, Entitlement } from "../../plan/entitlements/model";
import { LakeAccess, indexCatalog, lakeFormationAccess } from "../../patterns/lake-formation/access";
import { stackAccounts } from "../../core/topology/model";

/**
 * Lake Formation grants to whole accounts that the entitlement report has no row for, because
 * it follows grants down to the principals that query: a grant to an account outside the
 * topology (made by hand: whatever that account's admin passes on is out of sight), or to a
 * consumer's account after its end date (the owner did not revoke it; the consumer's own
 * account, often not held, may still pass it on). Live only: the plan never declares either,
 * so they are unexpected, or expired but live.
 */

const PATHS: Record<NonNullable<LakeAccess["via"]>, AccessPath> = {
    named: "lake-formation (named)",
    tags: "lake-formation (LF-tags)",
    filter: "lake-formation (cells filter)",
};

export function accountGrantRows(evaluation: TopologyEvaluation, asOf: Date): Entitlement[] {
    const context = new EntitlementContext(evaluation.topology, asOf);
    const known = new Set(stackAccounts(evaluation.topology).map((a) => a.accountId));
    const all = lakeFormationAccess(evaluation.stacks.map((s) => ({ accountId: s.account.accountId, resources: s.resources })));
    const catalogs = new Map(evaluation.stacks.map((s) => [s.account.accountId, indexCatalog(s.resources)]));
    return all
        .filter((a) => /^\d{12}$/.test(a.principal) && a.table !== undefined && a.permission === "SELECT" && (a.catalog ?? a.grantor) !== a.principal)
        .flatMap((a): Entitlement[] => {
            const consumer = context.consumerOfAccount(a.principal);
            const who = context.who(consumer, a.principal);
            if (known.has(a.principal) && who.status !== "expired") return [];
            const catalog = a.catalog ?? a.grantor;
            const declared = catalogs.get(catalog)?.columns.get(`${a.database}.${a.table}`) ?? [];
            return [
                {
                    ...who,
                    consumer: consumer ? consumer.name : `account ${a.principal} (not in the topology)`,
                    principal: a.principal,
                    principalAccount: a.principal,
                    grantorAccount: catalog,
                    ...(a.grantor === catalog ? {} : { grantedBy: a.grantor }),
                    path: PATHS[a.via ?? "named"],
                    ...context.product(context.productOfTable(a.database, a.table)),
                    resource: `${catalog}:${a.database}.${a.table} (to the whole account${a.grantable ? ", with grant option" : ""})`,
                    actions: [a.permission],
                    columns: a.columns,
                    excludedColumns: declared.filter((c) => !(a.columns ?? []).includes(c)),
                    rowFilter: a.rowFilter,
                    basis: "registered",
                },
            ];
        });
}
