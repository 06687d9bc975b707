import * as pulumi from "@pulumi/pulumi";
import { FunctionVpc } from "../../components/lambda/scoped-function";
import { MicrobatchExport } from "./microbatch/microbatch-export";
import { NetworkPerimeter } from "./network-perimeter";
import { PartnerApi } from "./api";
import { PublishedDatasets } from "../../components/published-datasets/index";
import { SecretDatabaseUser } from "../../components/redshift/secret-database-user";
import { apiPartners, microbatchSources } from "./model";
import { awsTargetOf } from "../../core/stack/context";
import { AccountScope } from "../../core/stack/scope";
import { RedshiftWarehouse } from "../../components/redshift/warehouse";
import { SchemaSpec, tableSpec } from "../../components/redshift/schemas";
import { AccountWarehouse, PatternProgram, RolePart } from "../program";

/**
 * Pattern 5 (reference/000) in the two accounts that take part: the producer exports new
 * rows of its Redshift log tables, PII redacted, into Published Datasets (replication
 * carries them to the external account), optionally from inside a network perimeter; the
 * external account serves them to partners not on AWS through the API.
 */

/** The database user the exports read as: SELECT on the exported schemas, nothing else. */
export const MICROBATCH_READER_USER = "microbatch_reader";

/**
 * AWS endpoints the export calls through the perimeter's firewall, always allowed: the Data
 * API and the watermark table (the handler pins DynamoDB to its regional name, see
 * `exportClients`). Not S3: the bucket is reached through the sharing subnets' gateway
 * endpoint, whose policy admits only the producer's own buckets.
 */
export function exportEndpoints(region: string): string[] {
    return [`redshift-data.${region}.amazonaws.com`, `dynamodb.${region}.amazonaws.com`];
}

/** Schemas of the tables pattern 5 exports (most are shared through pattern 4 as well). */
export function exportedSchemas(scope: AccountScope): SchemaSpec[] {
    return microbatchSources(scope.ctx.topology).map((s) => ({ name: s.schema, tables: [tableSpec(s.table)] }));
}

/** The producer's microbatch exports, one per exported table, and the perimeter they run in when it is on. */
function producerMicrobatch(
    scope: AccountScope,
    production: AccountWarehouse | undefined,
    published: PublishedDatasets,
): { egressPublicIps?: pulumi.Output<string[]> } {
    const { ctx } = scope;
    const sources = microbatchSources(ctx.topology);
    if (sources.length === 0) {
        return {};
    }
    if (!production || !(production.warehouse instanceof RedshiftWarehouse) || !production.tables) {
        throw new Error("pattern 5 exports Redshift tables, but the producer has no warehouse it builds; the config checks should have asked for one");
    }
    const protect = ctx.settings.protectStatefulResources;
    const { warehouse, tables } = { warehouse: production.warehouse, tables: production.tables };
    const reader = new SecretDatabaseUser(
        "microbatch-reader",
        {
            names: ctx.names,
            target: awsTargetOf(ctx),
            warehouse: warehouse.dataApi,
            user: MICROBATCH_READER_USER,
            purpose: "microbatch-reader",
            description: "Credentials pattern 5's microbatch exports read the production warehouse with",
            keyArn: warehouse.key.arn,
            privileges: [...new Set(sources.map((s) => s.schema))].sort().map((schema) => ({ schema, create: false, tables: ["SELECT"] })),
        },
        { ...scope.opts, dependsOn: [tables] },
    );
    const perimeter = networkPerimeter(scope);
    const bucketArn = ctx.names.bucketArn(ctx.names.bucket("published"));
    const dataApi = warehouse.dataApi;
    for (const source of sources) {
        new MicrobatchExport(
            `microbatch-${source.product.name}-${source.table.name}`,
            {
                names: ctx.names,
                purpose: exportPurpose(source.product.name, source.table.name),
                warehouse: {
                    ...(warehouse.clusterIdentifier
                        ? { clusterIdentifier: warehouse.clusterIdentifier }
                        : { workgroupName: dataApi.apply((d) => d.workgroupName!) }),
                    arn: warehouse.arn,
                    database: ctx.settings.warehouse.database,
                    secret: { arn: reader.secretArn, keyArn: warehouse.key.arn },
                },
                source: {
                    schema: source.schema,
                    table: source.table.name,
                    columns: source.table.columns,
                    watermarkColumn: source.settings.watermarkColumn,
                    piiColumns: source.piiColumns,
                    settleSeconds: source.settleSeconds,
                },
                output: { bucketName: published.bucket.bucketName, bucketArn, prefix: source.prefix, keyArn: published.key.arn },
                schedule: source.settings.schedule,
                batchLimit: source.settings.batchLimit,
                vpc: perimeter?.functionVpc,
                protect,
            },
            { ...scope.opts, dependsOn: [reader] },
        );
    }
    return perimeter ? { egressPublicIps: perimeter.component.egressPublicIps } : {};
}

