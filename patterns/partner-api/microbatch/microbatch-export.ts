import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccountNames } from "../../../core/naming";
import { KmsKey } from "../../../components/kms-key";
import { durableTableSettings } from "../../../components/durable-table";
import { FunctionVpc, ScopedFunction } from "../../../components/lambda/scoped-function";
import { logsKeyGrant } from "../../../core/policy/key-policy";
import { microbatchConfig } from "./config";
import { WarehouseSignIn, microbatchPolicy } from "./policies";

/** The warehouse the batches are read from. */
export interface MicrobatchWarehouse {
    /** Redshift Serverless workgroup; give this or `clusterIdentifier`. */
    readonly workgroupName?: pulumi.Input<string>;
    /** Provisioned cluster; give this or `workgroupName`. */
    readonly clusterIdentifier?: pulumi.Input<string>;
    /** ARN of that workgroup or cluster: the only warehouse the function may query. */
    readonly arn: pulumi.Input<string>;
    /** Database holding the source table. */
    readonly database: string;
    /**
     * A database user's secret (and the key encrypting it), or undefined to sign in as the
     * function's IAM identity (user `IAMR:<role name>`, which needs SELECT on the table).
     * @default undefined (IAM identity)
     */
    readonly secret?: { readonly arn: pulumi.Input<string>; readonly keyArn?: pulumi.Input<string> };
}

/** The log table read incrementally. */
export interface MicrobatchSource {
    /** Schema of the table. */
    readonly schema: string;
    /** The table. */
    readonly table: string;
    /**
     * The columns exported, with their Glue types: only these leave the warehouse, so a column
     * added to the table later stays in it until declared. `bigint` ones are read as text.
     * @example [{ name: "event_id", type: "bigint" }, { name: "message" }]
     */
    readonly columns: readonly { readonly name: string; readonly type?: string }[];
    /** A column whose values only grow as rows are committed. */
    readonly watermarkColumn: string;
    /** Columns blanked before anything leaves the warehouse. @default [] */
    readonly piiColumns?: readonly string[];
    /** Seconds a row's (time) watermark must be in the past before it is exported, for loads that commit late. @default 0 */
    readonly settleSeconds?: number;
}

/** Where the batches go. */
export interface MicrobatchOutput {
    /** The published datasets bucket. */
    readonly bucketName: pulumi.Input<string>;
    /** Its ARN, computable from the name. */
    readonly bucketArn: string;
    /** Folder of the batches, ending in "/", e.g. "transaction_logs/". */
    readonly prefix: string;
    /** The bucket's key; every batch is encrypted with it. */
    readonly keyArn: pulumi.Input<string>;
}

export interface MicrobatchExportArgs {
    /** Names of the producer account. */
    names: AccountNames;
    /** Purpose in physical names; one export per source table. @default "microbatch" */
    purpose?: string;
    /** The warehouse. */
    warehouse: MicrobatchWarehouse;
    /** The source table. */
    source: MicrobatchSource;
    /** The destination folder. */
    output: MicrobatchOutput;
    /** EventBridge schedule expression (the product's `microbatch.schedule`). */
    schedule: string;
    /** Most rows per run (the product's `microbatch.batchLimit`). */
    batchLimit: number;
    /** Seconds a run may take; the handler waits up to ~5 minutes for a query. @default 600 */
    timeoutSeconds?: number;
    /** Memory in MB (a batch is held in memory before it is written). @default 512 */
    memorySize?: number;
    /** Active X-Ray tracing. @default true */
    tracing?: boolean;
    /** Days logs are kept. @default 365 */
    logRetentionDays?: number;
    /**
     * Run in these subnets, e.g. the network perimeter's sharing subnets, so the export
     * reaches AWS only through the perimeter's egress path. @default undefined (Lambda's own network)
     */
    vpc?: FunctionVpc;
    /** Protect the watermark table and the key from deletion. */
    protect: boolean;
}

/**
 * The microbatch process of pattern 5: on a schedule, a function reads the rows of a
 * Redshift log table added since its watermark through the Data API, blanks the PII
 * columns, and writes them as one encrypted object to the "Published Datasets" bucket,
 * from which replication carries them to the external account.
 *
 * The function needs no network path to the warehouse's private subnets: the Data API is a
 * regional AWS endpoint that reaches the warehouse for it. It runs in Lambda's own network,
 * or in the subnets given (the network perimeter's), whose only way out is its firewall.
 */
export class MicrobatchExport extends pulumi.ComponentResource {
    /** Encrypts the watermark table, the logs and the function's environment. */
    public readonly key: KmsKey;
    /** The watermark table (hash key `source`). */
    public readonly watermarkTable: aws.dynamodb.Table;
    /** The scheduled function. */
    public readonly function: ScopedFunction;

