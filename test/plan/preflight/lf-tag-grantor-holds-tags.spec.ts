import { strict as assert } from "assert";
import { lfTagGrantorHoldsTags } from "../../../plan/preflight/rules/lf-tag-grantor-holds-tags";
import { fixtureStack, violations } from "../../support/preflight";

const GOVERNANCE = "222222222222";
const CONSUMER = "444444444444";
const ANALYST = `arn:aws:iam::${CONSUMER}:role/analyst`;
const EXPRESSION = [
    { key: "data_product", values: ["sales_insights"] },
    { key: "visibility", values: ["shared"] },
];
const grant = (name: string, inputs: Record<string, unknown>, grantable = true) => ({
    type: "aws:lakeformation/permissions:Permissions",
    name,
    inputs: { permissions: ["SELECT"], permissionsWithGrantOptions: grantable ? ["SELECT"] : [], ...inputs },
});
const tagDescribe = (name: string, key: string, values: string[], grantable = true) => ({
    type: "aws:lakeformation/permissions:Permissions",
    name,
    inputs: { principal: CONSUMER, permissions: ["DESCRIBE"], permissionsWithGrantOptions: grantable ? ["DESCRIBE"] : [], lfTag: { key, values } },
});
const lfTags = [
    { type: "aws:lakeformation/lfTag:LfTag", name: "product", inputs: { key: "data_product", values: ["sales_insights"] } },
    { type: "aws:lakeformation/lfTag:LfTag", name: "visibility", inputs: { key: "visibility", values: ["pii", "shared"] } },
];
// The consumer's admin passes on, by expression, what governance's catalog shares.
const consumer = fixtureStack("consumer", CONSUMER, [
    grant("to-analyst", { principal: ANALYST, lfTagPolicy: { resourceType: "TABLE", expressions: EXPRESSION, catalogId: GOVERNANCE } }, false),
]);
// Governance shares the tables with the consumer account by a narrower expression than the one passed on.
const shareTables = grant("to-consumer", { principal: CONSUMER, lfTagPolicy: { resourceType: "TABLE", expressions: [EXPRESSION[0]] } });

describe("preflight: lf-tag-grantor-holds-tags", () => {
    it("refuses a consumer granting by an expression whose tags it holds no DESCRIBE on", () => {
        const governance = fixtureStack("governance", GOVERNANCE, [...lfTags, shareTables]);
        const found = violations(lfTagGrantorHoldsTags, [governance, consumer]);
        assert.deepEqual(
            found.map((v) => v.message),
            [
                "grants by data_product=sales_insights and visibility=shared, but account 444444444444 holds no DESCRIBE with grant option on LF-tag data_product=sales_insights from account 222222222222, which owns it",
                "grants by data_product=sales_insights and visibility=shared, but account 444444444444 holds no DESCRIBE with grant option on LF-tag visibility=shared from account 222222222222, which owns it",
            ],
        );
    });

    it("refuses DESCRIBE without grant option (required towards another account), and DESCRIBE granted by a stack deployed after", () => {
        const withoutGrant = fixtureStack("governance", GOVERNANCE, [
            ...lfTags,
            shareTables,
            tagDescribe("p", "data_product", ["sales_insights"], false),
            tagDescribe("v", "visibility", ["shared"]),
        ]);
        assert.equal(violations(lfTagGrantorHoldsTags, [withoutGrant, consumer]).length, 1);
        const full = fixtureStack("governance", GOVERNANCE, [
            ...lfTags,
            shareTables,
            tagDescribe("p", "data_product", ["sales_insights"]),
            tagDescribe("v", "visibility", ["shared"]),
        ]);
        assert.equal(violations(lfTagGrantorHoldsTags, [consumer, full]).length, 2, "the consumer deploys before governance grants");
    });

    it("accepts DESCRIBE with grant option on every key and value, or the identical expression with grant option", () => {
        const described = fixtureStack("governance", GOVERNANCE, [
            ...lfTags,
            shareTables,
            tagDescribe("p", "data_product", ["sales_insights", "other"]),
            tagDescribe("v", "visibility", ["shared"]),
        ]);
        assert.deepEqual(violations(lfTagGrantorHoldsTags, [described, consumer]), []);
        const identical = fixtureStack("governance", GOVERNANCE, [
            ...lfTags,
            grant("to-consumer", { principal: CONSUMER, lfTagPolicy: { resourceType: "TABLE", expressions: EXPRESSION } }),
        ]);
        assert.deepEqual(violations(lfTagGrantorHoldsTags, [identical, consumer]), []);
    });

    it("refuses the owner granting by a tag value it does not define", () => {
        const governance = fixtureStack("governance", GOVERNANCE, [
            lfTags[0],
            grant("to-consumer", { principal: CONSUMER, lfTagPolicy: { resourceType: "TABLE", expressions: EXPRESSION } }),
        ]);
        assert.deepEqual(
            violations(lfTagGrantorHoldsTags, [governance]).map((v) => v.message),
            ["grants by data_product=sales_insights and visibility=shared, but this account defines no LF-tag visibility=shared"],
        );
    });
});
