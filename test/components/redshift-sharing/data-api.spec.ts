import { DescribeStatementCommand, ExecuteStatementCommand, RedshiftDataClient } from "@aws-sdk/client-redshift-data";
import { strict as assert } from "assert";
import { mockClient } from "aws-sdk-client-mock";
import { pollSettings, runStatements } from "../../../components/redshift-sharing/data-api";

describe("Redshift Data API runner", () => {
    const api = mockClient(RedshiftDataClient);
    const client = new RedshiftDataClient({ region: "eu-west-1" });
    const serverless = { workgroupName: "producer", database: "dev", secretArn: "arn:aws:secretsmanager:eu-west-1:111111111111:secret:admin" };
    const saved = { ...pollSettings };
    beforeEach(() => {
        api.reset();
        Object.assign(pollSettings, { intervalMs: 0, attempts: 3 });
    });
    after(() => {
        Object.assign(pollSettings, saved);
        api.restore();
    });

    it("runs statements in order, each to completion", async () => {
        let n = 0;
        api.on(ExecuteStatementCommand).callsFake(() => ({ Id: `s${++n}` }));
        api.on(DescribeStatementCommand).resolves({ Status: "FINISHED" });
        await runStatements(client, serverless, ["CREATE DATASHARE \"a\"", "DROP DATASHARE \"a\""]);
        assert.deepEqual(api.commandCalls(ExecuteStatementCommand).map((c) => c.args[0].input.Sql), ['CREATE DATASHARE "a"', 'DROP DATASHARE "a"']);
        assert.deepEqual(api.commandCalls(DescribeStatementCommand).map((c) => c.args[0].input.Id), ["s1", "s2"]);
    });

    it("fails with the failing SQL and Redshift's message, and runs nothing after it", async () => {
        api.on(ExecuteStatementCommand).resolves({ Id: "s1" });
        api.on(DescribeStatementCommand).resolves({ Status: "FAILED", Error: "ERROR: datashare \"a\" already exists" });
        await assert.rejects(runStatements(client, serverless, ['CREATE DATASHARE "a"', "second"]), /statement failed: CREATE DATASHARE "a"\nERROR: datashare "a" already exists/);
        assert.equal(api.commandCalls(ExecuteStatementCommand).length, 1);
    });

    it("times out with the statement and its last status", async () => {
        api.on(ExecuteStatementCommand).resolves({ Id: "s1" });
        api.on(DescribeStatementCommand).resolves({ Status: "STARTED" });
        await assert.rejects(runStatements(client, serverless, ["slow"]), /still STARTED after 3 checks: slow/);
    });

    it("targets a Serverless workgroup or a provisioned cluster with exactly their parameters", async () => {
        api.on(ExecuteStatementCommand).resolves({ Id: "s1" });
        api.on(DescribeStatementCommand).resolves({ Status: "FINISHED" });
        await runStatements(client, serverless, ["x"]);
        await runStatements(client, { clusterIdentifier: "external", database: "dev", dbUser: "admin" }, ["y"]);
        const [s, c] = api.commandCalls(ExecuteStatementCommand).map((call) => call.args[0].input);
        assert.deepEqual([s.WorkgroupName, s.ClusterIdentifier, s.SecretArn, s.DbUser], ["producer", undefined, serverless.secretArn, undefined]);
        assert.deepEqual([c.WorkgroupName, c.ClusterIdentifier, c.DbUser], [undefined, "external", "admin"]);
    });

    it("refuses a warehouse that is both or neither", async () => {
        await assert.rejects(runStatements(client, { database: "dev" }, ["x"]), /exactly one of workgroupName and clusterIdentifier/);
        await assert.rejects(runStatements(client, { database: "dev", workgroupName: "w", clusterIdentifier: "c" }, ["x"]), /exactly one/);
    });
});
