import { CapturedResource } from "../../plan/mock-aws";

/**
 * Who can do what through Lake Formation, computed from what the stacks register: named
 * grants, LF-tag expression grants (resolved against the owner catalog's tag assignments,
 * column tags overriding table tags), data cells filters, and column exclusions resolved
 * against the declared tables. Cross-account chains are followed by `reachable`.
 */

export interface LakeAccess {
    readonly principal: string;
    /** Account whose stack registers the grant: the catalog's owner, or an account passing on what it holds. */
    readonly grantor: string;
    readonly permission: string;
    readonly grantable: boolean;
    /** Account owning the catalog the resource is in. */
    readonly catalog?: string;
    readonly database?: string;
    readonly table?: string;
    /** Columns the permission covers; undefined for database and location grants. */
    readonly columns?: readonly string[];
    /** Row filter of a data cells filter grant. */
    readonly rowFilter?: string;
    /** Registered location, for DATA_LOCATION_ACCESS. */
    readonly location?: string;
    /** LF-tag key, for permissions on LF-tags. */
    readonly tag?: string;
    /** How the grant names its tables: by name, by LF-tag expression, or through a data cells filter. */
    readonly via?: "named" | "tags" | "filter";
}

const PERMISSIONS = "aws:lakeformation/permissions:Permissions";
const TABLE = "aws:glue/catalogTable:CatalogTable";
const TAGS = "aws:lakeformation/resourceLfTags:ResourceLfTags";
const FILTER = "aws:lakeformation/dataCellsFilter:DataCellsFilter";

/** One account's catalog: declared tables, their LF-tags, and cells filters. */
export interface CatalogIndex {
    readonly columns: Map<string, string[]>;
    readonly databaseTags: Map<string, Map<string, string>>;
    readonly tableTags: Map<string, Map<string, string>>;
    readonly columnTags: Map<string, Map<string, Map<string, string>>>;
    /** Cells filters: named columns (`included`), or every column but `excluded`. */
    readonly filters: Map<string, { table: string; database: string; included?: string[]; excluded: string[]; rowFilter: string }>;
}

export interface StackResources {
    readonly accountId: string;
    readonly resources: readonly CapturedResource[];
}

export function indexCatalog(resources: readonly CapturedResource[]): CatalogIndex {
    const index: CatalogIndex = { columns: new Map(), databaseTags: new Map(), tableTags: new Map(), columnTags: new Map(), filters: new Map() };
    for (const r of resources) {
        const i = r.inputs;
        if (r.type === TABLE) {
            // Partition columns are columns to Lake Formation: granted, tagged and read like the others.
            index.columns.set(
                `${i.databaseName}.${i.name}`,
                [...(i.storageDescriptor?.columns ?? []), ...(i.partitionKeys ?? [])].map((c: { name: string }) => c.name),
            );
        } else if (r.type === TAGS && i.database) {
            const tags = index.databaseTags.get(i.database.name) ?? new Map<string, string>();
            for (const t of i.lfTags) tags.set(t.key, t.value);
            index.databaseTags.set(i.database.name, tags);
        } else if (r.type === TAGS && i.table) {
            const key = `${i.table.databaseName}.${i.table.name}`;
            const tags = index.tableTags.get(key) ?? new Map<string, string>();
            for (const t of i.lfTags) tags.set(t.key, t.value);
            index.tableTags.set(key, tags);
        } else if (r.type === TAGS && i.tableWithColumns) {
            const key = `${i.tableWithColumns.databaseName}.${i.tableWithColumns.name}`;
            const byColumn = index.columnTags.get(key) ?? new Map<string, Map<string, string>>();
            for (const column of i.tableWithColumns.columnNames) {
                const tags = byColumn.get(column) ?? new Map<string, string>();
                for (const t of i.lfTags) tags.set(t.key, t.value);
                byColumn.set(column, tags);
            }
            index.columnTags.set(key, byColumn);
        } else if (r.type === FILTER) {
            const d = i.tableData;
            index.filters.set(d.name, {
                database: d.databaseName,
                table: d.tableName,
                included: d.columnNames,
                excluded: d.columnWildcard?.excludedColumnNames ?? [],
                rowFilter: d.rowFilter?.filterExpression ?? "TRUE",
            });
        }
    }
    return index;
}

/** Every Lake Formation permission the stacks register, resolved to concrete tables and columns. */
export function lakeFormationAccess(stacks: readonly StackResources[] | readonly CapturedResource[], ownAccount?: string): LakeAccess[] {
    const list: StackResources[] = isStackList(stacks) ? [...stacks] : [{ accountId: ownAccount ?? "", resources: stacks }];
    const catalogs = new Map(list.map((s) => [s.accountId, indexCatalog(s.resources)]));
    return list.flatMap((s) => s.resources.filter((r) => r.type === PERMISSIONS).flatMap((r) => accessOf(r.inputs, s.accountId, catalogs)));
}

function isStackList(x: readonly StackResources[] | readonly CapturedResource[]): x is readonly StackResources[] {
    return x.length > 0 && "resources" in x[0];
}

