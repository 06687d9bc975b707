import { strict as assert } from "assert";
import * as sql from "../../../components/redshift/sql";

const NAMESPACE = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

describe("datashare SQL", () => {
    describe("identifiers", () => {
        const refused: [string, string][] = [
            ["a double quote", 'sales"share'],
            ["a quote closing the identifier, then SQL", 'sales"; DROP TABLE users; --'],
            ["a semicolon", "sales;"],
            ["a space", "sales share"],
            ["a leading digit", "1sales"],
            ["a leading $", "$sales"],
            ["a comment marker", "sales--x"],
            ["a single quote", "o'brien"],
            ["a dot", "public.sales"],
            ["a newline", "sales\nDROP"],
            ["a non-ASCII letter", "ventes_é"],
            ["nothing", ""],
            ["128 bytes", "s".repeat(128)],
        ];
        for (const [what, name] of refused) {
            it(`refuses a name with ${what}, naming it`, () => {
                assert.throws(
                    () => sql.quoteIdentifier(name),
                    (err: Error) => {
                        assert.ok(err.message.includes(JSON.stringify(name)), err.message);
                        assert.match(err.message, /is not a safe Redshift identifier/);
                        return true;
                    },
                );
            });
        }

        it("says which part of a statement is refused, and that length is the reason when it is", () => {
            assert.throws(() => sql.addTable("share", "public", "a b"), /^Error: table "a b" is not a safe Redshift identifier/);
            assert.throws(() => sql.addTable("share", "pub lic", "t"), /^Error: schema "pub lic" is not/);
            assert.throws(() => sql.createDatashare("x;"), /^Error: datashare "x;" is not/);
            assert.throws(() => sql.dropDatabase("x;"), /^Error: database "x;" is not/);
            assert.throws(() => sql.quoteIdentifier("s".repeat(128)), /is 128 bytes long, the limit is 127/);
        });

        it("refuses a value that is not a string, as config may give", () => {
            assert.throws(() => sql.quoteIdentifier(42 as unknown as string), /42 \(a number, not a string\) is not a safe Redshift identifier/);
        });

        it("double-quotes valid identifiers, up to 127 bytes", () => {
            assert.equal(sql.quoteIdentifier("transaction_logs"), '"transaction_logs"');
            assert.equal(sql.quoteIdentifier("_tmp$1"), '"_tmp$1"');
            assert.equal(sql.quoteIdentifier("Sales2024"), '"Sales2024"');
            assert.equal(sql.quoteIdentifier("select"), '"select"', "a reserved word is a valid quoted identifier");
            assert.equal(sql.quoteIdentifier("s".repeat(127)), `"${"s".repeat(127)}"`);
        });

        it("qualifies a table with its schema", () => {
            assert.equal(sql.qualifiedTable("public", "transaction_log"), '"public"."transaction_log"');
        });
    });

    describe("account and namespace ids", () => {
        it("accepts 12 digits, leading zeros kept", () => {
            assert.equal(sql.accountId("012345678901"), "012345678901");
        });

        for (const bad of ["12345678901", "1234567890123", "12345678901a", " 123456789012", "444444444444' OR '1'='1", ""]) {
            it(`refuses the account id ${JSON.stringify(bad)}`, () => {
                assert.throws(
                    () => sql.accountId(bad),
                    (err: Error) => err.message.startsWith(`${JSON.stringify(bad)} is not an AWS account id`),
                );
                assert.throws(() => sql.grantUsageToAccount("share", bad), /is not an AWS account id/);
            });
        }

        it("refuses an account id given as a number, which would lose leading zeros", () => {
            assert.throws(() => sql.accountId(12345678901 as unknown as string), /12345678901 \(a number, not a string\) is not an AWS account id/);
        });

        it("accepts a UUID namespace, written in lower case", () => {
            assert.equal(sql.namespaceId(NAMESPACE), NAMESPACE);
            assert.equal(sql.namespaceId(NAMESPACE.toUpperCase()), NAMESPACE);
        });

        for (const bad of ["x' --", "0f1e2d3c4b5a697887 96a5b4c3d2e1f0", `${NAMESPACE}'`, NAMESPACE.slice(1), "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1fg", ""]) {
            it(`refuses the namespace ${JSON.stringify(bad)}`, () => {
                assert.throws(
                    () => sql.namespaceId(bad),
                    (err: Error) => err.message.startsWith(`${JSON.stringify(bad)} is not a Redshift namespace id`),
                );
                assert.throws(() => sql.createDatabaseFromDatashare("d", "s", "111111111111", bad), /is not a Redshift namespace id/);
            });
        }
    });

    describe("statements", () => {
        const cases: [() => string, string][] = [
            [() => sql.createDatashare("logs"), 'CREATE DATASHARE "logs"'],
            [() => sql.addSchema("logs", "public"), 'ALTER DATASHARE "logs" ADD SCHEMA "public"'],
            [() => sql.addTable("logs", "public", "transaction_log"), 'ALTER DATASHARE "logs" ADD TABLE "public"."transaction_log"'],
            [() => sql.removeTable("logs", "public", "transaction_log"), 'ALTER DATASHARE "logs" REMOVE TABLE "public"."transaction_log"'],
            [() => sql.includeNewObjects("logs", "public"), 'ALTER DATASHARE "logs" SET INCLUDENEW = TRUE FOR SCHEMA "public"'],
            [() => sql.includeNewObjects("logs", "public", false), 'ALTER DATASHARE "logs" SET INCLUDENEW = FALSE FOR SCHEMA "public"'],
            [() => sql.grantUsageToAccount("logs", "444444444444"), "GRANT USAGE ON DATASHARE \"logs\" TO ACCOUNT '444444444444'"],
            [() => sql.revokeUsageFromAccount("logs", "444444444444"), "REVOKE USAGE ON DATASHARE \"logs\" FROM ACCOUNT '444444444444'"],
            [() => sql.dropDatashare("logs"), 'DROP DATASHARE "logs"'],
            [
                () => sql.createDatabaseFromDatashare("producer_logs", "logs", "111111111111", NAMESPACE),
                `CREATE DATABASE "producer_logs" FROM DATASHARE "logs" OF ACCOUNT '111111111111' NAMESPACE '${NAMESPACE}'`,
            ],
            [() => sql.dropDatabase("producer_logs"), 'DROP DATABASE "producer_logs"'],
        ];
        for (const [build, expected] of cases) {
            it(expected, () => assert.equal(build(), expected));
        }

        it("validates every part of every statement", () => {
            const bad = 'x"y';
            const builders: (() => string)[] = [
                () => sql.createDatashare(bad),
                () => sql.addSchema("s", bad),
                () => sql.addTable(bad, "p", "t"),
                () => sql.removeTable("s", "p", bad),
                () => sql.includeNewObjects("s", bad),
                () => sql.grantUsageToAccount(bad, "444444444444"),
                () => sql.revokeUsageFromAccount(bad, "444444444444"),
                () => sql.dropDatashare(bad),
                () => sql.createDatabaseFromDatashare(bad, "s", "111111111111", NAMESPACE),
                () => sql.createDatabaseFromDatashare("d", bad, "111111111111", NAMESPACE),
                () => sql.createDatabaseFromDatashare("d", "s", "11111111111x", NAMESPACE),
                () => sql.dropDatabase(bad),
            ];
            for (const build of builders) {
                assert.throws(build, /is not (a safe Redshift identifier|an AWS account id)/, build.toString());
            }
        });
    });
});
