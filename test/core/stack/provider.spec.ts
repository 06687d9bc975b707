import { strict as assert } from "assert";
import { loadStackContext } from "../../../core/stack/context";
import { accountProvider } from "../../../core/stack/provider";
import { runProgram, runStack } from "../../support/run-stack";
import { sampleStackConfig } from "../../support/sample";
import { literalExternal } from "../../support/contracts";
import { PATTERNS } from "../../../patterns/index";

const EXTERNAL = literalExternal("333333333333");

describe("account provider", () => {
    const providerOf = async (config: Record<string, string> = {}) => {
        const run = await runStack("producer", { config: { "datasharing:references": JSON.stringify({ external: EXTERNAL }), ...config } });
        assert.deepEqual(run.errors, []);
        const inputs = run.one("pulumi:providers:aws").inputs;
        const decode = (v: unknown) => (typeof v === "string" ? JSON.parse(v) : v);
        return {
            allowed: decode(inputs.allowedAccountIds),
            assumeRoles: inputs.assumeRoles === undefined ? undefined : decode(inputs.assumeRoles),
            tags: decode(inputs.defaultTags).tags,
        };
    };

    it("pins the stack to its account and tags everything with project, role and stack", async () => {
        const p = await providerOf();
        assert.deepEqual(p.allowed, ["111111111111"]);
        assert.equal(p.assumeRoles, undefined, "no role assumed unless configured");
        assert.deepEqual(p.tags, {
            "datasharing:project": "datasharing",
            "datasharing:account-role": "producer",
            "datasharing:stack": "producer",
            "managed-by": "pulumi",
        });
    });

    it("assumes the configured deployment role, with its external id", async () => {
        const roleArn = "arn:aws:iam::111111111111:role/pulumi-deployer";
        const p = await providerOf({ "datasharing:assumeRoleArn": roleArn, "datasharing:assumeRoleExternalId": "acme-42" });
        assert.deepEqual(p.assumeRoles, [{ roleArn, sessionName: "datasharing-producer", externalId: "acme-42" }]);
    });
});

describe("second-region provider", () => {
    it("stays pinned to the stack's account while deploying to another region", async () => {
        const ctx = loadStackContext({ config: sampleStackConfig("external"), project: "datasharing", stackName: "external", now: () => new Date() }, PATTERNS);
        const run = await runProgram(() => {
            accountProvider(ctx, "eu-central-1");
            return {};
        });
        const provider = run.one("pulumi:providers:aws", "aws-external-eu-central-1");
        assert.equal(provider.inputs.region, "eu-central-1");
        assert.deepEqual(JSON.parse(provider.inputs.allowedAccountIds), ["333333333333"]);
    });
});
