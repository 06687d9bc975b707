import { ExecuteStatementCommand, Field, GetStatementResultCommand } from "@aws-sdk/client-redshift-data";
import {
    PollSettings,
    Warehouse,
    awaitStatement,
    checkWarehouse,
    describeWarehouse,
    executeInput,
    pollSettings,
} from "../../../core/redshift/data-api-statement";
import { allPages } from "../../../ops/verify/paginate";
import { LiveReadContext } from "../../../ops/verify/live/context";

/**
 * A read-only query of a warehouse's system views through the Redshift Data API, as the
 * caller's IAM identity (no secret: verify holds no database password), its rows as text.
 */
export async function queryRows(context: LiveReadContext, warehouse: Warehouse, sql: string, poll: PollSettings = pollSettings): Promise<string[][]> {
    const where = { workgroupName: warehouse.workgroupName, clusterIdentifier: warehouse.clusterIdentifier, database: warehouse.database };
    checkWarehouse(where);
    const client = context.clients.redshiftData;
    const submitted = await context.call(`redshift-data ExecuteStatement on ${describeWarehouse(where)}`, () =>
        client.send(new ExecuteStatementCommand(executeInput(where, sql))),
    );
    if (!submitted.Id) throw new Error(`the Data API returned no statement id for ${sql} on ${describeWarehouse(where)}`);
    const { hasResultSet } = await awaitStatement(client, submitted.Id, sql, where, poll);
    if (!hasResultSet) return [];
    const records = await allPages(`redshift-data GetStatementResult ${submitted.Id}`, async (token) => {
        const page = await context.call(`redshift-data GetStatementResult ${submitted.Id}`, () =>
            client.send(new GetStatementResultCommand({ Id: submitted.Id, NextToken: token })),
        );
        return { items: page.Records, next: page.NextToken };
    });
    return records.map((row) => row.map(text));
}

function text(field: Field): string {
    if (field.isNull) return "";
    return String(field.stringValue ?? field.longValue ?? field.doubleValue ?? field.booleanValue ?? "");
}
