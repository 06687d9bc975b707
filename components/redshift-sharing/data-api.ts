import { DescribeStatementCommand, ExecuteStatementCommand, RedshiftDataClient } from "@aws-sdk/client-redshift-data";

/** Where statements run: a provisioned cluster or a Serverless workgroup, exactly one. */
export interface Warehouse {
    /** Serverless workgroup. */
    readonly workgroupName?: string;
    /** Provisioned cluster. */
    readonly clusterIdentifier?: string;
    /** Database to connect to. */
    readonly database: string;
    /** Secrets Manager secret of the admin user (the one Redshift manages). */
    readonly secretArn?: string;
    /** Database user, with temporary credentials, for a provisioned cluster without a secret. */
    readonly dbUser?: string;
}

/** How long to wait for each statement; lowered by tests. */
export const pollSettings = { intervalMs: 1000, attempts: 300 };

/**
 * Runs statements one after another through the Redshift Data API, each polled to
 * completion; a failure names the statement and carries Redshift's message.
 */
export async function runStatements(client: RedshiftDataClient, warehouse: Warehouse, sqls: readonly string[]): Promise<void> {
    if ((warehouse.workgroupName === undefined) === (warehouse.clusterIdentifier === undefined)) {
        throw new Error("a warehouse is either a Serverless workgroup or a provisioned cluster: give exactly one of workgroupName and clusterIdentifier");
    }
    for (const sql of sqls) {
        const { Id } = await client.send(
            new ExecuteStatementCommand({
                Sql: sql,
                Database: warehouse.database,
                WorkgroupName: warehouse.workgroupName,
                ClusterIdentifier: warehouse.clusterIdentifier,
                SecretArn: warehouse.secretArn,
                DbUser: warehouse.clusterIdentifier ? warehouse.dbUser : undefined,
            }),
        );
        await waitFor(client, Id!, sql);
    }
}

async function waitFor(client: RedshiftDataClient, id: string, sql: string): Promise<void> {
    let status: string | undefined;
    for (let attempt = 0; attempt < pollSettings.attempts; attempt++) {
        const statement = await client.send(new DescribeStatementCommand({ Id: id }));
        status = statement.Status;
        if (status === "FINISHED") return;
        if (status === "FAILED" || status === "ABORTED") {
            throw new Error(`Redshift statement ${status.toLowerCase()}: ${sql}\n${statement.Error ?? "(no message)"}`);
        }
        await new Promise((resolve) => setTimeout(resolve, pollSettings.intervalMs));
    }
    throw new Error(`Redshift statement still ${status ?? "unknown"} after ${pollSettings.attempts} checks: ${sql}`);
}
