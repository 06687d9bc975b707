import { DescribeStatementCommand, ExecuteStatementCommand, RedshiftDataClient } from "@aws-sdk/client-redshift-data";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import * as pulumi from "@pulumi/pulumi";
import { strict as assert } from "assert";
import { ProducerDatashare, ProducerDatashareInputs, producerDatashareProvider as provider } from "../../../patterns/redshift-datashare/producer-datashare";
import { loadSerialized, providerMethods } from "../../support/dynamic-provider";
import { mockRedshiftData, sqlSentBy } from "../../support/redshift-data";

const { create, diff, update, remove } = providerMethods(provider);

const PRODUCER = "111111111111";
const CONSUMER = "444444444444";
const OTHER_CONSUMER = "555555555555";
const SECRET = `arn:aws:secretsmanager:eu-west-1:${PRODUCER}:secret:redshift!producer-admin-AbCdEf`;

const serverless = { workgroupName: "producer", database: "dev", secretArn: SECRET };
const provisioned = { clusterIdentifier: "producer-cluster", database: "dev", dbUser: "admin" };

const base: ProducerDatashareInputs = {
    target: { accountId: PRODUCER, region: "eu-west-1" },
    warehouse: serverless,
    name: "transaction_logs",
    schema: "public",
    tables: ["transaction_log"],
    includeNew: false,
    consumerAccounts: [CONSUMER],
};

