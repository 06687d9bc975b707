import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { DynamoDBClientConfig } from "@aws-sdk/client-dynamodb";
import { RedshiftDataClient } from "@aws-sdk/client-redshift-data";
import type { SqlParameter } from "@aws-sdk/client-redshift-data";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { qualifiedTable, quoteIdentifier } from "../../../components/redshift/sql";
import { MicrobatchConfig, microbatchConfig } from "./config";
import { columnSet, redactRow } from "./redaction";
import { PollSettings, Value, pollSettings, query } from "./statement";
import { WatermarkState, WatermarkStore, advanceWatermark, claimBatch, readWatermark } from "./watermark";

/**
 * The microbatch export (pattern 5): on a schedule, reads the log table's rows added since
 * the last run through the Redshift Data API, redacts PII, and writes them as one JSON Lines
 * object, encrypted with the lake's KMS key, to the published datasets bucket, from where
 * replication carries it to the external sharing bucket.
 *
 * The watermark column must only grow as rows are committed (an id or an event time stamped
 * at insert): a row committed later with a value at or below the watermark is never
 * exported, and rows with a NULL watermark never are. For a time column, `settleSeconds`
 * holds back the rows stamped in the last seconds, for loads that commit late. Only the
 * declared columns leave the warehouse: a column added to the table later is not exported
 * until the data product declares it (and whether it is PII).
 */

/** What a run works with; the Lambda entry fills it from the environment. */
export interface MicrobatchDeps {
    readonly redshift: RedshiftDataClient;
    readonly s3: S3Client;
    readonly dynamo: DynamoDBClient;
    readonly config: MicrobatchConfig;
    /** Stamped on the watermark item. */
    readonly now: Date;
    readonly log: (event: string, fields: Record<string, unknown>) => void;
    /** Data API polling; tests lower it. @default pollSettings */
    readonly poll?: PollSettings;
}

/** What a run did. */
export interface BatchResult {
    /** Rows written (0 when there was nothing new). */
    readonly rows: number;
    /** The object written, if any. */
    readonly objectKey?: string;
    /** The watermark after the run, if there is one. */
    readonly watermark?: string;
}

/** A SELECT and its Data API parameters: the watermark values are parameters, never SQL text. */
export interface BatchQuery {
    readonly sql: string;
    readonly parameters: SqlParameter[];
}

/**
 * The query of the next batch: the declared columns (BIGINT ones as text) of the rows above
 * the watermark (all rows, on the first run) and settled (see `settleSeconds`), in watermark
 * order; `batchLimit` of them and one more (to see whether the batch ends inside a run of
 * equal values), or, when `until` is given, exactly the rows up to and including `until`
 * (the re-read of a claimed batch, or a run of equal values longer than the limit).
 * Conditions and order name the table's own column (`src.`), never the text alias.
 */
export function batchQuery(config: MicrobatchConfig, watermark: string | undefined, until?: string): BatchQuery {
    const column = `src.${quoteIdentifier(config.watermarkColumn, "watermark column")}`;
    const asText = columnSet(config.textColumns);
    const select = config.columns.map((c) => {
        const quoted = quoteIdentifier(c, "column");
        // VARCHAR(20) holds every BIGINT, sign included.
        return asText.has(c.toLowerCase()) ? `CAST(src.${quoted} AS VARCHAR(20)) AS ${quoted}` : `src.${quoted}`;
    });
    const conditions = [watermark === undefined ? `${column} IS NOT NULL` : `${column} > :watermark`];
    const parameters: SqlParameter[] = watermark === undefined ? [] : [{ name: "watermark", value: watermark }];
    if (until !== undefined) {
        conditions.push(`${column} <= :until`);
        parameters.push({ name: "until", value: until });
    }
    if (config.settleSeconds > 0) {
        // A validated whole number, like the limit below.
        conditions.push(`${column} <= DATEADD(second, -${Math.trunc(config.settleSeconds)}, GETDATE())`);
    }
    // One row past the limit shows whether the batch cuts a run of equal values.
    // batchLimit is a validated whole number; LIMIT takes no parameter.
    const limit = until === undefined ? ` LIMIT ${Math.trunc(config.batchLimit) + 1}` : "";
    return {
        sql: `SELECT ${select.join(", ")} FROM ${qualifiedTable(config.schema, config.table)} AS src WHERE ${conditions.join(" AND ")} ORDER BY ${column}${limit}`,
        parameters,
    };
}

/** A watermark value as stored and passed back as a parameter. */
function asWatermark(value: Value | undefined, column: string): string {
    if (value === null || value === undefined || typeof value === "boolean") {
        throw new Error(`watermark column ${column} holds ${JSON.stringify(value)}: it must be a number or a timestamp`);
    }
    return String(value);
}

/** A watermark value as part of an object key: characters other than letters, digits, `.` and `-` become `_`. */
function keyPart(value: string): string {
    return value.replace(/[^A-Za-z0-9.-]/g, "_");
}

/** The batch's object key, from its first and last watermark values: a repeated batch overwrites its object. */
export function batchKey(prefix: string, first: string, last: string): string {
    return `${prefix}batch-${keyPart(first)}-${keyPart(last)}.jsonl`;
}