function accessOf(inputs: Record<string, any>, grantor: string, catalogs: Map<string, CatalogIndex>): LakeAccess[] {
    const grantable = new Set<string>(inputs.permissionsWithGrantOptions ?? []);
    const each = (scope: Omit<LakeAccess, "principal" | "grantor" | "permission" | "grantable">) =>
        (inputs.permissions as string[]).map((permission) => ({
            principal: String(inputs.principal),
            grantor,
            permission,
            grantable: grantable.has(permission),
            ...scope,
        }));
    const catalogOf = (id?: string) => id || grantor;
    const index = (id?: string) => catalogs.get(catalogOf(id));
    if (inputs.database) return each({ catalog: catalogOf(inputs.database.catalogId), database: inputs.database.name });
    if (inputs.dataLocation) return each({ catalog: catalogOf(inputs.dataLocation.catalogId), location: inputs.dataLocation.arn });
    if (inputs.lfTag) return each({ catalog: catalogOf(inputs.lfTag.catalogId), tag: inputs.lfTag.key });
    if (inputs.lfTagPolicy) {
        const p = inputs.lfTagPolicy;
        const catalog = index(p.catalogId);
        if (!catalog) return [];
        if (p.resourceType === "DATABASE")
            return matchingDatabases(catalog, p.expressions).flatMap((database) => each({ catalog: catalogOf(p.catalogId), database, via: "tags" }));
        return matchingTables(catalog, p.expressions).flatMap(({ database, table, columns }) =>
            each({ catalog: catalogOf(p.catalogId), database, table, columns, via: "tags" }),
        );
    }
    if (inputs.dataCellsFilter) {
        const f = inputs.dataCellsFilter;
        const catalog = catalogs.get(f.tableCatalogId);
        const filter = catalog?.filters.get(f.name);
        if (!catalog || !filter) throw new Error(`grant on cells filter ${f.name}, which account ${f.tableCatalogId} does not declare`);
        const all = catalog.columns.get(`${filter.database}.${filter.table}`) ?? [];
        const columns = filter.included ? all.filter((c) => filter.included!.includes(c)) : all.filter((c) => !filter.excluded.includes(c));
        return each({ catalog: f.tableCatalogId, database: filter.database, table: filter.table, columns, rowFilter: filter.rowFilter, via: "filter" });
    }
    const t = inputs.table ?? inputs.tableWithColumns;
    if (!t) throw new Error(`unsupported Lake Formation grant: ${JSON.stringify(inputs)}`);
    const catalog = index(t.catalogId);
    // `table.wildcard` is every table of the database; `tableWithColumns.wildcard` every column of the named table.
    const tables = inputs.table?.wildcard
        ? [...(catalog?.columns.keys() ?? [])].filter((k) => k.startsWith(`${t.databaseName}.`)).map((k) => k.split(".")[1])
        : [t.name];
    return tables.flatMap((name: string) => {
        const all = catalog?.columns.get(`${t.databaseName}.${name}`);
        if (!all) throw new Error(`grant on ${t.databaseName}.${name}, which account ${catalogOf(t.catalogId)} does not declare`);
        const w = inputs.tableWithColumns;
        const covered = w?.columnNames ? w.columnNames : w?.excludedColumnNames ? all.filter((c) => !w.excludedColumnNames.includes(c)) : all;
        return each({ catalog: catalogOf(t.catalogId), database: t.databaseName, table: name, columns: covered, via: "named" });
    });
}

/** Databases whose LF-tags satisfy every condition. */
function matchingDatabases(catalog: CatalogIndex, expressions: { key: string; values: string[] }[]): string[] {
    return [...catalog.databaseTags.entries()]
        .filter(([, tags]) => expressions.every((e) => e.values.includes(tags.get(e.key) ?? "")))
        .map(([database]) => database);
}

/** Tables (and the columns of each) whose effective LF-tags satisfy every condition (column over table over database). */
function matchingTables(catalog: CatalogIndex, expressions: { key: string; values: string[] }[]) {
    return [...catalog.columns.entries()].flatMap(([key, columns]) => {
        const [database, table] = key.split(".");
        const tableTags = new Map([
            ...(catalog.databaseTags.get(database) ?? new Map<string, string>()),
            ...(catalog.tableTags.get(key) ?? new Map<string, string>()),
        ]);
        const covered = columns.filter((column) => {
            const tags = new Map([...tableTags, ...(catalog.columnTags.get(key)?.get(column) ?? new Map())]);
            return expressions.every((e) => e.values.includes(tags.get(e.key) ?? ""));
        });
        return covered.length > 0 ? [{ database, table, columns: covered }] : [];
    });
}

/**
 * What `principal` can actually use: its own grants, kept only where every account up the
 * chain (`holders`, nearest first, e.g. [consumer account, governance account]) holds the
 * same permission on the same columns with grant option from the account above it.
 */
export function reachable(all: readonly LakeAccess[], principal: string, holdersOf: (access: LakeAccess) => readonly string[]): LakeAccess[] {
    const holds = (who: string, a: LakeAccess, column: string) =>
        all.some(
            (h) =>
                h.principal === who &&
                h.grantable &&
                h.permission === a.permission &&
                h.catalog === a.catalog &&
                h.database === a.database &&
                h.table === a.table &&
                (h.columns ?? []).includes(column) &&
                (h.rowFilter ?? "") === (a.rowFilter ?? ""),
        );
    return all
        .filter((a) => a.principal === principal && a.table !== undefined)
        .map((a) => ({ ...a, columns: (a.columns ?? []).filter((c) => holdersOf(a).every((who) => holds(who, a, c))) }))
        .filter((a) => a.columns.length > 0);
}

/** Readable form for assertions and the report: `SELECT db1.customers(customer_id, ...)`. */
export function describeAccess(a: LakeAccess): string {
    const where = a.location ?? a.tag ?? (a.table ? `${a.database}.${a.table}(${(a.columns ?? []).join(",")})` : `${a.database}`);
    const rows = a.rowFilter ? ` rows where ${a.rowFilter}` : "";
    return `${a.permission}${a.grantable ? "+grant" : ""} ${where}${rows}`;
}
