import { DescribeStatementCommand, ExecuteStatementCommand } from "@aws-sdk/client-redshift-data";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { strict as assert } from "assert";
import { createUserStatements, databaseUserProvider, deleteUserStatements, updateUserStatements } from "../../../components/redshift/database-user";
import { createTable, passwordHash, redshiftType } from "../../../components/redshift/warehouse-sql";
import { shownSql, sqlOf } from "../../../core/redshift/data-api-statement";
import { tableStatements, warehouseTablesProvider } from "../../../components/redshift/warehouse-tables";
import { mockRedshiftData } from "../../support/redshift-data";

const ACCOUNT = "333333333333";
const WAREHOUSE = { clusterIdentifier: "datasharing-warehouse", database: "dev", secretArn: `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:admin-AbCdEf` };
const TARGET = { accountId: ACCOUNT, region: "eu-west-1" };
const LOG = {
    name: "transaction_log",
    columns: [
        { name: "event_id", type: "bigint" },
        { name: "price", type: "decimal(10,2)" },
        { name: "message", type: "string" },
    ],
};

describe("warehouse SQL", () => {
    it("maps every topology column type and refuses unknown ones", () => {
        const cases: [string, string][] = [
            ["string", "VARCHAR(65535)"],
            ["int", "INTEGER"],
            ["bigint", "BIGINT"],
            ["timestamp", "TIMESTAMP"],
            ["date", "DATE"],
            ["decimal(10,2)", "DECIMAL(10,2)"],
            ["boolean", "BOOLEAN"],
        ];
        for (const [glue, redshift] of cases) assert.equal(redshiftType(glue), redshift, glue);
        for (const bad of ["map<string,int>", "decimal(40,2)", "varchar(10); drop table x"])
            assert.throws(() => redshiftType(bad), /has no Redshift equivalent/, bad);
    });

    it("creates missing tables only, with quoted names", () => {
        assert.equal(
            createTable("logs", LOG),
            'CREATE TABLE IF NOT EXISTS "logs"."transaction_log" ("event_id" BIGINT, "price" DECIMAL(10,2), "message" VARCHAR(65535))',
        );
    });

    it("refuses names that could carry SQL, in tables, columns, users and passwords", () => {
        assert.throws(() => createTable("logs", { name: 'x"; drop table y; --', columns: LOG.columns }), /not a safe Redshift identifier/);
        assert.throws(() => createTable("logs", { name: "t", columns: [{ name: "a b", type: "int" }] }), /column "a b" is not a safe/);
        const user = { target: TARGET, warehouse: WAREHOUSE, user: "copy_writer", password: "Abc123def456", privileges: [] };
        assert.throws(() => createUserStatements({ ...user, user: "copy writer" }), /user "copy writer" is not a safe/);
        assert.throws(() => createUserStatements({ ...user, password: "abc'; drop user x; --" }), /8 to 64 letters and digits/);
    });

    it("sets passwords as Redshift's MD5 hash of password and user name, never as plain text", () => {
        // The example of Redshift's CREATE USER page: password "ez", user "user1".
        assert.equal(passwordHash("user1", "ez"), "md5153c434b4b77c89e6b94f12c5393af5b");
        const user = { target: TARGET, warehouse: WAREHOUSE, user: "copy_writer", password: "Abc123def456", privileges: [] };
        const [create] = createUserStatements(user);
        const hash = passwordHash("copy_writer", "Abc123def456");
        assert.equal(sqlOf(create), `CREATE USER "copy_writer" PASSWORD '${hash}'`);
        assert.equal(shownSql(create), `CREATE USER "copy_writer" PASSWORD '***'`);
        const [alter] = updateUserStatements(user, { ...user, password: "Xyz789uvw012" });
        assert.equal(sqlOf(alter), `ALTER USER "copy_writer" PASSWORD '${passwordHash("copy_writer", "Xyz789uvw012")}'`);
        for (const s of [create, alter]) assert.ok(!sqlOf(s).includes("Abc123def456") && !sqlOf(s).includes("Xyz789uvw012"), "no plain password is sent");
    });

    it("gives a user exactly its schema privileges, on tables made later too, changes only what changed, and revokes before dropping", () => {
        const olds = {
            target: TARGET,
            warehouse: WAREHOUSE,
            user: "copy_writer",
            password: "Abc123def456",
            privileges: [{ schema: "logs", create: false, tables: ["SELECT" as const, "INSERT" as const] }],
        };
        assert.deepEqual(createUserStatements(olds).map(shownSql), [
            `CREATE USER "copy_writer" PASSWORD '***'`,
            'GRANT USAGE ON SCHEMA "logs" TO "copy_writer"',
            'GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA "logs" TO "copy_writer"',
            'ALTER DEFAULT PRIVILEGES IN SCHEMA "logs" GRANT SELECT, INSERT ON TABLES TO "copy_writer"',
        ]);
        assert.deepEqual(updateUserStatements(olds, { ...olds, password: "Xyz789uvw012" }).map(shownSql), [`ALTER USER "copy_writer" PASSWORD '***'`]);
        assert.deepEqual(updateUserStatements(olds, olds), []);
        assert.deepEqual(deleteUserStatements(olds), [
            'ALTER DEFAULT PRIVILEGES IN SCHEMA "logs" REVOKE ALL ON TABLES FROM "copy_writer"',
            'REVOKE ALL ON ALL TABLES IN SCHEMA "logs" FROM "copy_writer"',
            'REVOKE ALL ON SCHEMA "logs" FROM "copy_writer"',
            'DROP USER IF EXISTS "copy_writer"',
        ]);
    });
});

