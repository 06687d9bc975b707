import * as aws from "@pulumi/aws";
import { DescribeStatementCommand, ExecuteStatementCommand, RedshiftDataClient } from "@aws-sdk/client-redshift-data";
import { strict as assert } from "assert";
import { mockClient } from "aws-sdk-client-mock";
import { ConsumerDatashareDatabase, consumerDatabaseProvider } from "../../../components/redshift-sharing/consumer-database";
import { pollSettings } from "../../../components/redshift-sharing/data-api";
import { ProducerDatashareInputs, producerDatashareProvider } from "../../../components/redshift-sharing/producer-datashare";
import { mockCallerAccount } from "../../support/caller-account";
import { runProgram } from "../../support/run-stack";

const NAMESPACE = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

describe("datashare providers", () => {
    const api = mockClient(RedshiftDataClient);
    let sts: ReturnType<typeof mockCallerAccount>;
    const saved = { ...pollSettings };
    const sent = () => api.commandCalls(ExecuteStatementCommand).map((c) => c.args[0].input.Sql);
    const base: ProducerDatashareInputs = {
        target: { accountId: "111111111111", region: "eu-west-1" },
        warehouse: { workgroupName: "producer", database: "dev" },
        name: "transaction_logs",
        schema: "public",
        tables: ["transaction_log"],
        includeNew: false,
        consumerAccounts: ["444444444444"],
    };
    beforeEach(() => {
        api.reset();
        api.on(ExecuteStatementCommand).resolves({ Id: "s" });
        api.on(DescribeStatementCommand).resolves({ Status: "FINISHED" });
        Object.assign(pollSettings, { intervalMs: 0, attempts: 2 });
        sts = mockCallerAccount("111111111111");
    });
    afterEach(() => sts.restore());
    after(() => {
        Object.assign(pollSettings, saved);
        api.restore();
    });

    it("creates the share, adds schema and tables, and grants each consumer account", async () => {
        const result = await producerDatashareProvider.create!(base);
        assert.equal(result.id, "transaction_logs");
        assert.deepEqual(sent(), [
            'CREATE DATASHARE "transaction_logs"',
            'ALTER DATASHARE "transaction_logs" ADD SCHEMA "public"',
            'ALTER DATASHARE "transaction_logs" ADD TABLE "public"."transaction_log"',
            "GRANT USAGE ON DATASHARE \"transaction_logs\" TO ACCOUNT '444444444444'",
        ]);
    });

    it("updates only the delta: a table added and one removed, a consumer added and one revoked", async () => {
        const olds = { ...base, tables: ["transaction_log", "old_log"], consumerAccounts: ["444444444444", "666666666666"] };
        const news = { ...base, tables: ["transaction_log", "audit_log"], consumerAccounts: ["444444444444", "555555555555"] };
        assert.deepEqual(await producerDatashareProvider.diff!("transaction_logs", olds, news), { changes: true });
        await producerDatashareProvider.update!("transaction_logs", olds, news);
        assert.deepEqual(sent(), [
            'ALTER DATASHARE "transaction_logs" ADD TABLE "public"."audit_log"',
            'ALTER DATASHARE "transaction_logs" REMOVE TABLE "public"."old_log"',
            "GRANT USAGE ON DATASHARE \"transaction_logs\" TO ACCOUNT '555555555555'",
            "REVOKE USAGE ON DATASHARE \"transaction_logs\" FROM ACCOUNT '666666666666'",
        ]);
    });

    it("replaces the share when it moves, and reports no change when nothing did", async () => {
        assert.deepEqual(await producerDatashareProvider.diff!("x", base, { ...base, warehouse: { clusterIdentifier: "external", database: "dev" } }), { changes: true, replaces: ["name"], deleteBeforeReplace: true });
        assert.deepEqual(await producerDatashareProvider.diff!("x", base, base), { changes: false });
    });

    it("revokes every consumer before dropping the share", async () => {
        await producerDatashareProvider.delete!("transaction_logs", base);
        assert.deepEqual(sent(), ["REVOKE USAGE ON DATASHARE \"transaction_logs\" FROM ACCOUNT '444444444444'", 'DROP DATASHARE "transaction_logs"']);
    });

    it("propagates a failed statement with its SQL, on a provisioned cluster too", async () => {
        api.on(DescribeStatementCommand).resolves({ Status: "FAILED", Error: "permission denied for schema public" });
        await assert.rejects(producerDatashareProvider.create!({ ...base, warehouse: { clusterIdentifier: "producer", database: "dev", dbUser: "admin" } }), /failed: CREATE DATASHARE "transaction_logs"\npermission denied/);
        assert.equal(api.commandCalls(ExecuteStatementCommand)[0].args[0].input.ClusterIdentifier, "producer");
    });

    it("refuses a table name that could inject SQL before running anything", async () => {
        await assert.rejects(producerDatashareProvider.create!({ ...base, tables: ['x"; DROP TABLE y; --'] }), /not a safe Redshift identifier/);
        assert.deepEqual(sent(), []);
    });

    it("creates and drops the consumer's database from the datashare", async () => {
        sts.restore();
        sts = mockCallerAccount("444444444444");
        const inputs = { target: { accountId: "444444444444", region: "eu-west-1" }, warehouse: { workgroupName: "consumer", database: "dev" }, database: "producer_logs", datashare: "transaction_logs", producerAccountId: "111111111111", producerNamespace: NAMESPACE };
        await consumerDatabaseProvider.create!(inputs);
        await consumerDatabaseProvider.delete!("producer_logs", inputs);
        assert.deepEqual(sent(), [`CREATE DATABASE "producer_logs" FROM DATASHARE "transaction_logs" OF ACCOUNT '111111111111' NAMESPACE '${NAMESPACE}'`, 'DROP DATABASE "producer_logs"']);
        assert.deepEqual(await consumerDatabaseProvider.diff!("producer_logs", inputs, { ...inputs, producerNamespace: NAMESPACE.replace("0f", "1f") }), { changes: true, replaces: ["database"], deleteBeforeReplace: true });
    });

    it("creates the consumer database only after the datashare's consumer association", async () => {
        const run = await runProgram(() => {
            const association = new aws.redshift.DataShareConsumerAssociation("association", { dataShareArn: `arn:aws:redshift:eu-west-1:111111111111:datashare:${NAMESPACE}/transaction_logs`, associateEntireAccount: true });
            new ConsumerDatashareDatabase(
                "database",
                { target: { accountId: "444444444444", region: "eu-west-1" }, warehouse: { workgroupName: "consumer", database: "dev" }, database: "producer_logs", datashare: "transaction_logs", producerAccountId: "111111111111", producerNamespace: NAMESPACE },
                { dependsOn: [association] },
            );
            return {};
        });
        const database = run.resources.find((r) => r.name === "database")!;
        assert.ok(database.options.dependencies.some((u) => u.endsWith("DataShareConsumerAssociation::association")), JSON.stringify(database.options.dependencies));
    });
});
