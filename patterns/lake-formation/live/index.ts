import { GetDatabasesCommand, GetTablesCommand } from "@aws-sdk/client-glue";
import {
    GetResourceLFTagsCommand,
    LFTagPair,
    ListDataCellsFilterCommand,
    ListPermissionsCommand,
    PrincipalResourcePermissions,
    Resource,
} from "@aws-sdk/client-lakeformation";
import { CapturedResource } from "../../../plan/mock-aws";
import { allPages } from "../../../ops/verify/paginate";
import { LiveReadContext, LiveReaderSpec, liveResource, planned } from "../../../ops/verify/live/context";
import { readRam } from "./ram";

/**
 * Patterns 2 and 3 and each account's own lake, live: the account's Glue tables (their
 * columns decide what a wildcard or an LF-tag expression covers), its LF-tag assignments on
 * databases, tables and columns, its data cells filters, and every Lake Formation
 * permission it lists, as the `aws:glue/catalogTable`, `aws:lakeformation/resourceLfTags`,
 * `aws:lakeformation/dataCellsFilter` and `aws:lakeformation/permissions` resources the
 * plan's collector (patterns/lake-formation/report.ts) reads. Lake Formation shows every
 * grant only to a data lake administrator: the verification role is a read-only one.
 */

const TABLE = "aws:glue/catalogTable:CatalogTable";
const TAGS = "aws:lakeformation/resourceLfTags:ResourceLfTags";
const FILTER = "aws:lakeformation/dataCellsFilter:DataCellsFilter";
const PERMISSIONS = "aws:lakeformation/permissions:Permissions";

export async function readLakeFormation(context: LiveReadContext): Promise<CapturedResource[]> {
    const catalog = await readCatalog(context);
    const filters = await readFilters(context);
    const permissions = await readPermissions(context);
    return [...catalog, ...filters, ...permissions];
}

/** Tables with their columns, and the LF-tags assigned to databases, tables and columns. */
async function readCatalog(context: LiveReadContext): Promise<CapturedResource[]> {
    const { glue } = context.clients;
    const own = context.account.accountId;
    const databases = await allPages("glue GetDatabases", async (token) => {
        const page = await context.call("glue GetDatabases", () => glue.send(new GetDatabasesCommand({ CatalogId: own, NextToken: token })));
        return { items: page.DatabaseList, next: page.NextToken };
    });
    const resources: CapturedResource[] = [];
    // Resource links point at another account's catalog: their tables and tags are the owner's.
    for (const database of databases.filter((d) => d.Name && !d.TargetDatabase)) {
        const name = database.Name!;
        const tags = await lfTags(context, { Database: { CatalogId: own, Name: name } });
        if (tags.database.length > 0) resources.push(liveResource(context, TAGS, `tags ${name}`, { database: { name }, lfTags: pairs(tags.database) }));
        const tables = await allPages(`glue GetTables ${name}`, async (token) => {
            const page = await context.call(`glue GetTables ${name}`, () =>
                glue.send(new GetTablesCommand({ CatalogId: own, DatabaseName: name, NextToken: token })),
            );
            return { items: page.TableList, next: page.NextToken };
        });
        for (const table of tables.filter((t) => t.Name && !t.TargetTable)) {
            const key = `${name}.${table.Name}`;
            const columns = (table.StorageDescriptor?.Columns ?? []).map((c) => ({ name: c.Name! }));
            // Partition keys are columns too (the replica's snapshot), granted like the others.
            const partitionKeys = (table.PartitionKeys ?? []).map((c) => ({ name: c.Name! }));
            resources.push(
                liveResource(context, TABLE, key, {
                    databaseName: name,
                    name: table.Name,
                    storageDescriptor: { columns },
                    ...(partitionKeys.length > 0 ? { partitionKeys } : {}),
                }),
            );
            const tableTags = await lfTags(context, { Table: { CatalogId: own, DatabaseName: name, Name: table.Name } });
            if (tableTags.table.length > 0)
                resources.push(liveResource(context, TAGS, `tags ${key}`, { table: { databaseName: name, name: table.Name }, lfTags: pairs(tableTags.table) }));
            for (const column of tableTags.columns) {
                resources.push(
                    liveResource(context, TAGS, `tags ${key}.${column.name}`, {
                        tableWithColumns: { databaseName: name, name: table.Name, columnNames: [column.name] },
                        lfTags: pairs(column.tags),
                    }),
                );
            }
        }
    }
    return resources;
}

