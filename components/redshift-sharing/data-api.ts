import { ExecuteStatementCommand, RedshiftDataClient } from "@aws-sdk/client-redshift-data";
import { AwsTarget, verifiedClientConfig } from "../../core/dynamic/aws-target";
import { PollSettings, Warehouse, awaitStatement, checkWarehouse, describeWarehouse, executeInput, pollSettings, statementError } from "../../core/redshift/data-api-statement";
import { messageOf } from "../../core/message-of";

export type { PollSettings, StatementFailure, Warehouse } from "../../core/redshift/data-api-statement";
export { checkWarehouse, describeWarehouse, pollSettings } from "../../core/redshift/data-api-statement";

/**
 * Runs SQL on a Redshift warehouse through the Redshift Data API, which needs no network
 * path to the warehouse: the datashare providers' statements go through here, one at a time.
 */

/**
 * Runs statements one after another, each polled until Redshift reports it FINISHED; the
 * first that fails, aborts or times out stops the run with an error naming its SQL and
 * carrying Redshift's message. Each statement commits on its own: there is no transaction
 * around them.
 */
export async function runStatements(client: RedshiftDataClient, warehouse: Warehouse, sqls: readonly string[], poll: PollSettings = pollSettings): Promise<void> {
    checkWarehouse(warehouse);
    for (const sql of sqls) {
        let id: string | undefined;
        try {
            id = (await client.send(new ExecuteStatementCommand(executeInput(warehouse, sql))))?.Id;
        } catch (err) {
            throw statementError(`Redshift statement could not be submitted: ${sql}\n${messageOf(err)}\n(on ${describeWarehouse(warehouse)})`, { sql, status: "REJECTED" }, err);
        }
        if (!id) {
            throw statementError(`Redshift statement was submitted but the Data API returned no statement id: ${sql}\n(on ${describeWarehouse(warehouse)})`, {
                sql,
                status: "UNKNOWN",
            });
        }
        await awaitStatement(client, id, sql, warehouse, poll);
    }
}

/** A Data API client for the stack's account, once its credentials are proven to be that account's. */
export async function dataApiClient(target: AwsTarget): Promise<RedshiftDataClient> {
    return new RedshiftDataClient(await verifiedClientConfig(target));
}
