import { PatternId } from "../../core/topology/model";
import { TopologyEvaluation } from "../../plan/evaluation";
import { LakeAccess, indexCatalog, lakeFormationAccess, reachable } from "./access";
import { EntitlementContext, accountOfArn } from "../../plan/entitlements/context";
import { AccessPath, Entitlement } from "../../plan/entitlements/model";
import { PatternReport } from "../../plan/pattern-report";

/**
 * Patterns 2 and 3 and each account's own lake: what every IAM or QuickSight principal can
 * finally SELECT through Lake Formation, one row per grant. A grant the catalog's owner made
 * holds as it is; one a consumer's admin passes on counts only for the columns its account
 * holds with grant option from the owner, which is how Lake Formation itself decides. Only
 * owners share across accounts (governance's catalog for pattern 2, the external account's
 * for pattern 3), so every chain is owner -> consumer account -> principal. The row names the
 * granting account, so a direct grant and the same access passed on are told apart.
 */
export function lakeFormationEntitlements(evaluation: TopologyEvaluation, context: EntitlementContext): Entitlement[] {
    const { topology } = evaluation;
    const all = lakeFormationAccess(evaluation.stacks.map((s) => ({ accountId: s.account.accountId, resources: s.resources })));
    const catalogs = new Map(evaluation.stacks.map((s) => [s.account.accountId, indexCatalog(s.resources)]));
    const principals = [...new Set(all.filter((a) => IAM_PRINCIPAL.test(a.principal)).map((a) => a.principal))];
    return principals.flatMap((principal) => {
        const principalAccount = accountOfArn(principal) ?? "";
        return reachable(all, principal, holdersFor(principalAccount))
            .filter((a) => a.permission === "SELECT")
            .map((a): Entitlement => {
                const catalog = a.catalog ?? principalAccount;
                const declared = catalogs.get(catalog)?.columns.get(`${a.database}.${a.table}`) ?? [];
                return {
                    ...context.who(context.consumerOfAccount(principalAccount), principalAccount),
                    principal,
                    principalAccount,
                    grantorAccount: catalog,
                    ...(a.grantor === catalog ? {} : { grantedBy: a.grantor }),
                    path: PATHS[a.via ?? "named"],
                    pattern: patternOf(topology, catalog, principalAccount),
                    ...context.product(context.productOfTable(a.database, a.table)),
                    resource: `${catalog}:${a.database}.${a.table}`,
                    actions: [a.permission],
                    columns: a.columns,
                    excludedColumns: declared.filter((c) => !(a.columns ?? []).includes(c)),
                    rowFilter: a.rowFilter,
                    basis: "registered",
                };
            });
    });
}

/**
 * Roles, users and QuickSight users and groups: the ones that run queries (account grants
 * only pass access on). IAM ARNs have no region; QuickSight ARNs always have one.
 */
const IAM_PRINCIPAL = /^arn:aws[a-z-]*:(iam::|quicksight:[a-z0-9-]+:)\d{12}:/;

const PATHS: Record<NonNullable<LakeAccess["via"]>, AccessPath> = {
    named: "lake-formation (named)",
    tags: "lake-formation (LF-tags)",
    filter: "lake-formation (cells filter)",
};

/**
 * Accounts that must hold a grant with grant option for a principal of `principalAccount` to
 * use it: none when the catalog's owner granted it (its own principals, or another
 * account's directly); otherwise its own account, which the owner granted.
 */
export function holdersFor(principalAccount: string) {
    return (a: LakeAccess): string[] => (a.catalog === principalAccount || a.grantor === a.catalog ? [] : [principalAccount]);
}

function patternOf(topology: TopologyEvaluation["topology"], catalog: string, principalAccount: string): PatternId | undefined {
    if (catalog === principalAccount) return undefined;
    if (catalog === topology.external?.accountId) return "lake-formation-external";
    return catalog === topology.governance?.accountId ? "lake-formation-central" : undefined;
}

/** Patterns 2 and 3 in the entitlement report and the diagram. */
export const lakeFormationReport: PatternReport = {
    entitlements: lakeFormationEntitlements,
    paths: {
        "lake-formation (named)": "Lake Formation grants",
        "lake-formation (LF-tags)": "Lake Formation LF-tag grants",
        "lake-formation (cells filter)": "Lake Formation cells filters",
    },
    // Pattern 2: governance's catalog reads the producer's lake folders through its registered locations.
    edges: (evaluation) => {
        const { producer, governance } = evaluation.topology;
        const hub = evaluation.stacks.find((s) => s.account.role === "governance");
        return governance && hub?.resources.some((r) => r.type === "aws:lakeformation/resource:Resource")
            ? [{ from: producer.accountId, to: governance.accountId, label: "S3 read of the lake's shared folders (central catalog)" }]
            : [];
    },
};
