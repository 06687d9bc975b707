import { CapturedResource } from "../../mock-aws";

/**
 * What preflight rules read of a captured `aws.lakeformation.Permissions`: who receives it,
 * in which account, and on which catalog's resource.
 */

export const PERMISSIONS = "aws:lakeformation/permissions:Permissions";
export const LF_TAG = "aws:lakeformation/lfTag:LfTag";

const ACCOUNT_ID = /^\d{12}$/;
/** IAM users and roles (no region), QuickSight users and groups (a region). */
const PRINCIPAL_ARN = /^arn:aws[a-z-]*:(?:iam::|quicksight:[a-z0-9-]*:)(\d{12}):/;

/**
 * The account a Lake Formation principal belongs to: an account id itself, the account of
 * an IAM or QuickSight ARN, `other` for organizations and organizational units, undefined
 * for the account's own pseudo-principals (IAM_ALLOWED_PRINCIPALS).
 */
export function accountOfPrincipal(principal: string): string | undefined {
    if (ACCOUNT_ID.test(principal)) return principal;
    const arn = PRINCIPAL_ARN.exec(principal);
    if (arn) return arn[1];
    return principal.startsWith("arn:") && principal.includes(":organizations:") ? "other" : undefined;
}

/** The catalog a grant's resource is in: the one it names, or the granting account's own. */
export function catalogOfGrant(inputs: Record<string, any>, grantor: string): string {
    const named =
        inputs.dataCellsFilter?.tableCatalogId ??
        inputs.database?.catalogId ??
        inputs.table?.catalogId ??
        inputs.tableWithColumns?.catalogId ??
        inputs.dataLocation?.catalogId ??
        inputs.lfTag?.catalogId ??
        inputs.lfTagPolicy?.catalogId ??
        inputs.catalogId;
    return named ? String(named) : grantor;
}

/** A short, readable name of a grant's resource, for messages. */
export function grantResource(inputs: Record<string, any>): string {
    if (inputs.database) return `database ${inputs.database.name}`;
    if (inputs.tableWithColumns) return `columns of table ${inputs.tableWithColumns.databaseName}.${inputs.tableWithColumns.name}`;
    if (inputs.table) return `table ${inputs.table.databaseName}.${inputs.table.name ?? "*"}`;
    if (inputs.dataCellsFilter) return `cells filter ${inputs.dataCellsFilter.name}`;
    if (inputs.lfTagPolicy) return `tables and databases tagged ${expressionText(inputs.lfTagPolicy.expressions)}`;
    if (inputs.lfTag) return `LF-tag ${inputs.lfTag.key}`;
    if (inputs.dataLocation) return `location ${inputs.dataLocation.arn}`;
    return "the catalog";
}

export function expressionText(expressions: readonly { key: string; values: readonly string[] }[]): string {
    return expressions.map((e) => `${e.key}=${e.values.join("|")}`).join(" and ");
}

export function permissionsOf(r: CapturedResource): { permissions: string[]; grantable: string[] } {
    return { permissions: [...(r.inputs.permissions ?? [])], grantable: [...(r.inputs.permissionsWithGrantOptions ?? [])] };
}
