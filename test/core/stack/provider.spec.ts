import { strict as assert } from "assert";
import { runStack } from "../../support/run-stack";

const EXTERNAL = {
    accountId: "333333333333",
    region: "eu-west-1",
    publishedBucketName: "datasharing-external-published-333333333333-eu-west-1",
    publishedBucketArn: "arn:aws:s3:::datasharing-external-published-333333333333-eu-west-1",
    publishedKeyArn: "arn:aws:kms:eu-west-1:333333333333:key/11111111-2222-3333-4444-555555555555",
};

describe("account provider", () => {
    const providerOf = async (config: Record<string, string> = {}) => {
        const run = await runStack("producer", { config: { "datasharing:references": JSON.stringify({ external: EXTERNAL }), ...config } });
        assert.deepEqual(run.errors, []);
        const inputs = run.one("pulumi:providers:aws").inputs;
        const decode = (v: unknown) => (typeof v === "string" ? JSON.parse(v) : v);
        return { allowed: decode(inputs.allowedAccountIds), assumeRoles: inputs.assumeRoles === undefined ? undefined : decode(inputs.assumeRoles), tags: decode(inputs.defaultTags).tags };
    };

    it("pins the stack to its account and tags everything with project, role and stack", async () => {
        const p = await providerOf();
        assert.deepEqual(p.allowed, ["111111111111"]);
        assert.equal(p.assumeRoles, undefined, "no role assumed unless configured");
        assert.deepEqual(p.tags, { "datasharing:project": "datasharing", "datasharing:account-role": "producer", "datasharing:stack": "producer", "managed-by": "pulumi" });
    });

    it("assumes the configured deployment role, with its external id", async () => {
        const roleArn = "arn:aws:iam::111111111111:role/pulumi-deployer";
        const p = await providerOf({ "datasharing:assumeRoleArn": roleArn, "datasharing:assumeRoleExternalId": "acme-42" });
        assert.deepEqual(p.assumeRoles, [{ roleArn, sessionName: "datasharing-producer", externalId: "acme-42" }]);
    });
});
