import { AwsTarget, verifiedClientConfig } from "../../core/dynamic/aws-target";
import { CancelStatementCommand, DescribeStatementCommand, ExecuteStatementCommand, ExecuteStatementInput, RedshiftDataClient } from "@aws-sdk/client-redshift-data";

/**
 * Runs SQL on a Redshift warehouse through the Redshift Data API, which needs no network
 * path to the warehouse: the datashare providers' statements go through here, one at a time.
 */

/** Where statements run: a Serverless workgroup or a provisioned cluster, exactly one. */
export interface Warehouse {
    /** Redshift Serverless workgroup; give this or `clusterIdentifier`. */
    readonly workgroupName?: string;
    /** Provisioned cluster; give this or `workgroupName`. */
    readonly clusterIdentifier?: string;
    /** Database the statements connect to; datashares belong to it and share its objects. */
    readonly database: string;
    /**
     * Secrets Manager secret with the database user's credentials (e.g. the admin secret
     * Redshift manages). Without it (and without `dbUser`), the database user is derived from
     * the deployment role's IAM identity.
     */
    readonly secretArn?: string;
    /** Provisioned clusters only: database user for temporary credentials, instead of `secretArn`. */
    readonly dbUser?: string;
}

/** How often, and how many times, a statement's status is checked. */
export interface PollSettings {
    /** Pause between two checks, in milliseconds. */
    intervalMs: number;
    /** Checks before giving up on the statement. */
    attempts: number;
}

/** Up to ~5 minutes per statement; exported so tests can lower it and never really wait. */
export const pollSettings: PollSettings = { intervalMs: 1000, attempts: 300 };

/** What the Data API reports on a statement that did not finish. */
export interface StatementFailure {
    /** The statement that failed. */
    sql: string;
    /** `FAILED`, `ABORTED`, or the last status seen before the time-out. */
    status: string;
    /** Redshift's error message, when it gave one. */
    redshiftError?: string;
}

/** The warehouse as messages name it, e.g. `Serverless workgroup "producer", database "dev"`. */
export function describeWarehouse(warehouse: Warehouse): string {
    const where = warehouse.workgroupName ? `Serverless workgroup "${warehouse.workgroupName}"` : `cluster "${warehouse.clusterIdentifier}"`;
    return `${where}, database "${warehouse.database}"`;
}

/** Refuses a warehouse the Data API could not address unambiguously. */
export function checkWarehouse(warehouse: Warehouse): void {
    const { workgroupName, clusterIdentifier, database, secretArn, dbUser } = warehouse;
    if (!workgroupName === !clusterIdentifier) {
        const given = workgroupName ? `both (workgroup "${workgroupName}", cluster "${clusterIdentifier}")` : "neither";
        throw new Error(`a Redshift warehouse is a Serverless workgroup or a provisioned cluster: give exactly one of workgroupName and clusterIdentifier, not ${given}`);
    }
    if (!database) {
        throw new Error(`the Redshift warehouse (${workgroupName ? `workgroup "${workgroupName}"` : `cluster "${clusterIdentifier}"`}) needs the database to connect to`);
    }
    if (workgroupName && dbUser) {
        throw new Error(`dbUser "${dbUser}" applies to provisioned clusters only: Serverless workgroup "${workgroupName}" takes secretArn, or the deployment role's identity`);
    }
    if (secretArn && dbUser) {
        throw new Error(`cluster "${clusterIdentifier}": give secretArn or dbUser, not both (they are two ways to sign in)`);
    }
}

/** ExecuteStatement's parameters, with only the ones that apply to this warehouse. */
function executeInput(warehouse: Warehouse, sql: string): ExecuteStatementInput {
    const input: ExecuteStatementInput = warehouse.workgroupName
        ? { WorkgroupName: warehouse.workgroupName, Database: warehouse.database, Sql: sql }
        : { ClusterIdentifier: warehouse.clusterIdentifier, Database: warehouse.database, Sql: sql };
    if (warehouse.secretArn) {
        input.SecretArn = warehouse.secretArn;
    } else if (warehouse.dbUser) {
        input.DbUser = warehouse.dbUser;
    }
    return input;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function messageOf(err: unknown): string {
    return err instanceof Error ? err.message : String(err);
}

/** An Error carrying what failed as properties too, so callers can tell "does not exist" from other failures. */
function statementError(message: string, failure: StatementFailure, cause?: unknown): Error & StatementFailure {
    return Object.assign(new Error(message, cause === undefined ? undefined : { cause }), failure);
}

/** Waits for one statement; throws on failure or time-out. */
async function waitFor(client: RedshiftDataClient, id: string, sql: string, warehouse: Warehouse, poll: PollSettings): Promise<void> {
    let status = "SUBMITTED";
    for (let attempt = 1; attempt <= poll.attempts; attempt++) {
        if (attempt > 1 && poll.intervalMs > 0) {
            await sleep(poll.intervalMs);
        }
        const statement = await client.send(new DescribeStatementCommand({ Id: id }));
        status = statement.Status ?? status;
        if (status === "FINISHED") {
            return;
        }
        if (status === "FAILED" || status === "ABORTED") {
            const redshiftError = statement.Error;
            throw statementError(
                `Redshift statement ${status.toLowerCase()}: ${sql}\n${redshiftError ?? "(Redshift gave no error message)"}\n` +
                    `(on ${describeWarehouse(warehouse)}; Data API statement ${id})`,
                { sql, status, redshiftError },
            );
        }
    }
    // Left running, it could still change the warehouse after this run has reported failure.
    let cancelled: string;
    try {
        await client.send(new CancelStatementCommand({ Id: id }));
        cancelled = "cancellation was requested";
    } catch (err) {
        cancelled = `it could not be cancelled (${messageOf(err)}) and may still complete`;
    }
    const waited = Math.round((poll.attempts * poll.intervalMs) / 1000);
    throw statementError(
        `Redshift statement still ${status} after ${poll.attempts} checks (~${waited}s): ${sql}\n` +
            `on ${describeWarehouse(warehouse)}; Data API statement ${id}: ${cancelled}. ` +
            "A paused or resuming warehouse, or a lock held by another session, are the usual causes: check its query history, then run again.",
        { sql, status },
    );
}

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
        await waitFor(client, id, sql, warehouse, poll);
    }
}

/** A Data API client for the stack's account, once its credentials are proven to be that account's. */
export async function dataApiClient(target: AwsTarget): Promise<RedshiftDataClient> {
    return new RedshiftDataClient(await verifiedClientConfig(target));
}
