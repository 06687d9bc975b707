import { CapturedResource } from "../../../plan/mock-aws";
import { StackEvaluation, TopologyEvaluation } from "../../../plan/evaluation";

/**
 * The live state of every account as AWS's APIs would answer, built from a plan's
 * evaluation as if every stack had been deployed exactly as planned: API-shaped values that
 * a test then changes (a grant made by hand, a policy widened, an authorization removed)
 * before verify reads them through mocked SDK clients (live-clients.ts). Ids AWS makes up
 * (data set and API key ids, the QuickSight group's ARN) differ from the plan's on purpose,
 * so the readers' mapping back to the plan's names is exercised.
 */

export interface AccountWorld {
    readonly accountId: string;
    readonly region: string;
    databases: { Name: string; TargetDatabase?: { CatalogId: string; DatabaseName: string } }[];
    tables: { DatabaseName: string; Name: string; StorageDescriptor: { Columns: { Name: string }[] }; PartitionKeys?: { Name: string }[] }[];
    /** LF-tags by `db`, `db.table` or `db.table.column`. */
    lfTags: Map<string, { TagKey: string; TagValues: string[] }[]>;
    filters: any[];
    permissions: any[];
    invitations: any[];
    associations: any[];
    datashares: any[];
    consumerDatashares: any[];
    /** Rows of svv_datashare_consumers: share, consumer account. */
    grantedUsage: [string, string][];
    /** Rows of svv_datashares INBOUND: share, producer account, database. */
    inboundDatabases: [string, string, string][];
    accessPoints: { Name: string; Bucket: string; NetworkOrigin: string; VpcConfiguration?: { VpcId: string }; Policy?: string }[];
    buckets: { Name: string; Policy?: string }[];
    aliases: { AliasName: string; TargetKeyId: string }[];
    keyPolicies: Map<string, string>;
    dataSets: { Id: string; Name: string }[];
    dataGrants: any[];
    apiKeys: { id: string; name: string; enabled: boolean }[];
    usagePlans: any[];
    usagePlanKeys: Map<string, { id: string; name: string; type: string }[]>;
    functions: Map<string, string>;
}

export type LiveWorld = Map<string, AccountWorld>;

const of = (s: StackEvaluation, type: string) => s.resources.filter((r) => r.type === type);
const json = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