describe("ProducerDatashare provider", () => {
    const redshift = mockRedshiftData(PRODUCER);
    const { api, executed } = redshift;
    const sent = () => executed().map((i) => i.Sql);

    /** Every statement finishes, except those `failing` names, which fail with Redshift's `error`. */
    function answer(failing: Record<string, string> = {}): void {
        let n = 0;
        const byId = new Map<string, string>();
        api.on(ExecuteStatementCommand).callsFake((input: { Sql: string }) => {
            const id = `s${++n}`;
            byId.set(id, input.Sql);
            return { Id: id };
        });
        api.on(DescribeStatementCommand).callsFake((input: { Id: string }) => {
            const error = failing[byId.get(input.Id)!];
            return error === undefined ? { Status: "FINISHED" } : { Status: "FAILED", Error: error };
        });
    }

    beforeEach(() => answer());

    describe("create", () => {
        it("on Serverless: creates the share, adds the schema and each table, grants each account, in that order", async () => {
            const inputs = { ...base, tables: ["transaction_log", "audit_log"], consumerAccounts: [CONSUMER, OTHER_CONSUMER] };
            const result = await create(inputs);
            assert.deepEqual(sent(), [
                'CREATE DATASHARE "transaction_logs"',
                'ALTER DATASHARE "transaction_logs" ADD SCHEMA "public"',
                'ALTER DATASHARE "transaction_logs" ADD TABLE "public"."transaction_log"',
                'ALTER DATASHARE "transaction_logs" ADD TABLE "public"."audit_log"',
                `GRANT USAGE ON DATASHARE "transaction_logs" TO ACCOUNT '${CONSUMER}'`,
                `GRANT USAGE ON DATASHARE "transaction_logs" TO ACCOUNT '${OTHER_CONSUMER}'`,
            ]);
            for (const input of executed()) {
                assert.deepEqual({ ...input, Sql: undefined }, { WorkgroupName: "producer", Database: "dev", SecretArn: SECRET, Sql: undefined });
            }
            assert.equal(result.id, "transaction_logs");
            assert.deepEqual(result.outs, inputs);
            assert.equal(result.outs?.name, "transaction_logs");
        });

        it("on a provisioned cluster: the same statements, sent with the cluster and database user", async () => {
            await create({ ...base, warehouse: provisioned });
            assert.deepEqual(executed(), [
                { ClusterIdentifier: "producer-cluster", Database: "dev", DbUser: "admin", Sql: 'CREATE DATASHARE "transaction_logs"' },
                { ClusterIdentifier: "producer-cluster", Database: "dev", DbUser: "admin", Sql: 'ALTER DATASHARE "transaction_logs" ADD SCHEMA "public"' },
                {
                    ClusterIdentifier: "producer-cluster",
                    Database: "dev",
                    DbUser: "admin",
                    Sql: 'ALTER DATASHARE "transaction_logs" ADD TABLE "public"."transaction_log"',
                },
                {
                    ClusterIdentifier: "producer-cluster",
                    Database: "dev",
                    DbUser: "admin",
                    Sql: `GRANT USAGE ON DATASHARE "transaction_logs" TO ACCOUNT '${CONSUMER}'`,
                },
            ]);
        });

        it("sets INCLUDENEW for the schema after the tables when includeNew is on", async () => {
            await create({ ...base, includeNew: true, tables: [] });
            assert.deepEqual(sent(), [
                'CREATE DATASHARE "transaction_logs"',
                'ALTER DATASHARE "transaction_logs" ADD SCHEMA "public"',
                'ALTER DATASHARE "transaction_logs" SET INCLUDENEW = TRUE FOR SCHEMA "public"',
                `GRANT USAGE ON DATASHARE "transaction_logs" TO ACCOUNT '${CONSUMER}'`,
            ]);
        });

        it("sends a table or an account listed twice once", async () => {
            await create({ ...base, tables: ["t", "t"], consumerAccounts: [CONSUMER, CONSUMER] });
            assert.equal(sent().filter((s) => s?.includes('"public"."t"')).length, 1);
            assert.equal(sent().filter((s) => s?.startsWith("GRANT")).length, 1);
        });

        it("refuses a name that could carry SQL before any call, even to STS", async () => {
            await assert.rejects(
                create({ ...base, tables: ["transaction_log", 'x"; DROP TABLE users; --'] }),
                /^Error: table "x\\"; DROP TABLE users; --" is not a safe Redshift identifier/,
            );
            await assert.rejects(create({ ...base, consumerAccounts: ["44444444444' OR '1'='1"] }), /is not an AWS account id/);
            assert.equal(api.calls().length, 0);
            assert.equal(redshift.sts.calls().length, 0);
        });

        it("refuses credentials of another account before any Data API call", async () => {
            redshift.sts.on(GetCallerIdentityCommand).resolves({ Account: "999999999999" });
            await assert.rejects(create(base), /credentials are for account 999999999999, but this stack deploys into 111111111111/);
            assert.equal(api.calls().length, 0);
        });

        it("sends its calls to the target's region", async () => {
            const regions: string[] = [];
            api.on(ExecuteStatementCommand).callsFake(async (_input: unknown, getClient: () => RedshiftDataClient) => {
                regions.push(await getClient().config.region());
                return { Id: "s" };
            });
            await create({ ...base, target: { ...base.target, region: "ap-southeast-2" } });
            assert.deepEqual([...new Set(regions)], ["ap-southeast-2"]);
        });

        it("propagates a failed statement with its SQL and Redshift's message, and drops the half-made share", async () => {
            const grant = `GRANT USAGE ON DATASHARE "transaction_logs" TO ACCOUNT '${OTHER_CONSUMER}'`;
            answer({ [grant]: "ERROR: Consumer account 555555555555 is not allowed" });
            await assert.rejects(create({ ...base, consumerAccounts: [CONSUMER, OTHER_CONSUMER] }), (err: Error) => {
                assert.ok(err.message.startsWith(`Redshift statement failed: ${grant}\nERROR: Consumer account 555555555555 is not allowed\n`), err.message);
                assert.match(err.message, /the 4 statement\(s\) that had run on datashare "transaction_logs" were undone, so it is as before this run$/);
                return true;
            });
            assert.deepEqual(sent().slice(5), [`REVOKE USAGE ON DATASHARE "transaction_logs" FROM ACCOUNT '${CONSUMER}'`, 'DROP DATASHARE "transaction_logs"']);
        });

        it("on a provisioned cluster too, and says what to drop by hand when the rollback fails", async () => {
            answer({
                'ALTER DATASHARE "transaction_logs" ADD SCHEMA "public"': "ERROR: permission denied for schema public",
                'DROP DATASHARE "transaction_logs"': "ERROR: connection lost",
            });
            await assert.rejects(create({ ...base, warehouse: provisioned }), (err: Error) => {
                assert.ok(
                    err.message.startsWith(
                        'Redshift statement failed: ALTER DATASHARE "transaction_logs" ADD SCHEMA "public"\nERROR: permission denied for schema public\n',
                    ),
                    err.message,
                );
                assert.match(err.message, /cluster "producer-cluster", database "dev"/);
                assert.match(err.message, /undoing the 1 statement\(s\) that had run on datashare "transaction_logs" failed too/);
                assert.match(err.message, /\(undo: DROP DATASHARE "transaction_logs"\) before the next run$/);
                return true;
            });
            assert.deepEqual(sent(), [
                'CREATE DATASHARE "transaction_logs"',
                'ALTER DATASHARE "transaction_logs" ADD SCHEMA "public"',
                'DROP DATASHARE "transaction_logs"',
            ]);
        });

        it("leaves alone a share it did not create (CREATE itself failed)", async () => {
            answer({ 'CREATE DATASHARE "transaction_logs"': 'ERROR: Datashare "transaction_logs" already exists' });
            await assert.rejects(create(base), (err: Error) => {
                assert.equal(
                    err.message.split("\n").slice(0, 2).join("\n"),
                    'Redshift statement failed: CREATE DATASHARE "transaction_logs"\nERROR: Datashare "transaction_logs" already exists',
                );
                assert.doesNotMatch(err.message, /undo/);
                return true;
            });
            assert.deepEqual(sent(), ['CREATE DATASHARE "transaction_logs"']);
        });
    });

    describe("diff", () => {
        it("replaces on a new name or schema, a new warehouse or database, a new account or region", async () => {
            const cases: [Partial<ProducerDatashareInputs>, string[]][] = [
                [{ name: "transaction_logs_v2" }, ["name"]],
                [{ schema: "sales" }, ["schema"]],
                [{ warehouse: { ...serverless, workgroupName: "other" } }, ["warehouse"]],
                [{ warehouse: provisioned }, ["warehouse"]],
                [{ warehouse: { ...serverless, database: "sales" } }, ["warehouse"]],
                [{ target: { ...base.target, accountId: "666666666666" } }, ["target"]],
                [{ target: { ...base.target, region: "us-east-1" } }, ["target"]],
            ];
            for (const [change, replaces] of cases) {
                const result = await diff("transaction_logs", base, { ...base, ...change });
                assert.equal(result.changes, true, JSON.stringify(change));
                assert.deepEqual(result.replaces, replaces, JSON.stringify(change));
            }
        });

        it("drops the old share first only when the new one would have its name on the same warehouse", async () => {
            assert.deepEqual(await diff("x", base, { ...base, schema: "sales" }), { changes: true, replaces: ["schema"], deleteBeforeReplace: true });
            assert.deepEqual(await diff("x", base, { ...base, warehouse: { ...serverless, database: "sales" } }), {
                changes: true,
                replaces: ["warehouse"],
                deleteBeforeReplace: true,
            });
            assert.deepEqual(await diff("x", base, { ...base, name: "v2" }), { changes: true, replaces: ["name"] });
            assert.deepEqual(await diff("x", base, { ...base, warehouse: provisioned }), { changes: true, replaces: ["warehouse"] });
        });

        it("updates in place for tables, accounts, includeNew and credentials; no change otherwise", async () => {
            assert.deepEqual(await diff("x", base, { ...base, tables: ["transaction_log", "audit_log"] }), { changes: true });
            assert.deepEqual(await diff("x", base, { ...base, consumerAccounts: [] }), { changes: true });
            assert.deepEqual(await diff("x", base, { ...base, includeNew: true }), { changes: true });
            assert.deepEqual(await diff("x", base, { ...base, warehouse: { ...serverless, secretArn: `${SECRET}2` } }), { changes: true });
            assert.deepEqual(await diff("x", base, { ...base, target: { ...base.target, roleArn: `arn:aws:iam::${PRODUCER}:role/deployer` } }), {
                changes: true,
            });
            assert.deepEqual(await diff("x", base, { ...base, target: { ...base.target } }), { changes: false });
            const two = { ...base, tables: ["a", "b"] };
            assert.deepEqual(await diff("x", two, { ...two, tables: ["b", "a"] }), { changes: false }, "the order of tables does not matter");
        });

        it("does not choke in a preview on values still unknown, which arrive as a placeholder string", async () => {
            const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
            assert.deepEqual(await diff("x", base, { ...base, consumerAccounts: unknown as unknown as string[] }), { changes: true });
            assert.deepEqual(await diff("x", base, { ...base, tables: ["transaction_log", unknown] }), { changes: true });
        });
    });

    describe("update", () => {
        it("one table added and one removed: sends exactly REMOVE and ADD", async () => {
            const olds = { ...base, tables: ["transaction_log", "old_log"] };
            const news = { ...base, tables: ["transaction_log", "audit_log"] };
            const result = await update("transaction_logs", olds, news);
            assert.deepEqual(sent(), [
                'ALTER DATASHARE "transaction_logs" REMOVE TABLE "public"."old_log"',
                'ALTER DATASHARE "transaction_logs" ADD TABLE "public"."audit_log"',
            ]);
            assert.deepEqual(result.outs, news);
        });

        it("an account added and one removed: sends exactly REVOKE and GRANT", async () => {
            await update("transaction_logs", { ...base, consumerAccounts: [CONSUMER] }, { ...base, consumerAccounts: [OTHER_CONSUMER] });
            assert.deepEqual(sent(), [
                `REVOKE USAGE ON DATASHARE "transaction_logs" FROM ACCOUNT '${CONSUMER}'`,
                `GRANT USAGE ON DATASHARE "transaction_logs" TO ACCOUNT '${OTHER_CONSUMER}'`,
            ]);
        });

        it("withdraws first: revokes and removes before it adds and grants", async () => {
            await update(
                "transaction_logs",
                { ...base, tables: ["a"], consumerAccounts: [CONSUMER], includeNew: true },
                { ...base, tables: ["b"], consumerAccounts: [OTHER_CONSUMER], includeNew: false },
            );
            assert.deepEqual(sent(), [
                `REVOKE USAGE ON DATASHARE "transaction_logs" FROM ACCOUNT '${CONSUMER}'`,
                'ALTER DATASHARE "transaction_logs" REMOVE TABLE "public"."a"',
                'ALTER DATASHARE "transaction_logs" SET INCLUDENEW = FALSE FOR SCHEMA "public"',
                'ALTER DATASHARE "transaction_logs" ADD TABLE "public"."b"',
                `GRANT USAGE ON DATASHARE "transaction_logs" TO ACCOUNT '${OTHER_CONSUMER}'`,
            ]);
        });

        it("turns includeNew on", async () => {
            await update("transaction_logs", base, { ...base, includeNew: true });
            assert.deepEqual(sent(), ['ALTER DATASHARE "transaction_logs" SET INCLUDENEW = TRUE FOR SCHEMA "public"']);
        });

        it("on a provisioned cluster, with the new credentials", async () => {
            const olds = { ...base, warehouse: provisioned };
            const news = { ...base, warehouse: { ...provisioned, dbUser: "datasharing" }, tables: [] };
            await update("transaction_logs", olds, news);
            assert.deepEqual(executed(), [
                {
                    ClusterIdentifier: "producer-cluster",
                    Database: "dev",
                    DbUser: "datasharing",
                    Sql: 'ALTER DATASHARE "transaction_logs" REMOVE TABLE "public"."transaction_log"',
                },
            ]);
        });

        it("stores new credentials without calling AWS", async () => {
            const news = { ...base, target: { ...base.target, roleArn: `arn:aws:iam::${PRODUCER}:role/deployer` } };
            const result = await update("transaction_logs", base, news);
            assert.deepEqual(result.outs, news);
            assert.equal(api.calls().length, 0);
            assert.equal(redshift.sts.calls().length, 0);
        });

        it("propagates a failed statement with its SQL, and undoes what the update had done", async () => {
            const grant = `GRANT USAGE ON DATASHARE "transaction_logs" TO ACCOUNT '${OTHER_CONSUMER}'`;
            answer({ [grant]: "ERROR: something went wrong" });
            const olds = { ...base, tables: ["a"] };
            const news = { ...base, tables: ["b"], consumerAccounts: [CONSUMER, OTHER_CONSUMER] };
            await assert.rejects(update("transaction_logs", olds, news), (err: Error) => {
                assert.ok(err.message.startsWith(`Redshift statement failed: ${grant}\nERROR: something went wrong\n`), err.message);
                assert.match(err.message, /were undone, so it is as before this run$/);
                return true;
            });
            assert.deepEqual(sent(), [
                'ALTER DATASHARE "transaction_logs" REMOVE TABLE "public"."a"',
                'ALTER DATASHARE "transaction_logs" ADD TABLE "public"."b"',
                grant,
                'ALTER DATASHARE "transaction_logs" REMOVE TABLE "public"."b"',
                'ALTER DATASHARE "transaction_logs" ADD TABLE "public"."a"',
            ]);
        });
    });

    describe("delete", () => {
        it("revokes every account, then drops the share", async () => {
            await remove("transaction_logs", { ...base, consumerAccounts: [CONSUMER, OTHER_CONSUMER] });
            assert.deepEqual(sent(), [
                `REVOKE USAGE ON DATASHARE "transaction_logs" FROM ACCOUNT '${CONSUMER}'`,
                `REVOKE USAGE ON DATASHARE "transaction_logs" FROM ACCOUNT '${OTHER_CONSUMER}'`,
                'DROP DATASHARE "transaction_logs"',
            ]);
        });

        it("on a provisioned cluster", async () => {
            await remove("transaction_logs", { ...base, warehouse: provisioned });
            assert.deepEqual(
                executed().map((i) => [i.ClusterIdentifier, i.DbUser, i.Sql]),
                [
                    ["producer-cluster", "admin", `REVOKE USAGE ON DATASHARE "transaction_logs" FROM ACCOUNT '${CONSUMER}'`],
                    ["producer-cluster", "admin", 'DROP DATASHARE "transaction_logs"'],
                ],
            );
        });

        it("succeeds when the share was already dropped outside the stack", async () => {
            answer({
                [`REVOKE USAGE ON DATASHARE "transaction_logs" FROM ACCOUNT '${CONSUMER}'`]: 'ERROR: Datashare "transaction_logs" does not exist',
                'DROP DATASHARE "transaction_logs"': 'ERROR: Datashare "transaction_logs" does not exist',
            });
            await remove("transaction_logs", base);
            assert.equal(sent().length, 2);
        });

        it("propagates any other failure with its SQL", async () => {
            answer({ 'DROP DATASHARE "transaction_logs"': "ERROR: permission denied" });
            await assert.rejects(
                remove("transaction_logs", base),
                /^Error: Redshift statement failed: DROP DATASHARE "transaction_logs"\nERROR: permission denied/,
            );
        });
    });
});