/** The name the result gives the watermark column (Redshift returns names in lower case). */
function resultColumn(columns: readonly string[], config: MicrobatchConfig): string {
    const found = columns.find((c) => c.toLowerCase() === config.watermarkColumn.toLowerCase());
    if (!found) {
        throw new Error(`WATERMARK_COLUMN ${config.watermarkColumn} is not a column of ${config.schema}.${config.table} (its columns: ${columns.join(", ")})`);
    }
    return found;
}

/**
 * One run: the next batch (or the claimed batch a failed run left) is read, redacted,
 * written, and only then the watermark advanced. Nothing new: nothing is written.
 * @throws Error when any step fails; the watermark then stays where it was, and the next run repeats the batch
 */
export async function exportBatch(deps: MicrobatchDeps): Promise<BatchResult> {
    const { config, log, now } = deps;
    const store: WatermarkStore = { dynamo: deps.dynamo, table: config.watermarkTable, source: config.source };
    const state: WatermarkState = await readWatermark(store);
    const run = (q: BatchQuery) => query(deps.redshift, config.warehouse, q.sql, q.parameters, deps.poll ?? pollSettings);

    let rows: readonly Record<string, Value>[];
    let until: string;
    if (state.pendingUntil !== undefined) {
        until = state.pendingUntil;
        rows = (await run(batchQuery(config, state.watermark, until))).rows;
        log("batch.repeat", { source: config.source, watermark: state.watermark ?? null, until, rows: rows.length });
        if (rows.length === 0) {
            // The claimed rows are gone (retention, vacuum): nothing to rewrite, move past them.
            await advanceWatermark(store, state, until, now);
            return { rows: 0, watermark: until };
        }
    } else {
        const result = await run(batchQuery(config, state.watermark));
        if (result.rows.length === 0) {
            log("batch.none", { source: config.source, watermark: state.watermark ?? null });
            return { rows: 0, ...(state.watermark === undefined ? {} : { watermark: state.watermark }) };
        }
        const column = resultColumn(result.columns, config);
        const limit = config.batchLimit;
        rows = result.rows.slice(0, limit);
        until = asWatermark(rows[rows.length - 1][column], column);
        // The query reads one row past the limit: when it shares the last value, the batch
        // cut a run of equal values, so keep only whole runs, or the rest of the last one
        // would sit at the watermark and never be read.
        if (result.rows.length > limit && asWatermark(result.rows[limit][column], column) === until) {
            const whole = rows.filter((row) => asWatermark(row[column], column) !== until);
            if (whole.length > 0) {
                rows = whole;
                until = asWatermark(rows[rows.length - 1][column], column);
            } else {
                // One value fills the batch: take all of its rows, beyond the limit.
                rows = (await run(batchQuery(config, state.watermark, until))).rows;
            }
        }
        await claimBatch(store, state, until, now);
    }

    const column = resultColumn(Object.keys(rows[0]), config);
    const objectKey = batchKey(config.prefix, asWatermark(rows[0][column], column), until);
    const [pii, numbers] = [columnSet(config.piiColumns), columnSet(config.textColumns)];
    const body = rows.map((row) => JSON.stringify(redactRow(row, pii, numbers))).join("\n") + "\n";
    await deps.s3.send(
        new PutObjectCommand({
            Bucket: config.bucket,
            Key: objectKey,
            Body: body,
            ContentType: "application/x-ndjson",
            ServerSideEncryption: "aws:kms",
            SSEKMSKeyId: config.kmsKeyArn,
            BucketKeyEnabled: true,
        }),
    );
    await advanceWatermark(store, state, until, now, objectKey);
    log("batch.written", { source: config.source, objectKey, rows: rows.length, watermark: until });
    return { rows: rows.length, objectKey, watermark: until };
}

/** The clients a run calls AWS with. */
export interface ExportClients {
    readonly redshift: RedshiftDataClient;
    readonly s3: S3Client;
    readonly dynamo: DynamoDBClient;
}

/**
 * The export's clients. DynamoDB is pinned to its regional endpoint
 * (`dynamodb.<region>.amazonaws.com`): current SDKs otherwise call an account-based one
 * (`<account>.ddb.<region>.amazonaws.com`) whenever the credentials carry the account id,
 * and the network perimeter's firewall allows the regional name only.
 * @param overrides region and credentials (tests); the Lambda environment provides both
 */
export function exportClients(overrides: Pick<DynamoDBClientConfig, "region" | "credentials"> = {}): ExportClients {
    return {
        redshift: new RedshiftDataClient({ ...overrides }),
        s3: new S3Client({ ...overrides }),
        dynamo: new DynamoDBClient({ ...overrides, accountIdEndpointMode: "disabled" }),
    };
}

let clients: ExportClients | undefined;

/** Lambda entry (EventBridge schedule). Configuration comes from the environment (see {@link microbatchConfig}). */
export async function handler(): Promise<BatchResult> {
    const config = microbatchConfig(process.env);
    clients ??= exportClients();
    return exportBatch({
        ...clients,
        config,
        now: new Date(),
        log: (event, fields) => console.log(JSON.stringify({ level: "info", event, ...fields })),
    });
}
