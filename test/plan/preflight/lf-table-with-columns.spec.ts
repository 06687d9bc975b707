import { strict as assert } from "assert";
import { lfTableWithColumns } from "../../../plan/preflight/rules/lf-table-with-columns";
import { fixtureStack, violations } from "../../support/preflight";

const grant = (tableWithColumns: Record<string, unknown>, permissions = ["SELECT"]) =>
    fixtureStack("producer", "111111111111", [
        {
            type: "aws:lakeformation/permissions:Permissions",
            name: "analyst-customers",
            inputs: {
                principal: "arn:aws:iam::111111111111:user/analyst",
                permissions,
                tableWithColumns: { databaseName: "db1", name: "customers", ...tableWithColumns },
            },
        },
    ]);

describe("preflight: lf-table-with-columns", () => {
    it("refuses excludedColumnNames without wildcard: true (reference/004's analyst grant as it was)", () => {
        const found = violations(lfTableWithColumns, [grant({ excludedColumnNames: ["address", "email"] })]);
        assert.equal(found.length, 1);
        assert.match(
            found[0].message,
            /excludes address, email from columns of db1\.customers without wildcard: true, which the provider reports as a difference on every preview/,
        );
    });

    it("refuses an empty column list, and columns with the wildcard", () => {
        assert.match(
            violations(lfTableWithColumns, [grant({ columnNames: [] })])[0].message,
            /names no column of db1\.customers and sets no wildcard, which Lake Formation rejects/,
        );
        assert.match(violations(lfTableWithColumns, [grant({ columnNames: ["age"], wildcard: true })])[0].message, /sets both columnNames and wildcard/);
    });

    it("refuses permissions other than SELECT on columns", () => {
        assert.match(
            violations(lfTableWithColumns, [grant({ columnNames: ["age"] }, ["SELECT", "DESCRIBE"])])[0].message,
            /grants DESCRIBE on columns of db1\.customers, where Lake Formation allows only SELECT/,
        );
    });

    it("accepts the wildcard with exclusions, and named columns", () => {
        assert.deepEqual(violations(lfTableWithColumns, [grant({ wildcard: true, excludedColumnNames: ["address", "email"] })]), []);
        assert.deepEqual(violations(lfTableWithColumns, [grant({ columnNames: ["customer_id", "age"] })]), []);
    });
});
