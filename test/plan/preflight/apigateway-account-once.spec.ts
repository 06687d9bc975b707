import { strict as assert } from "assert";
import { apigatewayAccountOnce } from "../../../plan/preflight/rules/apigateway-account-once";
import { fixtureStack, violations } from "../../support/preflight";

const account = (name: string, inputs: Record<string, unknown> = {}) => ({
    type: "aws:apigateway/account:Account",
    name,
    inputs: { cloudwatchRoleArn: `arn:aws:iam::333333333333:role/${name}`, ...inputs },
});

describe("preflight: apigateway-account-once", () => {
    it("refuses a second stack setting the logging role of the same account and region (the partner API's old default)", () => {
        const external = fixtureStack("external", "333333333333", [account("partner-api")]);
        const other = fixtureStack("consumer-reports", "333333333333", [account("reports-api")]);
        const found = violations(apigatewayAccountOnce, [external, other]);
        assert.equal(found.length, 1);
        assert.equal(found[0].stack, "consumer-reports");
        assert.match(found[0].message, /account 333333333333 in eu-west-1, which aws:apigateway\/account:Account partner-api of stack external sets too/);
    });

    it("refuses two in one stack, and accepts one per account and region", () => {
        assert.equal(violations(apigatewayAccountOnce, [fixtureStack("external", "333333333333", [account("a"), account("b")])]).length, 1);
        const regions = [fixtureStack("external", "333333333333", [account("a")]), fixtureStack("external-us", "333333333333", [account("b")], "us-east-1")];
        assert.deepEqual(violations(apigatewayAccountOnce, regions), []);
        const inputRegion = [fixtureStack("external", "333333333333", [account("a"), account("b", { region: "us-east-1" })])];
        assert.deepEqual(violations(apigatewayAccountOnce, inputRegion), []);
        assert.deepEqual(
            violations(apigatewayAccountOnce, [
                fixtureStack("external", "333333333333", [account("a")]),
                fixtureStack("producer", "111111111111", [account("b")]),
            ]),
            [],
        );
    });
});