export function worldFromPlan(plan: TopologyEvaluation): LiveWorld {
    const world: LiveWorld = new Map();
    const liveDataSetId = (id: string) => `live-${id}`;
    for (const s of plan.stacks) {
        const { accountId, region } = s.account;
        const keyIds = new Map(of(s, "aws:apigateway/apiKey:ApiKey").map((k) => [k.id, `live-${k.id.slice(-6)}`]));
        const quickSight = new Map(
            of(s, "aws:quicksight/group:Group").map((g) => [
                String(g.state.arn),
                `arn:aws:quicksight:${region}:${accountId}:group/${g.inputs.namespace}/${g.inputs.groupName}`,
            ]),
        );
        const a: AccountWorld = {
            accountId,
            region,
            databases: of(s, "aws:glue/catalogDatabase:CatalogDatabase").map((d) => ({
                Name: d.inputs.name,
                ...(d.inputs.targetDatabase
                    ? { TargetDatabase: { CatalogId: d.inputs.targetDatabase.catalogId, DatabaseName: d.inputs.targetDatabase.databaseName } }
                    : {}),
            })),
            tables: of(s, "aws:glue/catalogTable:CatalogTable").map((t) => ({
                DatabaseName: t.inputs.databaseName,
                Name: t.inputs.name,
                StorageDescriptor: { Columns: (t.inputs.storageDescriptor?.columns ?? []).map((c: { name: string }) => ({ Name: c.name })) },
                PartitionKeys: (t.inputs.partitionKeys ?? []).map((c: { name: string }) => ({ Name: c.name })),
            })),
            lfTags: lfTagsOf(s),
            filters: of(s, "aws:lakeformation/dataCellsFilter:DataCellsFilter").map((f) => {
                const d = f.inputs.tableData;
                return {
                    TableCatalogId: accountId,
                    DatabaseName: d.databaseName,
                    TableName: d.tableName,
                    Name: d.name,
                    ColumnNames: d.columnNames,
                    ColumnWildcard: d.columnWildcard ? { ExcludedColumnNames: d.columnWildcard.excludedColumnNames } : undefined,
                    RowFilter: { FilterExpression: d.rowFilter?.filterExpression },
                };
            }),
            permissions: of(s, "aws:lakeformation/permissions:Permissions").map((p) => apiPermission(p, accountId, quickSight)),
            invitations: [],
            associations: [],
            datashares: of(s, "pulumi-nodejs:dynamic/datasharing:ProducerDatashare").map((d) => {
                const auths = of(s, "aws:redshift/dataShareAuthorization:DataShareAuthorization").filter((x) =>
                    String(x.inputs.dataShareArn).endsWith(`/${d.inputs.name}`),
                );
                const arn =
                    auths[0]?.inputs.dataShareArn ?? `arn:aws:redshift:${region}:${accountId}:datashare:00000000-0000-0000-0000-000000000000/${d.inputs.name}`;
                return {
                    DataShareArn: arn,
                    ProducerArn: `arn:aws:redshift:${region}:${accountId}:namespace:${String(arn).split(":datashare:")[1].split("/")[0]}`,
                    DataShareAssociations: auths.map((x) => ({ ConsumerIdentifier: x.inputs.consumerIdentifier, Status: "ACTIVE" })),
                };
            }),
            consumerDatashares: of(s, "aws:redshift/dataShareConsumerAssociation:DataShareConsumerAssociation").map((x) => ({
                DataShareArn: x.inputs.dataShareArn,
                DataShareAssociations: [{ ConsumerIdentifier: x.inputs.consumerArn, Status: "ACTIVE" }],
            })),
            grantedUsage: of(s, "pulumi-nodejs:dynamic/datasharing:ProducerDatashare").flatMap((d) =>
                (d.inputs.consumerAccounts as string[]).map((acct) => [d.inputs.name, acct] as [string, string]),
            ),
            inboundDatabases: of(s, "pulumi-nodejs:dynamic/datasharing:ConsumerDatashareDatabase").map((d) => [
                d.inputs.datashare,
                d.inputs.producerAccountId,
                d.inputs.database,
            ]),
            accessPoints: of(s, "aws:s3/accessPoint:AccessPoint").map((p) => ({
                Name: p.inputs.name,
                Bucket: p.inputs.bucket,
                NetworkOrigin: p.inputs.vpcConfiguration ? "VPC" : "Internet",
                ...(p.inputs.vpcConfiguration ? { VpcConfiguration: { VpcId: p.inputs.vpcConfiguration.vpcId } } : {}),
                Policy: json(p.inputs.policy),
            })),
            buckets: of(s, "aws:s3/bucket:Bucket").map((b) => ({
                Name: String(b.inputs.bucket ?? b.id),
                Policy: policyOf(s, String(b.inputs.bucket ?? b.id)),
            })),
            aliases: of(s, "aws:kms/alias:Alias").map((x) => ({ AliasName: x.inputs.name, TargetKeyId: x.inputs.targetKeyId })),
            keyPolicies: new Map(of(s, "aws:kms/key:Key").map((k) => [k.id, json(k.inputs.policy)])),
            dataSets: of(s, "aws:dataexchange/dataSet:DataSet").map((d) => ({ Id: liveDataSetId(d.id), Name: d.inputs.name })),
            dataGrants: of(s, "pulumi-nodejs:dynamic/datasharing:DataGrant").map((g) => ({
                Name: g.inputs.name,
                ReceiverPrincipal: g.inputs.receiverAccountId,
                SenderPrincipal: accountId,
                SourceDataSetId: liveDataSetId(g.inputs.sourceDataSetId),
                DataSetId: "received",
                AcceptanceState: "ACCEPTED",
                EndsAt: g.inputs.endsAt ? new Date(g.inputs.endsAt) : undefined,
            })),
            apiKeys: of(s, "aws:apigateway/apiKey:ApiKey").map((k) => ({ id: keyIds.get(k.id)!, name: k.inputs.name, enabled: k.inputs.enabled !== false })),
            usagePlans: of(s, "aws:apigateway/usagePlan:UsagePlan").map((p) => ({
                id: `live-plan-${p.id.slice(-6)}`,
                name: p.inputs.name,
                throttle: p.inputs.throttleSettings,
                quota: p.inputs.quotaSettings,
            })),
            usagePlanKeys: new Map(),
            functions: new Map(
                of(s, "aws:lambda/function:Function")
                    .filter((f) => f.inputs.environment?.variables?.PARTNERS)
                    .map((f) => [
                        String(f.inputs.name ?? f.id),
                        JSON.stringify(
                            (JSON.parse(json(f.inputs.environment.variables.PARTNERS)) as { apiKeyId: string }[]).map((p) => ({
                                ...p,
                                apiKeyId: keyIds.get(p.apiKeyId) ?? p.apiKeyId,
                            })),
                        ),
                    ]),
            ),
        };
        for (const k of of(s, "aws:apigateway/usagePlanKey:UsagePlanKey")) {
            const plan = a.usagePlans.find(
                (p) => p.name === of(s, "aws:apigateway/usagePlan:UsagePlan").find((x) => x.id === k.inputs.usagePlanId)?.inputs.name,
            );
            const key = a.apiKeys.find((x) => x.id === keyIds.get(k.inputs.keyId));
            if (plan && key) a.usagePlanKeys.set(plan.id, [...(a.usagePlanKeys.get(plan.id) ?? []), { id: key.id, name: key.name, type: "API_KEY" }]);
        }
        world.set(accountId, a);
    }
    return world;
}

