import { CancelStatementCommand, DescribeStatementCommand, ExecuteStatementCommand, RedshiftDataClient } from "@aws-sdk/client-redshift-data";
import { strict as assert } from "assert";
import { mockClient } from "aws-sdk-client-mock";
import { Warehouse, pollSettings, runStatements } from "../../../components/redshift/data-api";

const SECRET = "arn:aws:secretsmanager:eu-west-1:111111111111:secret:redshift!producer-admin-AbCdEf";

describe("Redshift Data API runner", () => {
    const api = mockClient(RedshiftDataClient);
    const client = new RedshiftDataClient({ region: "eu-west-1" });
    const serverless: Warehouse = { workgroupName: "producer", database: "dev", secretArn: SECRET };
    const saved = { ...pollSettings };

    /** Each ExecuteStatement gets the next id: s1, s2, ... */
    function numberedStatements(): void {
        let n = 0;
        api.on(ExecuteStatementCommand).callsFake(() => ({ Id: `s${++n}` }));
    }
    const executed = () => api.commandCalls(ExecuteStatementCommand).map((c) => c.args[0].input);

    before(() => Object.assign(pollSettings, { intervalMs: 0, attempts: 3 }));
    beforeEach(() => api.reset());
    after(() => {
        Object.assign(pollSettings, saved);
        api.restore();
    });

    it("defaults to checking every second for up to 300 checks", () => {
        assert.deepEqual(saved, { intervalMs: 1000, attempts: 300 });
    });

    it("runs statements in order, each polled until FINISHED before the next is sent", async () => {
        const log: string[] = [];
        api.on(ExecuteStatementCommand).callsFake((input: { Sql: string }) => {
            log.push(`execute ${input.Sql}`);
            return { Id: input.Sql === "first" ? "s1" : "s2" };
        });
        const statuses: Record<string, string[]> = { s1: ["SUBMITTED", "STARTED", "FINISHED"], s2: ["PICKED", "FINISHED"] };
        api.on(DescribeStatementCommand).callsFake((input: { Id: string }) => {
            const status = statuses[input.Id].shift();
            log.push(`describe ${input.Id} ${status}`);
            return { Id: input.Id, Status: status };
        });

        await runStatements(client, serverless, ["first", "second"]);

        assert.deepEqual(log, [
            "execute first",
            "describe s1 SUBMITTED",
            "describe s1 STARTED",
            "describe s1 FINISHED",
            "execute second",
            "describe s2 PICKED",
            "describe s2 FINISHED",
        ]);
    });

    it("fails with the failing SQL and Redshift's message, and runs nothing after it", async () => {
        numberedStatements();
        api.on(DescribeStatementCommand, { Id: "s1" }).resolves({ Status: "FINISHED" });
        api.on(DescribeStatementCommand, { Id: "s2" }).resolves({ Status: "FAILED", Error: 'ERROR: datashare "logs" already exists' });

        await assert.rejects(runStatements(client, serverless, ["first", 'CREATE DATASHARE "logs"', "third"]), (err: Error & Record<string, unknown>) => {
            assert.ok(err.message.startsWith('Redshift statement failed: CREATE DATASHARE "logs"\nERROR: datashare "logs" already exists\n'), err.message);
            assert.ok(err.message.includes('Serverless workgroup "producer", database "dev"'), err.message);
            assert.ok(err.message.includes("Data API statement s2"), err.message);
            assert.equal(err.sql, 'CREATE DATASHARE "logs"');
            assert.equal(err.status, "FAILED");
            assert.equal(err.redshiftError, 'ERROR: datashare "logs" already exists');
            return true;
        });
        assert.deepEqual(
            executed().map((i) => i.Sql),
            ["first", 'CREATE DATASHARE "logs"'],
        );
    });

    it("fails on an aborted statement too, saying so when Redshift gives no message", async () => {
        numberedStatements();
        api.on(DescribeStatementCommand).resolves({ Status: "ABORTED" });
        await assert.rejects(
            runStatements(client, serverless, ['DROP DATASHARE "logs"']),
            /^Error: Redshift statement aborted: DROP DATASHARE "logs"\n\(Redshift gave no error message\)/,
        );
    });

    it("fails when the Data API refuses the statement, with the SQL and the API's message", async () => {
        api.on(ExecuteStatementCommand).rejects(new Error("Workgroup producer not found"));
        await assert.rejects(runStatements(client, serverless, ["x"]), (err: Error) => {
            assert.match(err.message, /^Redshift statement could not be submitted: x\nWorkgroup producer not found\n/);
            assert.equal((err.cause as Error).message, "Workgroup producer not found");
            return true;
        });
        assert.equal(api.commandCalls(DescribeStatementCommand).length, 0);
    });

    it("times out after the set number of checks, with the SQL and the last status, and cancels the statement", async () => {
        numberedStatements();
        api.on(DescribeStatementCommand).resolves({ Status: "STARTED" });
        api.on(CancelStatementCommand).resolves({ Status: true });
        const started = Date.now();
        await assert.rejects(runStatements(client, serverless, ['ALTER DATASHARE "logs" ADD SCHEMA "public"']), (err: Error & Record<string, unknown>) => {
            assert.match(err.message, /^Redshift statement still STARTED after 3 checks \(~0s\): ALTER DATASHARE "logs" ADD SCHEMA "public"\n/);
            assert.match(err.message, /Data API statement s1: cancellation was requested/);
            assert.equal(err.status, "STARTED");
            return true;
        });
        assert.equal(api.commandCalls(DescribeStatementCommand).length, 3);
        assert.deepEqual(api.commandCalls(CancelStatementCommand)[0].args[0].input, { Id: "s1" });
        assert.ok(Date.now() - started < 1000, "the lowered poll settings apply: no real waiting");
    });

    it("says a timed-out statement may still complete when it cannot be cancelled", async () => {
        numberedStatements();
        api.on(DescribeStatementCommand).resolves({ Status: "SUBMITTED" });
        api.on(CancelStatementCommand).rejects(new Error("Could not cancel a query that is already in FINISHED state"));
        await assert.rejects(
            runStatements(client, serverless, ["x"]),
            /could not be cancelled \(Could not cancel a query that is already in FINISHED state\) and may still complete/,
        );
    });

    it("takes poll settings as an argument, in place of the exported ones", async () => {
        numberedStatements();
        api.on(DescribeStatementCommand).resolves({ Status: "STARTED" });
        api.on(CancelStatementCommand).resolves({});
        await assert.rejects(runStatements(client, serverless, ["x"], { intervalMs: 1, attempts: 5 }), /still STARTED after 5 checks/);
        assert.equal(api.commandCalls(DescribeStatementCommand).length, 5);
    });

    describe("warehouse parameters", () => {
        beforeEach(() => {
            numberedStatements();
            api.on(DescribeStatementCommand).resolves({ Status: "FINISHED" });
        });

        it("Serverless: the workgroup, the database and the secret, nothing else", async () => {
            await runStatements(client, serverless, ["x"]);
            assert.deepEqual(executed(), [{ WorkgroupName: "producer", Database: "dev", SecretArn: SECRET, Sql: "x" }]);
        });

        it("Serverless without a secret: the deployment role's identity", async () => {
            await runStatements(client, { workgroupName: "producer", database: "dev" }, ["x"]);
            assert.deepEqual(executed(), [{ WorkgroupName: "producer", Database: "dev", Sql: "x" }]);
        });

        it("provisioned cluster with a secret", async () => {
            await runStatements(client, { clusterIdentifier: "external", database: "dev", secretArn: SECRET }, ["x"]);
            assert.deepEqual(executed(), [{ ClusterIdentifier: "external", Database: "dev", SecretArn: SECRET, Sql: "x" }]);
        });

        it("provisioned cluster with a database user", async () => {
            await runStatements(client, { clusterIdentifier: "external", database: "dev", dbUser: "admin" }, ["x"]);
            assert.deepEqual(executed(), [{ ClusterIdentifier: "external", Database: "dev", DbUser: "admin", Sql: "x" }]);
        });
    });

    describe("refused warehouses, before any call", () => {
        const refused: [string, Warehouse, RegExp][] = [
            ["neither workgroup nor cluster", { database: "dev" }, /give exactly one of workgroupName and clusterIdentifier, not neither/],
            [
                "both a workgroup and a cluster",
                { workgroupName: "w", clusterIdentifier: "c", database: "dev" },
                /give exactly one of workgroupName and clusterIdentifier, not both \(workgroup "w", cluster "c"\)/,
            ],
            ["no database", { workgroupName: "w", database: "" }, /workgroup "w"\) needs the database to connect to/],
            ["a database user on Serverless", { workgroupName: "w", database: "dev", dbUser: "admin" }, /dbUser "admin" applies to provisioned clusters only/],
            [
                "both a secret and a database user",
                { clusterIdentifier: "c", database: "dev", secretArn: SECRET, dbUser: "admin" },
                /give secretArn or dbUser, not both/,
            ],
        ];
        for (const [what, warehouse, message] of refused) {
            it(what, async () => {
                await assert.rejects(runStatements(client, warehouse, ["x"]), message);
                assert.equal(api.calls().length, 0);
            });
        }
    });
});
