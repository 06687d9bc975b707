import { ExecuteStatementCommand, GetStatementResultCommand, RedshiftDataClient } from "@aws-sdk/client-redshift-data";
import type { Field, SqlParameter } from "@aws-sdk/client-redshift-data";
import { PollSettings, Warehouse, awaitStatement, checkWarehouse, executeInput, pollSettings } from "../../../core/redshift/data-api-statement";

export type { PollSettings, Warehouse } from "../../../core/redshift/data-api-statement";
export { pollSettings } from "../../../core/redshift/data-api-statement";

/**
 * One query through the Redshift Data API, with its result: submit, wait as the datashare
 * providers do (core/redshift/data-api-statement.ts), then read every page of rows.
 */

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
    checkWarehouse(warehouse);
    const input = { ...executeInput(warehouse, sql), ...(parameters.length > 0 ? { Parameters: [...parameters] } : {}) };
    const id = (await client.send(new ExecuteStatementCommand(input))).Id;
    if (!id) {
        throw new Error(`the Data API returned no statement id for: ${sql}`);
    }
    const { hasResultSet } = await awaitStatement(client, id, sql, warehouse, poll);
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
                const name = columns![i] ?? `column${i + 1}`;
                if (field.longValue !== undefined && !Number.isSafeInteger(field.longValue)) {
                    // The SDK has already parsed it into a double: its last digits are gone.
                    throw new Error(
                        `column ${name} of Redshift statement ${id} holds a BIGINT beyond 2^53 (${field.longValue}), which a JSON number cannot carry exactly: read it as text (CAST AS VARCHAR)`,
                    );
                }
                row[name] = fieldValue(field);
            });
            rows.push(row);
        }
        token = page.NextToken;
    } while (token);
    return { columns: columns ?? [], rows };
}