/** Purpose of one table's export in physical names (AccountNames keeps each within its limit, hashed if long). */
function exportPurpose(product: string, table: string): string {
    return `microbatch-${product}-${table}`.replace(/_/g, "-");
}

/** The producer's network perimeter, when `datasharing:networkPerimeter.enabled` is true. */
function networkPerimeter(scope: AccountScope): { component: NetworkPerimeter; functionVpc: FunctionVpc } | undefined {
    const { ctx } = scope;
    const settings = ctx.settings.networkPerimeter;
    if (!settings?.enabled) {
        return undefined;
    }
    const component = new NetworkPerimeter(
        "perimeter",
        {
            names: ctx.names,
            egressCidr: settings.egressCidr,
            workloads: [{ name: "producer", cidr: settings.sharingVpcCidr }],
            allowedDomains: [...exportEndpoints(ctx.identity.account.region), ...settings.allowedDomains],
            availabilityZoneCount: settings.availabilityZones,
            protect: ctx.settings.protectStatefulResources,
        },
        scope.opts,
    );
    const producer = component.workloads.producer;
    return { component, functionVpc: { vpcId: producer.vpcId, subnetIds: producer.sharingSubnetIds, securityGroupIds: [producer.sharingSecurityGroupId] } };
}

/** What the external stack tells its operators about the API. */
export interface PartnerApiOutputs {
    /** The URL partners POST requests to. */
    partnerApiUrl?: pulumi.Output<string>;
    /** API key id per partner; read a value with `aws apigateway get-api-key --include-value --api-key <id>`. */
    partnerApiKeyIds?: pulumi.Output<Record<string, string>>;
    /** DKIM records to publish for the sender's domain. */
    partnerApiDkimTokens?: pulumi.Output<string[]>;
}

/** The external account's partner API, when a consumer of the topology uses pattern 5. */
function externalPartnerApi(scope: AccountScope, published: PublishedDatasets): PartnerApiOutputs {
    const { ctx } = scope;
    const partners = apiPartners(ctx.topology);
    const settings = ctx.settings.partnerApi;
    if (partners.length === 0) {
        return {};
    }
    if (!settings) {
        throw new Error("the partner API needs datasharing:partnerApi.senderAddress; the stack's config checks should have refused this");
    }
    const api = new PartnerApi(
        "partner-api",
        {
            names: ctx.names,
            partners,
            asOf: ctx.asOf,
            results: {
                bucketName: published.bucket.bucketName,
                bucketArn: ctx.names.bucketArn(ctx.names.bucket("external-published")),
                keyArn: published.key.arn,
            },
            sender: { address: settings.senderAddress, verify: settings.senderVerify },
            requestTtlDays: settings.requestTtlDays,
            urlExpirySeconds: settings.urlExpirySeconds,
            manageAccountLoggingRole: settings.apiGatewayAccountRole === "manage",
            receiverConcurrency: settings.receiverReservedConcurrency,
            pollSchedule: settings.pollSchedule,
            throttle: settings.throttle,
            partnerThrottle: settings.partnerThrottle,
            partnerQuota: settings.partnerQuota,
            allowedSourceCidrs: settings.allowedSourceCidrs,
            protect: ctx.settings.protectStatefulResources,
        },
        scope.opts,
    );
    return { partnerApiUrl: api.requestsUrl, partnerApiKeyIds: api.apiKeyIds, partnerApiDkimTokens: api.dkimTokens };
}

/** What the producer and the external account build for pattern 5. */
export const partnerApiProgram: PatternProgram = {
    producer: {
        warehouseSchemas: exportedSchemas,
        build: (scope, base) => ({ outputs: producerMicrobatch(scope, base.warehouse, base.published!) }),
    } satisfies RolePart<"producer">,
    external: {
        build: (scope, base) => ({ outputs: { ...externalPartnerApi(scope, base.published!) } }),
    } satisfies RolePart<"external">,
};