/** Tags assigned directly (not inherited): the plan's index applies inheritance itself. */
async function lfTags(
    context: LiveReadContext,
    resource: Resource,
): Promise<{ database: LFTagPair[]; table: LFTagPair[]; columns: { name: string; tags: LFTagPair[] }[] }> {
    const what = `lakeformation GetResourceLFTags ${resource.Database?.Name ?? `${resource.Table?.DatabaseName}.${resource.Table?.Name}`}`;
    const answer = await context.call(what, () =>
        context.clients.lakeFormation.send(
            new GetResourceLFTagsCommand({ CatalogId: context.account.accountId, Resource: resource, ShowAssignedLFTags: true }),
        ),
    );
    return {
        database: answer.LFTagOnDatabase ?? [],
        table: answer.LFTagsOnTable ?? [],
        columns: (answer.LFTagsOnColumns ?? []).filter((c) => c.Name && (c.LFTags ?? []).length > 0).map((c) => ({ name: c.Name!, tags: c.LFTags! })),
    };
}

/** One value per key: an LF-tag assignment gives a resource one value of each tag. */
function pairs(tags: readonly LFTagPair[]): { key: string; value: string }[] {
    return tags.flatMap((t) => (t.TagKey && t.TagValues && t.TagValues.length > 0 ? [{ key: t.TagKey, value: t.TagValues[0] }] : []));
}

async function readFilters(context: LiveReadContext): Promise<CapturedResource[]> {
    const filters = await allPages("lakeformation ListDataCellsFilter", async (token) => {
        const page = await context.call("lakeformation ListDataCellsFilter", () =>
            context.clients.lakeFormation.send(new ListDataCellsFilterCommand({ NextToken: token })),
        );
        return { items: page.DataCellsFilters, next: page.NextToken };
    });
    return filters
        .filter((f) => f.TableCatalogId === context.account.accountId)
        .map((f) =>
            liveResource(context, FILTER, `filter ${f.Name}`, {
                tableData: {
                    name: f.Name,
                    databaseName: f.DatabaseName,
                    tableName: f.TableName,
                    columnNames: f.ColumnNames && f.ColumnNames.length > 0 ? f.ColumnNames : undefined,
                    columnWildcard: f.ColumnWildcard ? { excludedColumnNames: f.ColumnWildcard.ExcludedColumnNames ?? [] } : undefined,
                    rowFilter: { filterExpression: f.RowFilter?.AllRowsWildcard ? "TRUE" : (f.RowFilter?.FilterExpression ?? "TRUE") },
                },
            }),
        );
}

/**
 * Every permission the account lists, then those on the foreign resources its stack grants
 * on (another account's LF-tag expressions or tables, shared with it), which a listing of the
 * account's own catalog may leave out. A grant listed twice counts once.
 */
async function readPermissions(context: LiveReadContext): Promise<CapturedResource[]> {
    const list = (what: string, resource?: Resource) =>
        allPages(what, async (token) => {
            const page = await context.call(what, () =>
                context.clients.lakeFormation.send(new ListPermissionsCommand({ Resource: resource, NextToken: token })),
            );
            return { items: page.PrincipalResourcePermissions, next: page.NextToken };
        });
    const all = [...(await list("lakeformation ListPermissions"))];
    for (const resource of foreignResources(context)) all.push(...(await list(`lakeformation ListPermissions on ${JSON.stringify(resource)}`, resource)));
    const seen = new Set<string>();
    const principals = quickSightNames(context);
    return all.flatMap((p, i) => {
        const inputs = permissionInputs(p, context.account.accountId, principals);
        if (!inputs) return [];
        const key = JSON.stringify(inputs);
        if (seen.has(key)) return [];
        seen.add(key);
        return [liveResource(context, PERMISSIONS, `permission ${i}`, inputs)];
    });
}

/** Resources of other catalogs the plan's grants of this stack name: LF-tag expressions and tables of the owner. */
function foreignResources(context: LiveReadContext): Resource[] {
    const own = context.account.accountId;
    const found = new Map<string, Resource>();
    for (const r of planned(context, PERMISSIONS)) {
        const i = r.inputs;
        if (i.lfTagPolicy?.catalogId && i.lfTagPolicy.catalogId !== own) {
            const p = i.lfTagPolicy;
            const resource: Resource = {
                LFTagPolicy: {
                    CatalogId: p.catalogId,
                    ResourceType: p.resourceType,
                    Expression: p.expressions.map((e: { key: string; values: string[] }) => ({ TagKey: e.key, TagValues: e.values })),
                },
            };
            found.set(JSON.stringify(resource), resource);
        }
        const t = i.table ?? i.tableWithColumns;
        if (t?.catalogId && t.catalogId !== own) {
            const resource: Resource = {
                Table: { CatalogId: t.catalogId, DatabaseName: t.databaseName, ...(t.name ? { Name: t.name } : { TableWildcard: {} }) },
            };
            found.set(JSON.stringify(resource), resource);
        }
    }
    return [...found.values()];
}

