import { CancelStatementCommand, DescribeStatementCommand, ExecuteStatementCommand, GetStatementResultCommand, RedshiftDataClient } from "@aws-sdk/client-redshift-data";
import type { ExecuteStatementInput, Field, SqlParameter } from "@aws-sdk/client-redshift-data";

/**
 * One query through the Redshift Data API, with its result: submit, poll until FINISHED,
 * then read every page. The datashare providers' runner (redshift-sharing/data-api.ts)
 * returns no rows and pulls in deploy-time modules, so the function has this small one.
 */

/** Where the query runs: a Serverless workgroup or a provisioned cluster, exactly one. */
export interface Warehouse {
    /** Redshift Serverless workgroup; give this or `clusterIdentifier`. */
    readonly workgroupName?: string;
    /** Provisioned cluster; give this or `workgroupName`. */
    readonly clusterIdentifier?: string;
    /** Database to connect to. */
    readonly database: string;
    /** Secrets Manager secret of the database user; without it, the function's IAM identity signs in. */
    readonly secretArn?: string;
}

/** How often, and how many times, the statement's status is checked. */
export interface PollSettings {
    /** Pause between two checks, in milliseconds. */
    intervalMs: number;
    /** Checks before giving up (and cancelling the statement). */
    attempts: number;
}

/** Up to ~5 minutes; exported so tests can lower it. The function's timeout must be longer. */
export const pollSettings: PollSettings = { intervalMs: 1000, attempts: 300 };

/** A column's value as JSON carries it. */
export type Value = string | number | boolean | null;

/** A query's rows, each keyed by column name in the column order of the result. */
export interface QueryResult {
    readonly columns: readonly string[];
    readonly rows: readonly Record<string, Value>[];
}

/** A Data API field as a JSON value; binary values become base64 text. */
export function fieldValue(field: Field): Value {
    if (field.isNull) {
        return null;
    }
    if (field.stringValue !== undefined) {
        return field.stringValue;
    }
    if (field.longValue !== undefined) {
        return field.longValue;
    }
    if (field.doubleValue !== undefined) {
        return field.doubleValue;
    }
    if (field.booleanValue !== undefined) {
        return field.booleanValue;
    }
    if (field.blobValue !== undefined) {
        return Buffer.from(field.blobValue).toString("base64");
    }
    return null;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs one query and returns all its rows. Values travel as Data API parameters
 * (`:name` in the SQL), never inside the SQL text.
 * @throws Error naming the statement id and Redshift's message when it fails, aborts or times out
 */
export async function query(
    client: RedshiftDataClient,
    warehouse: Warehouse,
    sql: string,
    parameters: readonly SqlParameter[] = [],
    poll: PollSettings = pollSettings,
): Promise<QueryResult> {
    if (!warehouse.workgroupName === !warehouse.clusterIdentifier) {
        throw new Error("give exactly one of a Redshift Serverless workgroup and a provisioned cluster");
    }
    const input: ExecuteStatementInput = {
        ...(warehouse.workgroupName ? { WorkgroupName: warehouse.workgroupName } : { ClusterIdentifier: warehouse.clusterIdentifier }),
        Database: warehouse.database,
        Sql: sql,
        ...(warehouse.secretArn ? { SecretArn: warehouse.secretArn } : {}),
        ...(parameters.length > 0 ? { Parameters: [...parameters] } : {}),
    };
    const id = (await client.send(new ExecuteStatementCommand(input))).Id;
    if (!id) {
        throw new Error(`the Data API returned no statement id for: ${sql}`);
    }

    let status = "SUBMITTED";
    let hasResultSet = false;
    for (let attempt = 1; ; attempt++) {
        if (attempt > poll.attempts) {
            // Left running, it would hold a slot on the warehouse after this run has failed.
            await client.send(new CancelStatementCommand({ Id: id })).catch(() => undefined);
            throw new Error(`Redshift statement ${id} still ${status} after ${poll.attempts} checks; it was cancelled: ${sql}`);
        }
        if (attempt > 1 && poll.intervalMs > 0) {
            await sleep(poll.intervalMs);
        }
        const described = await client.send(new DescribeStatementCommand({ Id: id }));
        status = described.Status ?? status;
        if (status === "FINISHED") {
            hasResultSet = described.HasResultSet ?? true;
            break;
        }
        if (status === "FAILED" || status === "ABORTED") {
            throw new Error(`Redshift statement ${id} ${status.toLowerCase()}: ${described.Error ?? "(no message)"}\n${sql}`);
        }
    }
    if (!hasResultSet) {
        return { columns: [], rows: [] };
    }

    let columns: string[] | undefined;
    const rows: Record<string, Value>[] = [];
    let token: string | undefined;
    do {
        const page = await client.send(new GetStatementResultCommand({ Id: id, NextToken: token }));
        columns ??= page.ColumnMetadata?.map((c, i) => c.name ?? c.label ?? `column${i + 1}`);
        for (const record of page.Records ?? []) {
            if (!columns) {
                throw new Error(`Redshift statement ${id} returned rows without column metadata`);
            }
            const row: Record<string, Value> = {};
            record.forEach((field, i) => {
                row[columns![i] ?? `column${i + 1}`] = fieldValue(field);
            });
            rows.push(row);
        }
        token = page.NextToken;
    } while (token);
    return { columns: columns ?? [], rows };
}