    constructor(name: string, args: MicrobatchExportArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:microbatch:MicrobatchExport", name, {}, opts);
        const parent = { parent: this };
        const { names, warehouse, source, output } = args;
        const purpose = args.purpose ?? "microbatch";
        if ((warehouse.workgroupName === undefined) === (warehouse.clusterIdentifier === undefined)) {
            throw new Error(
                `microbatch export ${name}: give exactly one of warehouse.workgroupName (Serverless) and warehouse.clusterIdentifier (provisioned)`,
            );
        }
        const { batchLimit } = args;
        const columns = {
            COLUMNS: JSON.stringify(source.columns.map((c) => c.name)),
            TEXT_COLUMNS: JSON.stringify(source.columns.filter((c) => BIGINT_TYPES.test(c.type ?? "")).map((c) => c.name)),
            PII_COLUMNS: JSON.stringify(source.piiColumns ?? []),
            SETTLE_SECONDS: String(source.settleSeconds ?? 0),
        };
        checkContract(name, { warehouse, source, output, batchLimit, columns });

        this.key = new KmsKey(
            name,
            {
                alias: names.keyAlias(purpose),
                description: `Microbatch ${source.schema}.${source.table}: watermarks, logs and environment (${names.prefix})`,
                ownerAccountId: names.account.accountId,
                partition: names.partition,
                grants: [logsKeyGrant(names)],
                protect: args.protect,
            },
            parent,
        );
        const tableName = names.name("dynamodb-table", `${purpose}-watermarks`);
        this.watermarkTable = new aws.dynamodb.Table(
            name,
            { name: tableName, hashKey: "source", attributes: [{ name: "source", type: "S" }], ...durableTableSettings(this.key.arn, args.protect) },
            { parent: this, protect: args.protect },
        );

        const signIn: WarehouseSignIn = warehouse.secret
            ? { kind: "secret", secretArn: warehouse.secret.arn, secretKeyArn: warehouse.secret.keyArn }
            : warehouse.workgroupName !== undefined
              ? { kind: "serverless-iam" }
              : {
                    kind: "cluster-iam",
                    dbNameArn: pulumi.output(warehouse.clusterIdentifier!).apply((id) => names.arn("redshift", `dbname:${id}/${warehouse.database}`)),
                };

        this.function = new ScopedFunction(
            name,
            {
                names,
                purpose,
                description: `Exports new rows of ${source.schema}.${source.table}, PII blanked, to ${output.prefix}`,
                entry: "patterns/partner-api/microbatch/handler.ts",
                environment: {
                    ...(warehouse.workgroupName !== undefined
                        ? { WORKGROUP_NAME: warehouse.workgroupName }
                        : { CLUSTER_IDENTIFIER: warehouse.clusterIdentifier! }),
                    DATABASE: warehouse.database,
                    ...(warehouse.secret ? { SECRET_ARN: warehouse.secret.arn } : {}),
                    SOURCE_SCHEMA: source.schema,
                    SOURCE_TABLE: source.table,
                    WATERMARK_COLUMN: source.watermarkColumn,
                    ...columns,
                    OUTPUT_BUCKET: output.bucketName,
                    OUTPUT_PREFIX: output.prefix,
                    KMS_KEY_ARN: output.keyArn,
                    WATERMARK_TABLE: tableName,
                    BATCH_LIMIT: String(batchLimit),
                },
                policy: microbatchPolicy({
                    names,
                    warehouseArn: warehouse.arn,
                    signIn,
                    bucketArn: output.bucketArn,
                    prefix: output.prefix,
                    keyArn: output.keyArn,
                    watermarkTableArn: names.tableArn(tableName),
                }),
                kmsKeyArn: this.key.arn,
                // No reserved concurrency (a new account's quota has none to spare): an overlapping
                // run rewrites the claimed batch under the same key, and the watermark moves once.
                timeoutSeconds: args.timeoutSeconds ?? 600,
                memorySize: args.memorySize ?? 512,
                tracing: args.tracing,
                logRetentionDays: args.logRetentionDays,
                schedule: args.schedule,
                vpc: args.vpc,
            },
            parent,
        );
        this.registerOutputs({ functionName: this.function.functionName, watermarkTable: tableName });
    }
}

/** Glue types whose values a JSON number may not carry exactly. */
const BIGINT_TYPES = /^(bigint|int8|long)$/i;

/**
 * Runs the handler's own configuration check on what is known before deploy (outputs get
 * well-formed stand-ins), so a bad identifier or prefix fails `pulumi preview`, not the
 * first scheduled run.
 */
function checkContract(
    name: string,
    a: { warehouse: MicrobatchWarehouse; source: MicrobatchSource; output: MicrobatchOutput; batchLimit: number; columns: Record<string, string> },
): void {
    try {
        microbatchConfig({
            ...(a.warehouse.workgroupName !== undefined ? { WORKGROUP_NAME: "workgroup" } : { CLUSTER_IDENTIFIER: "cluster" }),
            DATABASE: a.warehouse.database,
            ...(a.warehouse.secret ? { SECRET_ARN: "arn:aws:secretsmanager:us-east-1:111111111111:secret:stand-in" } : {}),
            SOURCE_SCHEMA: a.source.schema,
            SOURCE_TABLE: a.source.table,
            WATERMARK_COLUMN: a.source.watermarkColumn,
            ...a.columns,
            OUTPUT_BUCKET: "bucket",
            OUTPUT_PREFIX: a.output.prefix,
            KMS_KEY_ARN: "arn:aws:kms:us-east-1:111111111111:key/stand-in",
            WATERMARK_TABLE: "table",
            BATCH_LIMIT: String(a.batchLimit),
        });
    } catch (err) {
        throw new Error(`microbatch export ${name}: ${(err as Error).message}`, { cause: err });
    }
}
