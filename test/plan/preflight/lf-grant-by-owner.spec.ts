import { strict as assert } from "assert";
import { lfGrantByOwner } from "../../../plan/preflight/rules/lf-grant-by-owner";
import { fixtureStack, violations } from "../../support/preflight";

const PRODUCER = "111111111111";
const GOVERNANCE = "222222222222";
const CONSUMER = "444444444444";
const grant = (name: string, inputs: Record<string, unknown>) => ({
    type: "aws:lakeformation/permissions:Permissions",
    name,
    inputs: { permissions: ["SELECT", "DESCRIBE"], permissionsWithGrantOptions: [], ...inputs },
});
const tagged = (catalogId?: string) => ({
    resourceType: "TABLE",
    expressions: [{ key: "data_product", values: ["sales_insights"] }],
    ...(catalogId ? { catalogId } : {}),
});

describe("preflight: lf-grant-by-owner", () => {
    it("refuses governance re-granting the producer's tables to a consumer account (the old pattern 2)", () => {
        const governance = fixtureStack("governance", GOVERNANCE, [grant("to-auditor", { principal: CONSUMER, lfTagPolicy: tagged(PRODUCER) })]);
        const found = violations(lfGrantByOwner, [governance]);
        assert.equal(found.length, 1);
        assert.equal(found[0].stack, "governance");
        assert.match(
            found[0].message,
            /grants account 444444444444 SELECT, DESCRIBE on tables and databases tagged data_product=sales_insights of account 111111111111's catalog, which account 222222222222 does not own/,
        );
    });

    it("refuses a re-share to another account's IAM principal, by name or through a cells filter", () => {
        const governance = fixtureStack("governance", GOVERNANCE, [
            grant("direct", { principal: `arn:aws:iam::${CONSUMER}:role/analyst`, database: { name: "db1", catalogId: PRODUCER } }),
            grant("filter", { principal: CONSUMER, dataCellsFilter: { tableCatalogId: PRODUCER, databaseName: "db1", tableName: "customers", name: "f" } }),
        ]);
        assert.deepEqual(
            violations(lfGrantByOwner, [governance]).map((v) => v.resource),
            ["aws:lakeformation/permissions:Permissions direct", "aws:lakeformation/permissions:Permissions filter"],
        );
    });

    it("accepts the owner sharing its own catalog, and a consumer passing a share on to its own principals", () => {
        const governance = fixtureStack("governance", GOVERNANCE, [
            grant("to-auditor", { principal: CONSUMER, lfTagPolicy: tagged() }),
            grant("direct", { principal: `arn:aws:iam::${CONSUMER}:role/analyst`, database: { name: "d" } }),
        ]);
        const consumer = fixtureStack("consumer", CONSUMER, [
            grant("to-analyst", { principal: `arn:aws:iam::${CONSUMER}:role/analyst`, lfTagPolicy: tagged(GOVERNANCE) }),
        ]);
        assert.deepEqual(violations(lfGrantByOwner, [governance, consumer]), []);
    });
});