function policyOf(s: StackEvaluation, bucket: string): string | undefined {
    const p = of(s, "aws:s3/bucketPolicy:BucketPolicy").find((x) => x.inputs.bucket === bucket);
    return p ? json(p.inputs.policy) : undefined;
}

function lfTagsOf(s: StackEvaluation): Map<string, { TagKey: string; TagValues: string[] }[]> {
    const tags = new Map<string, { TagKey: string; TagValues: string[] }[]>();
    const add = (key: string, pairs: { key: string; value: string }[]) =>
        tags.set(key, [...(tags.get(key) ?? []), ...pairs.map((p) => ({ TagKey: p.key, TagValues: [p.value] }))]);
    for (const r of of(s, "aws:lakeformation/resourceLfTags:ResourceLfTags")) {
        const i = r.inputs;
        if (i.database) add(i.database.name, i.lfTags);
        else if (i.table) add(`${i.table.databaseName}.${i.table.name}`, i.lfTags);
        else if (i.tableWithColumns)
            for (const c of i.tableWithColumns.columnNames) add(`${i.tableWithColumns.databaseName}.${i.tableWithColumns.name}.${c}`, i.lfTags);
    }
    return tags;
}

/** A registered grant as ListPermissions returns it. */
export function apiPermission(p: Pick<CapturedResource, "inputs">, own: string, principals: ReadonlyMap<string, string> = new Map()): any {
    const i = p.inputs;
    const catalog = (id?: string) => id || own;
    let Resource: any;
    if (i.database) Resource = { Database: { CatalogId: catalog(i.database.catalogId), Name: i.database.name } };
    else if (i.dataLocation) Resource = { DataLocation: { CatalogId: catalog(i.dataLocation.catalogId), ResourceArn: i.dataLocation.arn } };
    else if (i.lfTag) Resource = { LFTag: { CatalogId: catalog(i.lfTag.catalogId), TagKey: i.lfTag.key, TagValues: i.lfTag.values } };
    else if (i.lfTagPolicy)
        Resource = {
            LFTagPolicy: {
                CatalogId: catalog(i.lfTagPolicy.catalogId),
                ResourceType: i.lfTagPolicy.resourceType,
                Expression: i.lfTagPolicy.expressions.map((e: any) => ({ TagKey: e.key, TagValues: e.values })),
            },
        };
    else if (i.dataCellsFilter)
        Resource = {
            DataCellsFilter: {
                TableCatalogId: i.dataCellsFilter.tableCatalogId,
                DatabaseName: i.dataCellsFilter.databaseName,
                TableName: i.dataCellsFilter.tableName,
                Name: i.dataCellsFilter.name,
            },
        };
    else if (i.tableWithColumns) {
        const t = i.tableWithColumns;
        Resource = {
            TableWithColumns: {
                CatalogId: catalog(t.catalogId),
                DatabaseName: t.databaseName,
                Name: t.name,
                ...(t.columnNames ? { ColumnNames: t.columnNames } : { ColumnWildcard: { ExcludedColumnNames: t.excludedColumnNames ?? [] } }),
            },
        };
    } else {
        const t = i.table;
        Resource = { Table: { CatalogId: catalog(t.catalogId), DatabaseName: t.databaseName, ...(t.wildcard ? { TableWildcard: {} } : { Name: t.name }) } };
    }
    const principal = String(i.principal);
    return {
        Principal: { DataLakePrincipalIdentifier: principals.get(principal) ?? principal },
        Resource,
        Permissions: i.permissions,
        PermissionsWithGrantOption: i.permissionsWithGrantOptions ?? [],
    };
}