describe("WarehouseTables and DatabaseUser providers", () => {
    const redshift = mockRedshiftData(ACCOUNT);
    const { api } = redshift;
    const executed = () => redshift.executed().map((i) => i.Sql);

    it("creates the schema and its tables on a provisioned cluster, and never drops them", async () => {
        const inputs = { target: TARGET, warehouse: WAREHOUSE, schemas: [{ name: "logs", tables: [LOG] }] };
        await warehouseTablesProvider.create!(inputs);
        assert.deepEqual(executed(), tableStatements(inputs));
        assert.equal(api.commandCalls(ExecuteStatementCommand)[0].args[0].input.ClusterIdentifier, "datasharing-warehouse");
        api.resetHistory();
        await warehouseTablesProvider.delete!("logs", inputs);
        assert.deepEqual(executed(), [], "data this program did not create is never dropped");
    });

    it("stops at a failed statement with its SQL and Redshift's message", async () => {
        api.on(DescribeStatementCommand).resolves({ Status: "FAILED", Error: "permission denied for schema logs" });
        const inputs = { target: TARGET, warehouse: { workgroupName: "consumer", database: "dev" }, schemas: [{ name: "logs", tables: [LOG] }] };
        await assert.rejects(warehouseTablesProvider.create!(inputs), /CREATE SCHEMA IF NOT EXISTS "logs"[\s\S]*permission denied for schema logs/);
        assert.equal(executed().length, 1);
    });

    it("never puts a password, or its hash, in an error: rejected, failed (with Redshift echoing the statement) or timed out", async () => {
        const password = "Abc123def456";
        const hash = passwordHash("copy_writer", password);
        const inputs = { target: TARGET, warehouse: WAREHOUSE, user: "copy_writer", password, privileges: [] };
        const texts = (err: any): string[] => (err ? [String(err.message), String(err.sql ?? ""), String(err.redshiftError ?? ""), ...texts(err.cause)] : []);
        const failures: [string, () => void][] = [
            [
                "rejected",
                () => api.on(ExecuteStatementCommand).rejects(new Error(`ValidationException: bad statement CREATE USER "copy_writer" PASSWORD '${hash}'`)),
            ],
            ["failed", () => api.on(DescribeStatementCommand).resolves({ Status: "FAILED", Error: `syntax error at or near "${hash}"; password ${password}` })],
            ["timed out", () => api.on(DescribeStatementCommand).resolves({ Status: "STARTED" })],
        ];
        for (const [how, arrange] of failures) {
            api.reset();
            api.on(ExecuteStatementCommand).resolves({ Id: "s1" });
            api.on(DescribeStatementCommand).resolves({ Status: "FINISHED" });
            arrange();
            const err = await databaseUserProvider.create!(inputs).then(
                () => assert.fail(`${how}: expected a failure`),
                (e: unknown) => e,
            );
            const all = texts(err).join("\n");
            assert.match(all, /CREATE USER "copy_writer" PASSWORD '\*\*\*'/, `${how}: the statement is named, its secret masked`);
            assert.ok(!all.includes(password) && !all.includes(hash), `${how}: ${all}`);
        }
    });

    it("refuses to run in another account than the stack's", async () => {
        redshift.sts.on(GetCallerIdentityCommand).resolves({ Account: "999999999999" });
        const inputs = { target: TARGET, warehouse: WAREHOUSE, user: "copy_reader", password: "Abc123def456", privileges: [] };
        await assert.rejects(databaseUserProvider.create!(inputs), /credentials are for account 999999999999, but this stack deploys into 333333333333/);
        assert.deepEqual(executed(), []);
    });
});
