import { CapturedResource } from "./mock-aws";

/**
 * Who can do what through Lake Formation, computed from the permissions resources a stack
 * registers and the catalog tables it declares: column exclusions are resolved against the
 * table's columns, so "customers minus address and email" becomes the concrete column list.
 */

export interface LakeAccess {
    readonly principal: string;
    readonly permission: string;
    readonly grantable: boolean;
    readonly database?: string;
    readonly table?: string;
    /** Columns the permission covers; undefined for database and location grants. */
    readonly columns?: readonly string[];
    /** Registered location, for DATA_LOCATION_ACCESS. */
    readonly location?: string;
}

const PERMISSIONS = "aws:lakeformation/permissions:Permissions";
const TABLE = "aws:glue/catalogTable:CatalogTable";

export function lakeFormationAccess(resources: readonly CapturedResource[]): LakeAccess[] {
    const columns = new Map<string, string[]>();
    for (const t of resources.filter((r) => r.type === TABLE)) {
        columns.set(`${t.inputs.databaseName}.${t.inputs.name}`, (t.inputs.storageDescriptor?.columns ?? []).map((c: { name: string }) => c.name));
    }
    return resources.filter((r) => r.type === PERMISSIONS).flatMap((r) => accessOf(r.inputs, columns));
}

function accessOf(inputs: Record<string, any>, columns: Map<string, string[]>): LakeAccess[] {
    const grantable = new Set<string>(inputs.permissionsWithGrantOptions ?? []);
    const scope = scopeOf(inputs, columns);
    return (inputs.permissions as string[]).map((permission) => ({ principal: String(inputs.principal), permission, grantable: grantable.has(permission), ...scope }));
}

function scopeOf(inputs: Record<string, any>, columns: Map<string, string[]>): Omit<LakeAccess, "principal" | "permission" | "grantable"> {
    if (inputs.database) return { database: inputs.database.name };
    if (inputs.dataLocation) return { location: inputs.dataLocation.arn };
    const t = inputs.table ?? inputs.tableWithColumns;
    if (!t) throw new Error(`unsupported Lake Formation grant: ${JSON.stringify(inputs)}`);
    const all = columns.get(`${t.databaseName}.${t.name}`);
    if (!all) throw new Error(`grant on ${t.databaseName}.${t.name}, which the stack does not declare`);
    const w = inputs.tableWithColumns;
    const covered = w?.columnNames ? w.columnNames : w?.excludedColumnNames ? all.filter((c) => !w.excludedColumnNames.includes(c)) : all;
    return { database: t.databaseName, table: t.name, columns: covered };
}

/** Readable form for assertions and the report: `SELECT db1.customers(customer_id, ...)`. */
export function describeAccess(a: LakeAccess): string {
    const what = a.location ?? (a.table ? `${a.database}.${a.table}(${(a.columns ?? []).join(",")})` : `${a.database}`);
    return `${a.permission}${a.grantable ? "+grant" : ""} ${what}`;
}
