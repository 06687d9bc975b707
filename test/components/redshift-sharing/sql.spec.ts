import { strict as assert } from "assert";
import * as sql from "../../../components/redshift-sharing/sql";

describe("datashare SQL", () => {
    it("refuses identifiers that could carry anything but a name, naming them", () => {
        for (const bad of ['sales"; DROP TABLE x; --', "sales share", "1sales", "sales;", "sales--", "", "x".repeat(128), "ventes_é"]) {
            assert.throws(() => sql.createDatashare(bad), (err: Error) => err.message.includes(JSON.stringify(bad)) && /not a safe Redshift identifier/.test(err.message), bad);
        }
    });

    it("quotes valid identifiers", () => {
        assert.equal(sql.quoteIdentifier("transaction_logs"), '"transaction_logs"');
        assert.equal(sql.quoteIdentifier("_tmp$1"), '"_tmp$1"');
    });

    it("refuses account ids and namespaces that are not exactly what they claim", () => {
        assert.throws(() => sql.grantUsageToAccount("s", "44444444444' OR '1'='1"), /not an AWS account id/);
        assert.throws(() => sql.createDatabaseFromDatashare("d", "s", "111111111111", "x' --"), /not a Redshift namespace id/);
    });

    it("writes each statement exactly", () => {
        const ns = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
        assert.deepEqual(
            [
                sql.createDatashare("logs"),
                sql.addSchema("logs", "public"),
                sql.addTable("logs", "public", "transaction_log"),
                sql.removeTable("logs", "public", "transaction_log"),
                sql.includeNewObjects("logs", "public", true),
                sql.grantUsageToAccount("logs", "444444444444"),
                sql.revokeUsageFromAccount("logs", "444444444444"),
                sql.dropDatashare("logs"),
                sql.createDatabaseFromDatashare("producer_logs", "logs", "111111111111", ns),
                sql.dropDatabase("producer_logs"),
            ],
            [
                'CREATE DATASHARE "logs"',
                'ALTER DATASHARE "logs" ADD SCHEMA "public"',
                'ALTER DATASHARE "logs" ADD TABLE "public"."transaction_log"',
                'ALTER DATASHARE "logs" REMOVE TABLE "public"."transaction_log"',
                'ALTER DATASHARE "logs" SET INCLUDENEW = TRUE FOR SCHEMA "public"',
                "GRANT USAGE ON DATASHARE \"logs\" TO ACCOUNT '444444444444'",
                "REVOKE USAGE ON DATASHARE \"logs\" FROM ACCOUNT '444444444444'",
                'DROP DATASHARE "logs"',
                `CREATE DATABASE "producer_logs" FROM DATASHARE "logs" OF ACCOUNT '111111111111' NAMESPACE '${ns}'`,
                'DROP DATABASE "producer_logs"',
            ],
        );
    });
});
