import { strict as assert } from "assert";
import * as path from "path";
import { TOPOLOGY_KEY } from "../core/topology/parse";
import { evaluateProgram } from "../plan/evaluate";
import { sampleStackConfig, topologyWith } from "./support/sample";

/** index.ts itself, loaded as the Pulumi CLI's nodejs host loads it: with config and nothing else. */
describe("index.ts entry point", () => {
    const entry = path.resolve(__dirname, "..", "index.ts");
    const load = async (stack: string, topology?: unknown) => {
        const config = sampleStackConfig(stack);
        if (topology) config[TOPOLOGY_KEY] = JSON.stringify(topology);
        delete require.cache[require.resolve(entry)];
        // The entry point runs anew for each stack, as Pulumi loads it.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const program = () => require(entry);
        return evaluateProgram(
            { project: "datasharing", stack, org: "acme-data", config, account: { accountId: "333333333333", region: "eu-west-1" } },
            program,
        );
    };

    it("runs the program of the stack's account role and exports its outputs", async () => {
        const result = await load("external");
        assert.deepEqual(result.errors, []);
        assert.equal(result.outputs?.accountId, "333333333333");
        assert.match(String(result.outputs?.publishedBucketArn), /^arn:aws:s3:::datasharing-external-published-333333333333-eu-west-1$/);
    });

    it("throws a ConfigError naming the key before registering any resource", async () => {
        const result = await load(
            "external",
            topologyWith((t) => (t.accounts.external.accountId = "x")),
        );
        assert.equal(result.errors.length, 1);
        assert.match(
            result.errors[0],
            /^Invalid datasharing configuration \(1 problem\); nothing was deployed:\n {2}- datasharing:topology\.accounts\.external\.accountId: "x" is not an AWS account id/,
        );
        assert.deepEqual(
            result.mocks.resources.map((r) => r.type),
            ["pulumi:pulumi:Stack"],
        );
    });
});
