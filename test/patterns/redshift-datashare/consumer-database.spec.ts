import { DescribeStatementCommand } from "@aws-sdk/client-redshift-data";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { strict as assert } from "assert";
import {
    ConsumerDatashareDatabase,
    ConsumerDatashareDatabaseInputs,
    consumerDatabaseProvider as provider,
} from "../../../patterns/redshift-datashare/consumer-database";
import { loadSerialized, providerMethods } from "../../support/dynamic-provider";
import { mockRedshiftData, sqlSentBy } from "../../support/redshift-data";

const { create, diff, update, remove } = providerMethods(provider);

const PRODUCER = "111111111111";
const CONSUMER = "444444444444";
const NAMESPACE = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
const OTHER_NAMESPACE = "1f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
const SECRET = `arn:aws:secretsmanager:eu-west-1:${CONSUMER}:secret:redshift!consumer-admin-AbCdEf`;
const CREATE = `CREATE DATABASE "producer_logs" FROM DATASHARE "transaction_logs" OF ACCOUNT '${PRODUCER}' NAMESPACE '${NAMESPACE}'`;

const inputs: ConsumerDatashareDatabaseInputs = {
    target: { accountId: CONSUMER, region: "eu-west-1" },
    warehouse: { workgroupName: "consumer", database: "dev", secretArn: SECRET },
    database: "producer_logs",
    datashare: "transaction_logs",
    producerAccountId: PRODUCER,
    producerNamespace: NAMESPACE,
};

