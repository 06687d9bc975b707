import { quoteIdentifier } from "../../../components/redshift/sql";
import { Warehouse } from "./statement";

/**
 * The microbatch function's environment contract, read and checked on each invocation so
 * that a bad deployment fails with a message naming the variable.
 */

/** Environment variables, as `process.env` holds them. */
export type Env = Readonly<Record<string, string | undefined>>;

/** What one run needs. */
export interface MicrobatchConfig {
    /** `WORKGROUP_NAME` or `CLUSTER_IDENTIFIER`, `DATABASE`, `SECRET_ARN` (optional). */
    readonly warehouse: Warehouse;
    /** `SOURCE_SCHEMA`: schema of the log table. */
    readonly schema: string;
    /** `SOURCE_TABLE`: the log table. */
    readonly table: string;
    /** `WATERMARK_COLUMN`: a column whose values only grow as rows are added (an identity id, an event time). */
    readonly watermarkColumn: string;
    /** `COLUMNS`: the columns the data product declares, the only ones exported (a column added later is not). */
    readonly columns: readonly string[];
    /** `TEXT_COLUMNS`: BIGINT columns, read as text: as JSON numbers, values beyond 2^53 would change digits. @default [] */
    readonly textColumns: readonly string[];
    /** `PII_COLUMNS`: columns the data product marks as PII, blanked whole. */
    readonly piiColumns: readonly string[];
    /**
     * `SETTLE_SECONDS`: rows whose (time) watermark is this close to now wait for a later run,
     * so a load that commits late, stamped before the watermark moved past it, is not skipped.
     * @default 0
     */
    readonly settleSeconds: number;
    /** `OUTPUT_BUCKET`: the published datasets bucket. */
    readonly bucket: string;
    /** `OUTPUT_PREFIX`: folder of the batches, ending in `/`. */
    readonly prefix: string;
    /** `KMS_KEY_ARN`: the key every object is encrypted with. */
    readonly kmsKeyArn: string;
    /** `WATERMARK_TABLE`: DynamoDB table of watermarks, hash key `source` (S). */
    readonly watermarkTable: string;
    /** `BATCH_LIMIT`: most rows per run. @default 10000 */
    readonly batchLimit: number;
    /** The watermark item's key: `<database>.<schema>.<table>`. */
    readonly source: string;
}

/** Default and largest rows per run (the Data API returns at most 100 MB per result). */
export const BATCH_LIMITS = { default: 10000, max: 100000 } as const;

const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:\S+$/;

function required(env: Env, name: string, what: string): string {
    const value = env[name]?.trim();
    if (!value) {
        throw new Error(`${name} is not set: it must hold ${what}`);
    }
    return value;
}

/** A validated identifier, unquoted (the SQL quotes it again where used). */
function identifier(env: Env, name: string, kind: string): string {
    const value = required(env, name, `the ${kind}'s name`);
    try {
        quoteIdentifier(value, kind);
    } catch (err) {
        throw new Error(`${name}: ${(err as Error).message}`, { cause: err });
    }
    return value;
}

/** Longest wait for late rows: a day. */
export const SETTLE_MAX_SECONDS = 86400;

/**
 * A JSON array of column names from the environment, each a valid identifier. With `among`
 * (lower case), a subset of those columns, empty when unset; without it, the list that
 * declares the columns, so it must be set.
 */
function columnList(env: Env, name: string, among: ReadonlySet<string> | undefined): string[] {
    const example = '["email","card_number"]';
    let list: unknown;
    try {
        list = JSON.parse(env[name]?.trim() || (among ? "[]" : ""));
    } catch {
        throw new Error(`${name} is ${env[name]?.trim() ? "not valid JSON" : "not set"}: it must be a JSON array of column names, e.g. ${example}`);
    }
    if (!Array.isArray(list)) {
        throw new Error(`${name} must be a JSON array of column names, e.g. ${example}`);
    }
    list.forEach((column: unknown, i) => {
        try {
            quoteIdentifier(column as string, "column");
        } catch (err) {
            throw new Error(`${name}[${i}]: ${(err as Error).message}`, { cause: err });
        }
        if (among && !among.has((column as string).toLowerCase())) {
            throw new Error(`${name}[${i}]: ${column as string} is not among COLUMNS, the columns exported`);
        }
    });
    return list as string[];
}