describe("ProducerDatashare resource", () => {
    it("registers a serializable provider with its inputs, includeNew off by default", async () => {
        // Loaded here so the whole stack program the harness pulls in cannot stop the provider tests above from loading.
        const { runProgram } = await import("../../support/run-stack");
        let registered: ProducerDatashare | undefined;
        const run = await runProgram(() => {
            registered = new ProducerDatashare("transaction-logs", {
                target: base.target,
                warehouse: serverless,
                name: "transaction_logs",
                schema: "public",
                tables: ["transaction_log"],
                consumerAccounts: [CONSUMER],
            });
            return {};
        });
        assert.deepEqual(run.errors, []);
        const share = run.one("pulumi-nodejs:dynamic/datasharing:ProducerDatashare");
        assert.equal(share.name, "transaction-logs");
        assert.equal(share.inputs.name, "transaction_logs");
        assert.equal(share.inputs.includeNew, false);
        assert.deepEqual(share.inputs.warehouse, serverless);
        assert.deepEqual(share.inputs.consumerAccounts, [CONSUMER]);
        // The SDK is loaded by the serialized provider, not captured by value.
        assert.match(share.inputs.__provider, /require\("@aws-sdk\/client-redshift-data[/"]/);
        // Declared, not `!` fields, so the outputs super() set survive class field initialization.
        for (const output of [registered?.name, registered?.schema, registered?.tables, registered?.includeNew, registered?.consumerAccounts]) {
            assert.ok(pulumi.Output.isInstance(output));
        }

        // The serialized provider, as the engine runs it, sends the same SQL.
        const { __provider, ...inputs } = share.inputs;
        assert.deepEqual(await sqlSentBy(PRODUCER, () => loadSerialized(__provider).create(inputs)), [
            'CREATE DATASHARE "transaction_logs"',
            'ALTER DATASHARE "transaction_logs" ADD SCHEMA "public"',
            'ALTER DATASHARE "transaction_logs" ADD TABLE "public"."transaction_log"',
            `GRANT USAGE ON DATASHARE "transaction_logs" TO ACCOUNT '${CONSUMER}'`,
        ]);
    });
});