describe("ConsumerDatashareDatabase provider", () => {
    const redshift = mockRedshiftData(CONSUMER);
    const { api, executed } = redshift;

    it("creates the database from the datashare on a Serverless workgroup", async () => {
        const result = await create(inputs);
        assert.deepEqual(executed(), [{ WorkgroupName: "consumer", Database: "dev", SecretArn: SECRET, Sql: CREATE }]);
        assert.equal(result.id, "producer_logs");
        assert.deepEqual(result.outs, inputs);
    });

    it("creates it on a provisioned cluster with a database user", async () => {
        await create({ ...inputs, warehouse: { clusterIdentifier: "consumer-cluster", database: "dev", dbUser: "admin" } });
        assert.deepEqual(executed(), [{ ClusterIdentifier: "consumer-cluster", Database: "dev", DbUser: "admin", Sql: CREATE }]);
    });

    it("propagates a failed CREATE with its SQL and Redshift's message", async () => {
        api.on(DescribeStatementCommand).resolves({ Status: "FAILED", Error: "ERROR: Datashare transaction_logs is not associated with this account" });
        await assert.rejects(create(inputs), (err: Error) => {
            assert.ok(err.message.startsWith(`Redshift statement failed: ${CREATE}\nERROR: Datashare transaction_logs is not associated`), err.message);
            return true;
        });
    });

    it("refuses invalid names and ids before any call, even to STS", async () => {
        await assert.rejects(
            create({ ...inputs, database: "logs; DROP DATABASE dev" }),
            /^Error: database "logs; DROP DATABASE dev" is not a safe Redshift identifier/,
        );
        await assert.rejects(create({ ...inputs, producerAccountId: "11111111111" }), /"11111111111" is not an AWS account id/);
        await assert.rejects(create({ ...inputs, producerNamespace: "' OR 1=1 --" }), /is not a Redshift namespace id/);
        assert.equal(api.calls().length, 0);
        assert.equal(redshift.sts.calls().length, 0);
    });

    it("refuses to create the database the statements connect to", async () => {
        await assert.rejects(create({ ...inputs, database: "dev" }), /database "dev" is also the warehouse's connection database/);
        assert.equal(api.calls().length, 0);
    });

    it("refuses credentials of another account before any Data API call", async () => {
        redshift.sts.on(GetCallerIdentityCommand).resolves({ Account: "999999999999" });
        await assert.rejects(create(inputs), /credentials are for account 999999999999, but this stack deploys into 444444444444/);
        assert.equal(api.calls().length, 0);
    });

    it("drops the database on delete", async () => {
        await remove("producer_logs", inputs);
        assert.deepEqual(executed(), [{ WorkgroupName: "consumer", Database: "dev", SecretArn: SECRET, Sql: 'DROP DATABASE "producer_logs"' }]);
    });

    it("succeeds on delete when the database was already dropped, and fails on anything else", async () => {
        api.on(DescribeStatementCommand).resolves({ Status: "FAILED", Error: 'ERROR: database "producer_logs" does not exist' });
        await remove("producer_logs", inputs);
        api.on(DescribeStatementCommand).resolves({ Status: "FAILED", Error: "ERROR: database is being accessed by other users" });
        await assert.rejects(
            remove("producer_logs", inputs),
            /^Error: Redshift statement failed: DROP DATABASE "producer_logs"\nERROR: database is being accessed/,
        );
    });

    it("replaces, dropping first, on any change to the database, the share, the producer or the warehouse", async () => {
        const cases: [Partial<ConsumerDatashareDatabaseInputs>, string[]][] = [
            [{ database: "logs" }, ["database"]],
            [{ datashare: "audit_logs" }, ["datashare"]],
            [{ producerAccountId: "222222222222" }, ["producerAccountId"]],
            [{ producerNamespace: OTHER_NAMESPACE }, ["producerNamespace"]],
            [{ warehouse: { ...inputs.warehouse, workgroupName: "other" } }, ["warehouse"]],
            [{ warehouse: { clusterIdentifier: "consumer-cluster", database: "dev" } }, ["warehouse"]],
            [{ warehouse: { ...inputs.warehouse, database: "analytics" } }, ["warehouse"]],
            [{ target: { ...inputs.target, accountId: "555555555555" } }, ["target"]],
            [{ target: { ...inputs.target, region: "us-east-1" } }, ["target"]],
            [{ datashare: "audit_logs", producerNamespace: OTHER_NAMESPACE }, ["datashare", "producerNamespace"]],
        ];
        for (const [change, replaces] of cases) {
            assert.deepEqual(
                await diff("producer_logs", inputs, { ...inputs, ...change }),
                { changes: true, replaces, deleteBeforeReplace: true },
                JSON.stringify(change),
            );
        }
    });

    it("reports no change when nothing changed, and updates credentials in place without calling AWS", async () => {
        assert.deepEqual(await diff("producer_logs", inputs, { ...inputs, warehouse: { ...inputs.warehouse } }), { changes: false });
        const news = {
            ...inputs,
            warehouse: { ...inputs.warehouse, secretArn: `${SECRET}2` },
            target: { ...inputs.target, roleArn: `arn:aws:iam::${CONSUMER}:role/deployer` },
        };
        assert.deepEqual(await diff("producer_logs", inputs, news), { changes: true });
        assert.deepEqual((await update("producer_logs", inputs, news)).outs, news);
        assert.equal(api.calls().length, 0);
        assert.equal(redshift.sts.calls().length, 0);
    });
});

describe("ConsumerDatashareDatabase resource", () => {
    const args = {
        target: inputs.target,
        warehouse: inputs.warehouse,
        database: "producer_logs",
        datashare: "transaction_logs",
        producerAccountId: PRODUCER,
        producerNamespace: NAMESPACE,
    };

    it("registers a serializable provider with its inputs", async () => {
        // Loaded here so the whole stack program the harness pulls in cannot stop the provider tests above from loading.
        const { runProgram } = await import("../../support/run-stack");
        let registered: ConsumerDatashareDatabase | undefined;
        const run = await runProgram(
            () => {
                registered = new ConsumerDatashareDatabase("producer-logs", args);
                return {};
            },
            { accountId: CONSUMER, region: "eu-west-1" },
        );
        assert.deepEqual(run.errors, []);
        const database = run.one("pulumi-nodejs:dynamic/datasharing:ConsumerDatashareDatabase");
        assert.equal(database.name, "producer-logs");
        for (const key of ["database", "datashare", "producerAccountId", "producerNamespace"] as const) {
            assert.equal(database.inputs[key], args[key]);
        }
        assert.deepEqual(database.inputs.warehouse, args.warehouse);
        assert.deepEqual(database.inputs.target, args.target);
        assert.match(database.inputs.__provider, /require\("@aws-sdk\/client-redshift-data[/"]/);
        for (const output of [registered?.database, registered?.datashare, registered?.producerAccountId, registered?.producerNamespace]) {
            assert.ok(pulumi.Output.isInstance(output));
        }

        // The serialized provider, as the engine runs it, sends the same SQL.
        const { __provider, ...stored } = database.inputs;
        const provider = loadSerialized(__provider);
        const sql = await sqlSentBy(CONSUMER, async () => {
            await provider.create(stored);
            await provider.delete!("producer_logs", stored);
        });
        assert.deepEqual(sql, [CREATE, 'DROP DATABASE "producer_logs"']);
    });

    it("depends on the datashare's consumer association when the stack passes it in dependsOn", async () => {
        const { runProgram } = await import("../../support/run-stack");
        let associationUrn: string | undefined;
        const run = await runProgram(
            () => {
                const association = new aws.redshift.DataShareConsumerAssociation("transaction-logs", {
                    dataShareArn: `arn:aws:redshift:eu-west-1:${PRODUCER}:datashare:${NAMESPACE}/transaction_logs`,
                    associateEntireAccount: true,
                });
                association.urn.apply((urn) => (associationUrn = urn));
                new ConsumerDatashareDatabase("producer-logs", args, { dependsOn: [association] });
                return {};
            },
            { accountId: CONSUMER, region: "eu-west-1" },
        );
        assert.deepEqual(run.errors, []);
        assert.equal(run.one("aws:redshift/dataShareConsumerAssociation:DataShareConsumerAssociation").name, "transaction-logs");
        const database = run.one("pulumi-nodejs:dynamic/datasharing:ConsumerDatashareDatabase");
        assert.match(associationUrn ?? "", /DataShareConsumerAssociation::transaction-logs$/);
        assert.ok(database.options.dependencies.includes(associationUrn!), JSON.stringify(database.options.dependencies));
    });

    it("has no such dependency without dependsOn, so the test above is not vacuous", async () => {
        const { runProgram } = await import("../../support/run-stack");
        const run = await runProgram(
            () => {
                new aws.redshift.DataShareConsumerAssociation("transaction-logs", {
                    dataShareArn: `arn:aws:redshift:eu-west-1:${PRODUCER}:datashare:${NAMESPACE}/transaction_logs`,
                    associateEntireAccount: true,
                });
                new ConsumerDatashareDatabase("producer-logs", args);
                return {};
            },
            { accountId: CONSUMER, region: "eu-west-1" },
        );
        const database = run.one("pulumi-nodejs:dynamic/datasharing:ConsumerDatashareDatabase");
        assert.ok(!database.options.dependencies.some((urn) => urn.includes("DataShareConsumerAssociation")), JSON.stringify(database.options.dependencies));
    });
});
