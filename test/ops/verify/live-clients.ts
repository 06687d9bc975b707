import { APIGatewayClient, GetApiKeysCommand, GetUsagePlanKeysCommand, GetUsagePlansCommand } from "@aws-sdk/client-api-gateway";
import { DataExchangeClient, ListDataGrantsCommand, ListDataSetsCommand } from "@aws-sdk/client-dataexchange";
import { GetDatabasesCommand, GetTablesCommand, GlueClient } from "@aws-sdk/client-glue";
import { GetKeyPolicyCommand, KMSClient, ListAliasesCommand } from "@aws-sdk/client-kms";
import { GetResourceLFTagsCommand, LakeFormationClient, ListDataCellsFilterCommand, ListPermissionsCommand } from "@aws-sdk/client-lakeformation";
import { GetFunctionConfigurationCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { GetResourceShareAssociationsCommand, GetResourceShareInvitationsCommand, RAMClient } from "@aws-sdk/client-ram";
import { DescribeDataSharesCommand, DescribeDataSharesForConsumerCommand, RedshiftClient } from "@aws-sdk/client-redshift";
import { DescribeStatementCommand, ExecuteStatementCommand, GetStatementResultCommand, RedshiftDataClient } from "@aws-sdk/client-redshift-data";
import { GetBucketPolicyCommand, ListBucketsCommand, S3Client } from "@aws-sdk/client-s3";
import { GetAccessPointPolicyCommand, ListAccessPointsCommand, S3ControlClient } from "@aws-sdk/client-s3-control";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { LiveClients } from "../../../ops/verify/clients";
import { AccountWorld, LiveWorld } from "./live-world";

/**
 * Mocked SDK clients of one account that answer from its `AccountWorld`, read at call time
 * so a test may change the world after building them. Lists come in pages of `pageSize`;
 * `throttle` makes a command fail with ThrottlingException that many times before it answers.
 */
export interface LiveClientOptions {
    /** Items per page of every paginated list. @default 1000 */
    readonly pageSize?: number;
    /** Command name -> throttled answers before the real one. */
    readonly throttle?: Record<string, number>;
    /** Counts calls per command name, for assertions. */
    readonly calls?: Map<string, number>;
}

const credentials = { accessKeyId: "AKIDTEST", secretAccessKey: "test" };

export function mockedClients(world: LiveWorld, options: LiveClientOptions = {}): (accountId: string) => LiveClients {
    const cache = new Map<string, LiveClients>();
    return (accountId) => {
        if (!cache.has(accountId)) cache.set(accountId, accountClients(world.get(accountId)!, options));
        return cache.get(accountId)!;
    };
}

function accountClients(a: AccountWorld, options: LiveClientOptions): LiveClients {
    const config = { region: a.region, credentials };
    const size = options.pageSize ?? 1000;
    const throttled = { ...(options.throttle ?? {}) };
    const answer =
        <I, O>(name: string, fn: (input: I) => O) =>
        (input: I) => {
            options.calls?.set(name, (options.calls.get(name) ?? 0) + 1);
            if ((throttled[name] ?? 0) > 0) {
                throttled[name]--;
                throw Object.assign(new Error("Rate exceeded"), {
                    name: "ThrottlingException",
                    $retryable: { throttling: true },
                    $metadata: { httpStatusCode: 400 },
                });
            }
            return fn(input);
        };
    const page = <T>(items: readonly T[], token: string | undefined) => {
        const start = token ? Number(token) : 0;
        const next = start + size < items.length ? String(start + size) : undefined;
        return { items: items.slice(start, start + size), next };
    };
    const notFound = (name: string, message: string) => Object.assign(new Error(message), { name });

    const sts = new STSClient(config);
    mockClient(sts)
        .on(GetCallerIdentityCommand)
        .callsFake(answer("GetCallerIdentity", () => ({ Account: a.accountId })));

    const glue = new GlueClient(config);
    const g = mockClient(glue);
    g.on(GetDatabasesCommand).callsFake(
        answer("GetDatabases", (i: any) => {
            const p = page(a.databases, i.NextToken);
            return { DatabaseList: p.items, NextToken: p.next };
        }),
    );
    g.on(GetTablesCommand).callsFake(
        answer("GetTables", (i: any) => {
            const p = page(
                a.tables.filter((t) => t.DatabaseName === i.DatabaseName),
                i.NextToken,
            );
            return { TableList: p.items, NextToken: p.next };
        }),
    );

    const lakeFormation = new LakeFormationClient(config);
    const lf = mockClient(lakeFormation);
    lf.on(ListPermissionsCommand).callsFake(
        answer("ListPermissions", (i: any) => {
            const p = page(i.Resource ? [] : a.permissions, i.NextToken);
            return { PrincipalResourcePermissions: p.items, NextToken: p.next };
        }),
    );
    lf.on(ListDataCellsFilterCommand).callsFake(
        answer("ListDataCellsFilter", (i: any) => {
            const p = page(a.filters, i.NextToken);
            return { DataCellsFilters: p.items, NextToken: p.next };
        }),
    );
    lf.on(GetResourceLFTagsCommand).callsFake(
        answer("GetResourceLFTags", (i: any) => {
            if (i.Resource.Database) return { LFTagOnDatabase: a.lfTags.get(i.Resource.Database.Name) ?? [] };
            const key = `${i.Resource.Table.DatabaseName}.${i.Resource.Table.Name}`;
            const table = a.tables.find((t) => `${t.DatabaseName}.${t.Name}` === key);
            const columns = [...(table?.StorageDescriptor.Columns ?? []), ...(table?.PartitionKeys ?? [])];
            return {
                LFTagsOnTable: a.lfTags.get(key) ?? [],
                LFTagsOnColumns: columns.map((c) => ({ Name: c.Name, LFTags: a.lfTags.get(`${key}.${c.Name}`) ?? [] })),
            };
        }),
    );

    const ram = new RAMClient(config);
    const r = mockClient(ram);
    r.on(GetResourceShareInvitationsCommand).callsFake(
        answer("GetResourceShareInvitations", (i: any) => {
            const p = page(a.invitations, i.nextToken);
            return { resourceShareInvitations: p.items, nextToken: p.next };
        }),
    );
    r.on(GetResourceShareAssociationsCommand).callsFake(
        answer("GetResourceShareAssociations", (i: any) => {
            const p = page(a.associations, i.nextToken);
            return { resourceShareAssociations: p.items, nextToken: p.next };
        }),
    );

    const redshift = new RedshiftClient(config);
    const rs = mockClient(redshift);
    rs.on(DescribeDataSharesCommand).callsFake(
        answer("DescribeDataShares", (i: any) => {
            const p = page(a.datashares, i.Marker);
            return { DataShares: p.items, Marker: p.next };
        }),
    );
    rs.on(DescribeDataSharesForConsumerCommand).callsFake(
        answer("DescribeDataSharesForConsumer", (i: any) => {
            const p = page(a.consumerDatashares, i.Marker);
            return { DataShares: p.items, Marker: p.next };
        }),
    );

    const redshiftData = new RedshiftDataClient(config);
    const rd = mockClient(redshiftData);
    const statements = new Map<string, string>();
    rd.on(ExecuteStatementCommand).callsFake(
        answer("ExecuteStatement", (i: any) => {
            const id = `stmt-${statements.size}`;
            statements.set(id, i.Sql);
            return { Id: id };
        }),
    );
    rd.on(DescribeStatementCommand).callsFake(answer("DescribeStatement", () => ({ Status: "FINISHED", HasResultSet: true })));
    rd.on(GetStatementResultCommand).callsFake(
        answer("GetStatementResult", (i: any) => {
            const sql = statements.get(i.Id) ?? "";
            const rows: string[][] = /svv_datashare_consumers/.test(sql) ? a.grantedUsage : /svv_datashares/.test(sql) ? a.inboundDatabases : [];
            const p = page(rows, i.NextToken);
            return { Records: p.items.map((row) => row.map((v) => ({ stringValue: v }))), NextToken: p.next };
        }),
    );

    const s3Control = new S3ControlClient(config);
    const sc = mockClient(s3Control);
    sc.on(ListAccessPointsCommand).callsFake(
        answer("ListAccessPoints", (i: any) => {
            const p = page(a.accessPoints, i.NextToken);
            return { AccessPointList: p.items.map(({ Policy: _, ...point }) => point), NextToken: p.next };
        }),
    );
    sc.on(GetAccessPointPolicyCommand).callsFake(
        answer("GetAccessPointPolicy", (i: any) => {
            const policy = a.accessPoints.find((p) => p.Name === i.Name)?.Policy;
            if (!policy) throw notFound("NoSuchAccessPointPolicy", "The specified access point policy does not exist");
            return { Policy: policy };
        }),
    );

    const s3 = new S3Client(config);
    const s = mockClient(s3);
    s.on(ListBucketsCommand).callsFake(
        answer("ListBuckets", (i: any) => {
            const p = page(a.buckets, i.ContinuationToken);
            return { Buckets: p.items.map((b) => ({ Name: b.Name })), ContinuationToken: p.next };
        }),
    );
    s.on(GetBucketPolicyCommand).callsFake(
        answer("GetBucketPolicy", (i: any) => {
            const policy = a.buckets.find((b) => b.Name === i.Bucket)?.Policy;
            if (!policy) throw notFound("NoSuchBucketPolicy", "The bucket policy does not exist");
            return { Policy: policy };
        }),
    );

    const kms = new KMSClient(config);
    const k = mockClient(kms);
    k.on(ListAliasesCommand).callsFake(
        answer("ListAliases", (i: any) => {
            const p = page(a.aliases, i.Marker);
            return { Aliases: p.items, NextMarker: p.next, Truncated: p.next !== undefined };
        }),
    );
    k.on(GetKeyPolicyCommand).callsFake(answer("GetKeyPolicy", (i: any) => ({ Policy: a.keyPolicies.get(i.KeyId), PolicyName: "default" })));

    const dataExchange = new DataExchangeClient(config);
    const dx = mockClient(dataExchange);
    dx.on(ListDataSetsCommand).callsFake(
        answer("ListDataSets", (i: any) => {
            const p = page(a.dataSets, i.NextToken);
            return { DataSets: p.items, NextToken: p.next };
        }),
    );
    dx.on(ListDataGrantsCommand).callsFake(
        answer("ListDataGrants", (i: any) => {
            const p = page(a.dataGrants, i.NextToken);
            return { DataGrantSummaries: p.items, NextToken: p.next };
        }),
    );

    const apiGateway = new APIGatewayClient(config);
    const ag = mockClient(apiGateway);
    ag.on(GetApiKeysCommand).callsFake(
        answer("GetApiKeys", (i: any) => {
            const p = page(a.apiKeys, i.position);
            return { items: p.items, position: p.next };
        }),
    );
    ag.on(GetUsagePlansCommand).callsFake(
        answer("GetUsagePlans", (i: any) => {
            const p = page(a.usagePlans, i.position);
            return { items: p.items, position: p.next };
        }),
    );
    ag.on(GetUsagePlanKeysCommand).callsFake(
        answer("GetUsagePlanKeys", (i: any) => {
            const p = page(a.usagePlanKeys.get(i.usagePlanId) ?? [], i.position);
            return { items: p.items, position: p.next };
        }),
    );

    const lambda = new LambdaClient(config);
    mockClient(lambda)
        .on(GetFunctionConfigurationCommand)
        .callsFake(
            answer("GetFunctionConfiguration", (i: any) => {
                const partners = a.functions.get(i.FunctionName);
                if (partners === undefined) throw notFound("ResourceNotFoundException", `Function not found: ${i.FunctionName}`);
                return { FunctionName: i.FunctionName, Environment: { Variables: { PARTNERS: partners } } };
            }),
        );

    return { sts, lakeFormation, glue, ram, s3, s3Control, kms, redshift, redshiftData, dataExchange, apiGateway, lambda };
}