/**
 * A permission as `aws:lakeformation/permissions:Permissions` inputs; undefined for what
 * grants no data (catalog-level permissions such as CREATE_DATABASE) and for the
 * IAM_ALLOWED_PRINCIPALS group, which the stacks revoke and the report does not list.
 */
export function permissionInputs(
    p: PrincipalResourcePermissions,
    own: string,
    principals: ReadonlyMap<string, string> = new Map(),
): Record<string, any> | undefined {
    const raw = p.Principal?.DataLakePrincipalIdentifier;
    const r = p.Resource;
    if (!raw || raw === "IAM_ALLOWED_PRINCIPALS" || !r || (p.Permissions ?? []).length === 0) return undefined;
    const principal = principals.get(raw) ?? raw;
    // The plan names its own catalog by leaving catalogId out.
    const catalog = (id: string | undefined) => (id && id !== own ? { catalogId: id } : {});
    const base = { principal, permissions: [...(p.Permissions ?? [])].sort(), permissionsWithGrantOptions: [...(p.PermissionsWithGrantOption ?? [])].sort() };
    if (r.Database) return { ...base, database: { ...catalog(r.Database.CatalogId), name: r.Database.Name } };
    if (r.DataLocation) return { ...base, dataLocation: { ...catalog(r.DataLocation.CatalogId), arn: r.DataLocation.ResourceArn } };
    if (r.LFTag) return { ...base, lfTag: { ...catalog(r.LFTag.CatalogId), key: r.LFTag.TagKey, values: r.LFTag.TagValues ?? [] } };
    if (r.LFTagPolicy) {
        const expressions = (r.LFTagPolicy.Expression ?? []).map((e) => ({ key: e.TagKey!, values: e.TagValues ?? [] }));
        return { ...base, lfTagPolicy: { ...catalog(r.LFTagPolicy.CatalogId), resourceType: r.LFTagPolicy.ResourceType, expressions } };
    }
    if (r.DataCellsFilter) {
        const f = r.DataCellsFilter;
        return { ...base, dataCellsFilter: { tableCatalogId: f.TableCatalogId ?? own, databaseName: f.DatabaseName, tableName: f.TableName, name: f.Name } };
    }
    if (r.TableWithColumns) {
        const t = r.TableWithColumns;
        const columns =
            t.ColumnNames && t.ColumnNames.length > 0
                ? { columnNames: t.ColumnNames }
                : { wildcard: true, ...(t.ColumnWildcard?.ExcludedColumnNames?.length ? { excludedColumnNames: t.ColumnWildcard.ExcludedColumnNames } : {}) };
        return { ...base, tableWithColumns: { ...catalog(t.CatalogId), databaseName: t.DatabaseName, name: t.Name, ...columns } };
    }
    if (r.Table) {
        const t = r.Table;
        return { ...base, table: { ...catalog(t.CatalogId), databaseName: t.DatabaseName, ...(t.TableWildcard ? { wildcard: true } : { name: t.Name }) } };
    }
    return undefined;
}

/**
 * QuickSight groups and users by their real ARN, mapped to the ARN the plan knows them by
 * (the plan's mocks invent one), so a grant to the analysts' group reads the same on both sides.
 */
function quickSightNames(context: LiveReadContext): Map<string, string> {
    const { region, accountId } = context.account;
    const names = new Map<string, string>();
    for (const r of context.plan?.resources ?? []) {
        const arn = r.state?.arn as string | undefined;
        if (!arn) continue;
        if (r.type === "aws:quicksight/group:Group")
            names.set(`arn:aws:quicksight:${region}:${accountId}:group/${r.inputs.namespace ?? "default"}/${r.inputs.groupName}`, arn);
        if (r.type === "aws:quicksight/user:User" && r.inputs.userName)
            names.set(`arn:aws:quicksight:${region}:${accountId}:user/${r.inputs.namespace ?? "default"}/${r.inputs.userName}`, arn);
    }
    return names;
}

const LAKE_PATHS = ["lake-formation (named)", "lake-formation (LF-tags)", "lake-formation (cells filter)"] as const;

/** What verify reads live of patterns 2 and 3: the grants, and the RAM shares that carry them across accounts. */
export const lakeFormationReaders: readonly LiveReaderSpec[] = [
    { name: "Lake Formation", read: readLakeFormation, paths: [...LAKE_PATHS] },
    { name: "RAM shares and invitations", read: readRam, paths: [...LAKE_PATHS] },
];
