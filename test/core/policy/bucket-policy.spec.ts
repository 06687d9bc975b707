import { strict as assert } from "assert";
import { bucketPolicy } from "../../../core/policy/bucket-policy";
import { allow, decide } from "../../support/iam";

describe("bucket policy", () => {
    const bucket = "arn:aws:s3:::datasharing-published-111111111111-eu-west-1";
    const reader = "arn:aws:iam::111111111111:role/reader";
    const canRead = allow(["s3:GetObject", "s3:PutObject"], [`${bucket}/*`]);

    for (const action of ["s3:GetObject", "s3:PutObject"]) {
        it(`denies ${action} without TLS, even to a principal whose IAM policy allows it`, async () => {
            const request = {
                principal: reader,
                action,
                resource: `${bucket}/data.csv`,
                resourceAccount: "111111111111",
                identityPolicies: [canRead],
                resourcePolicy: bucketPolicy(bucket),
            };
            assert.equal(await decide({ ...request, context: { "aws:SecureTransport": "true" } }), "Allowed");
            assert.equal(await decide({ ...request, context: { "aws:SecureTransport": "false" } }), "ExplicitlyDenied");
        });
    }

    it("grants another account nothing unless a statement is added", async () => {
        const outsider = "arn:aws:iam::999999999999:role/outsider";
        const request = {
            principal: outsider,
            action: "s3:GetObject",
            resource: `${bucket}/data.csv`,
            resourceAccount: "111111111111",
            identityPolicies: [canRead],
            context: { "aws:SecureTransport": "true" },
        };
        assert.equal(await decide({ ...request, resourcePolicy: bucketPolicy(bucket) }), "ImplicitlyDenied");
        const opened = bucketPolicy(bucket, [
            { Sid: "PartnerReads", Effect: "Allow", Principal: { AWS: outsider }, Action: "s3:GetObject", Resource: `${bucket}/*` },
        ]);
        assert.equal(await decide({ ...request, resourcePolicy: opened }), "Allowed");
        assert.equal(
            await decide({ ...request, resourcePolicy: opened, context: { "aws:SecureTransport": "false" } }),
            "ExplicitlyDenied",
            "added statements never bypass the TLS deny",
        );
    });
});
