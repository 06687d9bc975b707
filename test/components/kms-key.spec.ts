import { strict as assert } from "assert";
import { KmsKey } from "../../components/kms-key";
import { decide } from "../support/iam";
import { runProgram } from "../support/run-stack";

describe("KmsKey", () => {
    const replicationRole = "arn:aws:iam::111111111111:role/datasharing-replication";
    const build = (protect = true) =>
        runProgram(
            () => {
                const k = new KmsKey("published", {
                    alias: "alias/datasharing-published",
                    description: "Published Datasets",
                    ownerAccountId: "333333333333",
                    grants: [{ sid: "ReplicationRoleEncrypts", grantee: { principals: [replicationRole] }, actions: ["kms:Encrypt", "kms:GenerateDataKey"] }],
                    protect,
                });
                return { arn: k.arn };
            },
            { accountId: "333333333333", region: "eu-west-1" },
        );

    it("rotates, waits 30 days before deletion and is protected", async () => {
        const run = await build();
        const key = run.one("aws:kms/key:Key");
        assert.equal(key.inputs.enableKeyRotation, true);
        assert.equal(key.inputs.deletionWindowInDays, 30);
        assert.equal(key.options.protect, true);
        assert.equal((await build(false)).one("aws:kms/key:Key").options.protect, false);
        assert.equal(run.one("aws:kms/alias:Alias").inputs.name, "alias/datasharing-published");
    });

    it("lets the named grantee do exactly its actions, and nobody else anything", async () => {
        const run = await build();
        const policy = run.policyOf(run.one("aws:kms/key:Key"));
        const keyArn = run.outputs?.arn as string;
        assert.match(keyArn, /^arn:aws:kms:eu-west-1:333333333333:key\//);
        const ask = (principal: string, action: string) =>
            decide({
                principal,
                action,
                resource: keyArn,
                resourceAccount: "333333333333",
                identityPolicies: [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "kms:*", Resource: "*" }] }],
                resourcePolicy: policy,
            });
        assert.equal(await ask(replicationRole, "kms:Encrypt"), "Allowed");
        assert.equal(await ask(replicationRole, "kms:Decrypt"), "ImplicitlyDenied");
        assert.equal(await ask("arn:aws:iam::111111111111:role/other", "kms:Encrypt"), "ImplicitlyDenied");
        assert.deepEqual(
            policy.Statement.map((s: { Sid: string }) => s.Sid),
            ["OwnerAccountAdministers", "ReplicationRoleEncrypts"],
        );
    });
});
