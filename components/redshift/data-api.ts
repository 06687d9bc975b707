import type { RedshiftDataClient } from "@aws-sdk/client-redshift-data";
import { AwsTarget, verifiedClientConfig } from "../../core/dynamic/aws-target";
import {
    PollSettings,
    Statement,
    Warehouse,
    awaitStatement,
    checkWarehouse,
    describeWarehouse,
    executeInput,
    pollSettings,
    redact,
    secretsOf,
    shownSql,
    sqlOf,
    statementError,
} from "../../core/redshift/data-api-statement";
import { messageOf } from "../../core/message-of";

export type { PollSettings, SecretStatement, Statement, StatementFailure, Warehouse } from "../../core/redshift/data-api-statement";
export { checkWarehouse, describeWarehouse, pollSettings } from "../../core/redshift/data-api-statement";

/** The SDK, loaded when statements run, not when the program loads (the plan never runs them). */
const redshiftData = () => import("@aws-sdk/client-redshift-data");

/**
 * Runs SQL on a Redshift warehouse through the Redshift Data API, which needs no network
 * path to the warehouse: the datashare providers' statements go through here, one at a time.
 */

/**
 * Runs statements one after another, each polled until Redshift reports it FINISHED; the
 * first that fails, aborts or times out stops the run with an error naming its SQL and
 * carrying Redshift's message. Each statement commits on its own: there is no transaction
 * around them. A statement holding a secret is named with the secret masked, and the secret
 * is masked in Redshift's and the SDK's messages too (the Data API keeps statement text, so
 * the secret sent is a hash, never a password).
 */
export async function runStatements(
    client: RedshiftDataClient,
    warehouse: Warehouse,
    statements: readonly Statement[],
    poll: PollSettings = pollSettings,
): Promise<void> {
    checkWarehouse(warehouse);
    const { ExecuteStatementCommand } = await redshiftData();
    for (const statement of statements) {
        const shown = shownSql(statement);
        const secrets = secretsOf(statement);
        let id: string | undefined;
        try {
            id = (await client.send(new ExecuteStatementCommand(executeInput(warehouse, sqlOf(statement)))))?.Id;
        } catch (err) {
            // The SDK's error may quote the request: a statement holding a secret keeps only the masked message.
            const cause = secrets.length > 0 ? undefined : err;
            throw statementError(
                `Redshift statement could not be submitted: ${shown}\n${redact(messageOf(err), secrets)}\n(on ${describeWarehouse(warehouse)})`,
                { sql: shown, status: "REJECTED" },
                cause,
            );
        }
        if (!id) {
            throw statementError(`Redshift statement was submitted but the Data API returned no statement id: ${shown}\n(on ${describeWarehouse(warehouse)})`, {
                sql: shown,
                status: "UNKNOWN",
            });
        }
        await awaitStatement(client, id, shown, warehouse, poll, secrets);
    }
}

/** A Data API client for the stack's account, once its credentials are proven to be that account's. */
export async function dataApiClient(target: AwsTarget): Promise<RedshiftDataClient> {
    const { RedshiftDataClient } = await redshiftData();
    return new RedshiftDataClient(await verifiedClientConfig(target));
}
