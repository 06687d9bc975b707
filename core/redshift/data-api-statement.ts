import { CancelStatementCommand, DescribeStatementCommand, ExecuteStatementInput, RedshiftDataClient } from "@aws-sdk/client-redshift-data";
import { PollSettings, pollUntil, waited } from "../poll";
import { messageOf } from "../message-of";

export type { PollSettings } from "../poll";

/**
 * One Redshift Data API statement, from its input to FINISHED: where it runs, how it is
 * polled, and what its failure says. Shared by the datashare providers (deploy time) and
 * the microbatch Lambda (run time), so it depends on the Data API client only: the Lambda
 * packager refuses anything else.
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
     * the caller's IAM identity.
     */
    readonly secretArn?: string;
    /** Provisioned clusters only: database user for temporary credentials, instead of `secretArn`. */
    readonly dbUser?: string;
}

/**
 * A statement whose text holds a secret (a password hash): `sql` is sent, `shown` is what
 * errors and logs may print, and each of `secrets` is masked in any message that echoes it.
 */
export interface SecretStatement {
    /** The statement sent to Redshift, secret included. */
    readonly sql: string;
    /** The statement as errors and logs may print it, secret masked. */
    readonly shown: string;
    /** Values masked in any message that echoes them. */
    readonly secrets: readonly string[];
}

/** SQL to run: plain text, or text holding a secret. */
export type Statement = string | SecretStatement;

/** The text sent to Redshift. */
export function sqlOf(statement: Statement): string {
    return typeof statement === "string" ? statement : statement.sql;
}

/** The text messages may show: the statement, its secrets masked. */
export function shownSql(statement: Statement): string {
    return typeof statement === "string" ? statement : statement.shown;
}

/** The secrets a message must not carry. */
export function secretsOf(statement: Statement): readonly string[] {
    return typeof statement === "string" ? [] : statement.secrets;
}

/** `text` with every secret replaced by `***`: Redshift's and the SDK's messages may quote the statement. */
export function redact(text: string, secrets: readonly string[]): string {
    return secrets.filter((s) => s.length > 0).reduce((t, secret) => t.split(secret).join("***"), text);
}

/** Up to ~5 minutes per statement; exported so tests can lower it and never really wait. */
export const pollSettings: PollSettings = { intervalMs: 1000, attempts: 300 };

/** What the Data API reports on a statement that did not finish. */
export interface StatementFailure {
    /** The statement that failed. */
    sql: string;
    /** `FAILED`, `ABORTED`, `REJECTED`, or the last status seen before the time-out. */
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
        throw new Error(
            `a Redshift warehouse is a Serverless workgroup or a provisioned cluster: give exactly one of workgroupName and clusterIdentifier, not ${given}`,
        );
    }
    if (!database) {
        throw new Error(
            `the Redshift warehouse (${workgroupName ? `workgroup "${workgroupName}"` : `cluster "${clusterIdentifier}"`}) needs the database to connect to`,
        );
    }
    if (workgroupName && dbUser) {
        throw new Error(
            `dbUser "${dbUser}" applies to provisioned clusters only: Serverless workgroup "${workgroupName}" takes secretArn, or the caller's identity`,
        );
    }
    if (secretArn && dbUser) {
        throw new Error(`cluster "${clusterIdentifier}": give secretArn or dbUser, not both (they are two ways to sign in)`);
    }
}

/** ExecuteStatement's parameters, with only the ones that apply to this warehouse. */
export function executeInput(warehouse: Warehouse, sql: string): ExecuteStatementInput {
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

/** An Error carrying what failed as properties too, so callers can tell "does not exist" from other failures. */
export function statementError(message: string, failure: StatementFailure, cause?: unknown): Error & StatementFailure {
    return Object.assign(new Error(message, cause === undefined ? undefined : { cause }), failure);
}

/**
 * Waits for one submitted statement to finish. A statement still running after the last
 * check is cancelled: left running, it could still change the warehouse, or hold a slot on
 * it, after the caller has reported failure.
 * @param sql the statement as messages show it (its secrets masked)
 * @param secrets values masked in Redshift's own messages, which may quote the statement
 * @returns whether the statement has a result set to read
 * @throws Error & StatementFailure naming the SQL, the warehouse, the statement id and Redshift's message
 */
export async function awaitStatement(
    client: RedshiftDataClient,
    id: string,
    sql: string,
    warehouse: Warehouse,
    poll: PollSettings = pollSettings,
    secrets: readonly string[] = [],
): Promise<{ hasResultSet: boolean }> {
    let status = "SUBMITTED";
    const finished = await pollUntil(poll, async () => {
        const statement = await client.send(new DescribeStatementCommand({ Id: id }));
        status = statement.Status ?? status;
        if (status === "FAILED" || status === "ABORTED") {
            const redshiftError = statement.Error === undefined ? undefined : redact(statement.Error, secrets);
            throw statementError(
                `Redshift statement ${status.toLowerCase()}: ${sql}\n${redshiftError ?? "(Redshift gave no error message)"}\n` +
                    `(on ${describeWarehouse(warehouse)}; Data API statement ${id})`,
                { sql, status, redshiftError },
            );
        }
        return status === "FINISHED" ? { hasResultSet: statement.HasResultSet ?? true } : undefined;
    });
    if (finished) {
        return finished;
    }
    let cancelled: string;
    try {
        await client.send(new CancelStatementCommand({ Id: id }));
        cancelled = "cancellation was requested";
    } catch (err) {
        cancelled = `it could not be cancelled (${redact(messageOf(err), secrets)}) and may still complete`;
    }
    throw statementError(
        `Redshift statement still ${status} after ${poll.attempts} checks (${waited(poll)}): ${sql}\n` +
            `on ${describeWarehouse(warehouse)}; Data API statement ${id}: ${cancelled}. ` +
            "A paused or resuming warehouse, or a lock held by another session, are the usual causes: check its query history, then run again.",
        { sql, status },
    );
}
