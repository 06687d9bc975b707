import { CapturedResource } from "./mock-aws";
import { Statement, awsPrincipals, policyStatements, toList } from "./policy-statements";

/**
 * Finds what a stack opens to other accounts, by reading what it actually registers:
 * every Allow statement of every resource policy, key policy and trust policy whose
 * principal lies outside the stack's own account. Reading the registered inputs, not the
 * program's intent, is what lets a reviewer trust the list.
 */

export interface CrossAccountGrant {
    /** Resource carrying the grant, e.g. `aws:kms/key:Key published`. */
    readonly resource: string;
    readonly statement: string;
    /** Principal outside the stack's account (ARN, account root or `*` with conditions). */
    readonly principal: string;
    readonly principalAccount: string;
    readonly actions: readonly string[];
    readonly conditions?: Record<string, unknown>;
}

/**
 * The grants, sorted by resource, statement and principal: resources register in an order that
 * depends on when their inputs resolve, and the list must not.
 */
export function crossAccountGrants(resources: readonly CapturedResource[], ownAccountId: string): CrossAccountGrant[] {
    return resources
        .flatMap((r) => {
            if (r.type === LAKE_FORMATION_PERMISSIONS) return lakeFormationGrant(r, ownAccountId);
            if (r.type in REDSHIFT_GRANTS) return redshiftGrant(r, ownAccountId);
            return policyStatements(r).flatMap((s, i) => grantsOf(r, s, i, ownAccountId));
        })
        .sort((a, b) => compare(a.resource, b.resource) || compare(a.statement, b.statement) || compare(a.principal, b.principal));
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const LAKE_FORMATION_PERMISSIONS = "aws:lakeformation/permissions:Permissions";

/** Redshift's account-level consents: which input names the account, what it opens, and to what. */
const REDSHIFT_GRANTS: Record<string, { account: string; action: string; describe: (i: Record<string, any>) => string }> = {
    "aws:redshift/dataShareAuthorization:DataShareAuthorization": {
        account: "consumerIdentifier",
        action: "associate the datashare (then CREATE DATABASE FROM DATASHARE, read-only)",
        describe: (i) => `redshift datashare ${String(i.dataShareArn).split(":datashare:").pop()}`,
    },
    "aws:redshift/endpointAuthorization:EndpointAuthorization": {
        account: "account",
        action: "create a Redshift-managed VPC endpoint to the cluster",
        describe: (i) => `redshift cluster ${i.clusterIdentifier}`,
    },
};

function redshiftGrant(r: CapturedResource, own: string): CrossAccountGrant[] {
    const rule = REDSHIFT_GRANTS[r.type];
    const account = String(r.inputs[rule.account]);
    if (account === own) return [];
    return [{ resource: rule.describe(r.inputs), statement: r.name, principal: account, principalAccount: account, actions: [rule.action] }];
}

/** A Lake Formation grant to another account or to a principal of another account. */
function lakeFormationGrant(r: CapturedResource, own: string): CrossAccountGrant[] {
    const principal = String(r.inputs.principal);
    const account = accountOf(principal);
    if (account === own || !/^\d{12}$/.test(account)) return [];
    const grantable = new Set<string>(r.inputs.permissionsWithGrantOptions ?? []);
    return [
        {
            resource: `lakeformation ${describeLakeTarget(r.inputs)}`,
            statement: r.name,
            principal,
            principalAccount: account,
            actions: (r.inputs.permissions as string[]).map((p) => (grantable.has(p) ? `${p} (grantable)` : p)),
        },
    ];
}

function describeLakeTarget(i: Record<string, any>): string {
    const owner = (id?: string) => (id ? `${id}:` : "");
    if (i.lfTagPolicy)
        return `${owner(i.lfTagPolicy.catalogId)}${i.lfTagPolicy.resourceType} where ${i.lfTagPolicy.expressions.map((e: { key: string; values: string[] }) => `${e.key} in (${e.values.join(", ")})`).join(" and ")}`;
    if (i.lfTag) return `${owner(i.lfTag.catalogId)}LF-tag ${i.lfTag.key}`;
    if (i.database) return `${owner(i.database.catalogId)}database ${i.database.name}`;
    if (i.dataCellsFilter)
        return `${i.dataCellsFilter.tableCatalogId}:${i.dataCellsFilter.databaseName}.${i.dataCellsFilter.tableName} through filter ${i.dataCellsFilter.name}`;
    const t = i.table ?? i.tableWithColumns;
    if (t)
        return `${owner(t.catalogId)}table ${t.databaseName}.${t.name ?? "*"}${i.tableWithColumns?.excludedColumnNames ? ` without ${i.tableWithColumns.excludedColumnNames.join(", ")}` : ""}`;
    if (i.dataLocation) return `location ${i.dataLocation.arn}`;
    return "catalog";
}

function grantsOf(r: CapturedResource, s: Statement, index: number, own: string): CrossAccountGrant[] {
    if (s.Effect !== "Allow") return [];
    return awsPrincipals(s.Principal)
        .map((principal) => ({ principal, principalAccount: accountOf(principal) }))
        .filter((p) => p.principalAccount !== own)
        .map((p) => ({
            resource: `${r.type} ${r.name}`,
            statement: s.Sid ?? `#${index}`,
            principal: p.principal,
            principalAccount: p.principalAccount,
            actions: toList(s.Action),
            conditions: s.Condition,
        }));
}

/** Account of an ARN or a bare account id; `*` for anyone. */
function accountOf(principal: string): string {
    if (/^\d{12}$/.test(principal)) return principal;
    return principal.split(":")[4] ?? "*";
}