/** The function's configuration. @throws Error naming the variable that is missing or invalid */
export function microbatchConfig(env: Env): MicrobatchConfig {
    const workgroupName = env.WORKGROUP_NAME?.trim() || undefined;
    const clusterIdentifier = env.CLUSTER_IDENTIFIER?.trim() || undefined;
    if (!workgroupName === !clusterIdentifier) {
        throw new Error(
            `set exactly one of WORKGROUP_NAME (Redshift Serverless) and CLUSTER_IDENTIFIER (provisioned cluster), not ${workgroupName ? "both" : "neither"}`,
        );
    }
    const secretArn = env.SECRET_ARN?.trim() || undefined;
    if (secretArn && !SECRET_ARN.test(secretArn)) {
        throw new Error(`SECRET_ARN ${JSON.stringify(secretArn)} is not a Secrets Manager secret ARN`);
    }
    const database = identifier(env, "DATABASE", "database");
    const schema = identifier(env, "SOURCE_SCHEMA", "schema");
    const table = identifier(env, "SOURCE_TABLE", "table");
    const watermarkColumn = identifier(env, "WATERMARK_COLUMN", "watermark column");

    const columns = columnList(env, "COLUMNS", undefined);
    if (columns.length === 0) {
        throw new Error(`COLUMNS is empty: it must list the columns to export, e.g. ["event_id","event_time","message"]`);
    }
    const declared = new Set(columns.map((c) => c.toLowerCase()));
    const duplicate = columns.find((c, i) => columns.findIndex((d) => d.toLowerCase() === c.toLowerCase()) !== i);
    if (duplicate) {
        throw new Error(`COLUMNS lists ${duplicate} twice`);
    }
    const textColumns = columnList(env, "TEXT_COLUMNS", declared);
    const piiColumns = columnList(env, "PII_COLUMNS", declared);
    if (!declared.has(watermarkColumn.toLowerCase())) {
        throw new Error(`WATERMARK_COLUMN ${watermarkColumn} is not among COLUMNS (${columns.join(", ")})`);
    }
    if (piiColumns.some((c) => c.toLowerCase() === watermarkColumn.toLowerCase())) {
        throw new Error(
            `WATERMARK_COLUMN ${watermarkColumn} is listed in PII_COLUMNS: its values name each batch's object, so it cannot be PII; choose an id or time column`,
        );
    }
    const rawSettle = env.SETTLE_SECONDS?.trim();
    const settleSeconds = rawSettle ? Number(rawSettle) : 0;
    if ((rawSettle && !/^\d+$/.test(rawSettle)) || settleSeconds > SETTLE_MAX_SECONDS) {
        throw new Error(`SETTLE_SECONDS is ${JSON.stringify(rawSettle)}: it must be a whole number of seconds from 0 to ${SETTLE_MAX_SECONDS}`);
    }

    const prefix = required(env, "OUTPUT_PREFIX", 'the folder of the batches, e.g. "transaction_logs/transaction_log/"');
    if (!prefix.endsWith("/") || prefix.startsWith("/") || prefix.split("/").some((s, i, all) => s === ".." || s === "." || (s === "" && i < all.length - 1))) {
        throw new Error(
            `OUTPUT_PREFIX ${JSON.stringify(prefix)} must be a folder such as "transaction_logs/transaction_log/": ending in "/", without a leading "/", empty, "." or ".." segments`,
        );
    }
    const kmsKeyArn = required(env, "KMS_KEY_ARN", "the ARN of the KMS key the bucket's objects are encrypted with");
    if (!KMS_KEY_ARN.test(kmsKeyArn)) {
        throw new Error(`KMS_KEY_ARN ${JSON.stringify(kmsKeyArn)} is not a KMS key ARN such as arn:aws:kms:eu-west-1:111111111111:key/0f1e2d3c-...`);
    }
    const rawLimit = env.BATCH_LIMIT?.trim();
    const batchLimit = rawLimit ? Number(rawLimit) : BATCH_LIMITS.default;
    if ((rawLimit && !/^\d+$/.test(rawLimit)) || batchLimit < 1 || batchLimit > BATCH_LIMITS.max) {
        throw new Error(`BATCH_LIMIT is ${JSON.stringify(rawLimit)}: it must be a whole number from 1 to ${BATCH_LIMITS.max}`);
    }

    return {
        warehouse: { ...(workgroupName ? { workgroupName } : { clusterIdentifier }), database, ...(secretArn ? { secretArn } : {}) },
        schema,
        table,
        watermarkColumn,
        columns,
        textColumns,
        piiColumns,
        settleSeconds,
        bucket: required(env, "OUTPUT_BUCKET", "the name of the bucket the batches are written to"),
        prefix,
        kmsKeyArn,
        watermarkTable: required(env, "WATERMARK_TABLE", "the name of the DynamoDB table of watermarks"),
        batchLimit,
        source: `${database}.${schema}.${table}`,
    };
}
