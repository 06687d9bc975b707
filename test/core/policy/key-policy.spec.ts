import { strict as assert } from "assert";
import { DECRYPT_ONLY, keyPolicy } from "../../../core/policy/key-policy";
import { allow, decide } from "../../support/iam";

describe("key policy", () => {
    const key = "arn:aws:kms:eu-west-1:111111111111:key/00000000-0000-0000-0000-000000000000";
    const partnerRole = "arn:aws:iam::444444444444:role/auditor-analyst";
    const partnerIdentity = allow(["kms:Decrypt", "kms:Encrypt"], [key]);
    const ask = (policy: unknown, action: string, context: Record<string, string> = {}) =>
        decide({
            principal: partnerRole,
            action,
            resource: key,
            resourceAccount: "111111111111",
            identityPolicies: [partnerIdentity],
            resourcePolicy: policy,
            context,
        });

    it("lets the owner account administer the key through IAM, and nobody else", async () => {
        const policy = keyPolicy("111111111111");
        const admin = "arn:aws:iam::111111111111:role/admin";
        assert.equal(
            await decide({
                principal: admin,
                action: "kms:ScheduleKeyDeletion",
                resource: key,
                resourceAccount: "111111111111",
                identityPolicies: [allow(["kms:ScheduleKeyDeletion"], [key])],
                resourcePolicy: policy,
            }),
            "Allowed",
        );
        assert.equal(await ask(policy, "kms:Decrypt"), "ImplicitlyDenied");
    });

    it("gives a named grant exactly its actions, under its conditions", async () => {
        const policy = keyPolicy("111111111111", [
            {
                sid: "AuditorDecryptsThroughS3",
                grantee: { principals: [partnerRole] },
                actions: DECRYPT_ONLY,
                conditions: { StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } },
            },
        ]);
        assert.equal(await ask(policy, "kms:Decrypt", { "kms:ViaService": "s3.eu-west-1.amazonaws.com" }), "Allowed");
        assert.equal(await ask(policy, "kms:Decrypt", { "kms:ViaService": "glue.eu-west-1.amazonaws.com" }), "ImplicitlyDenied");
        assert.equal(await ask(policy, "kms:Encrypt", { "kms:ViaService": "s3.eu-west-1.amazonaws.com" }), "ImplicitlyDenied");
    });

    it("refuses ambiguous grants", () => {
        assert.throws(
            () =>
                keyPolicy("111111111111", [{ sid: "Both", grantee: { accounts: ["222222222222"], services: ["s3.amazonaws.com"] }, actions: ["kms:Decrypt"] }]),
            /split it into two grants/,
        );
        assert.throws(() => keyPolicy("111111111111", [{ sid: "None", grantee: {}, actions: ["kms:Decrypt"] }]), /either IAM grantees or services/);
        const twice = { sid: "Twice", grantee: { accounts: ["222222222222"] }, actions: ["kms:Decrypt" as const] };
        assert.throws(() => keyPolicy("111111111111", [twice, twice]), /two statements named Twice/);
    });
});
