import { strict as assert } from "assert";
import { SecureBucket } from "../../components/secure-bucket";
import { allow, decide } from "../support/iam";
import { runProgram } from "../support/run-stack";

describe("SecureBucket", () => {
    const bucketName = "datasharing-test-111111111111-eu-west-1";
    const bucketArn = `arn:aws:s3:::${bucketName}`;
    const keyArn = "arn:aws:kms:eu-west-1:111111111111:key/0000";
    const partner = "arn:aws:iam::444444444444:role/partner";

    const build = (extra: Partial<ConstructorParameters<typeof SecureBucket>[1]> = {}) =>
        runProgram(() => {
            const b = new SecureBucket("test", { bucketName, bucketArn, kmsKeyArn: keyArn, protect: true, ...extra });
            return { name: b.bucketName, arn: b.arn };
        });

    it("encrypts with the given key by default, with a bucket key", async () => {
        const run = await build();
        const sse = run.one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration");
        assert.deepEqual(sse.inputs.rules, [
            { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn }, bucketKeyEnabled: true },
        ]);
        assert.equal(sse.inputs.bucket, bucketName);
    });

    it("is versioned, ACL-free and blocks every kind of public access", async () => {
        const run = await build();
        assert.equal(run.one("aws:s3/bucketVersioning:BucketVersioning").inputs.versioningConfiguration.status, "Enabled");
        assert.equal(run.one("aws:s3/bucketOwnershipControls:BucketOwnershipControls").inputs.rule.objectOwnership, "BucketOwnerEnforced");
        const pab = run.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs;
        assert.deepEqual([pab.blockPublicAcls, pab.blockPublicPolicy, pab.ignorePublicAcls, pab.restrictPublicBuckets], [true, true, true, true]);
    });

    it("denies non-TLS requests through its deployed policy", async () => {
        const run = await build();
        const policy = run.policyOf(run.one("aws:s3/bucketPolicy:BucketPolicy"));
        const request = {
            principal: "arn:aws:iam::111111111111:role/reader",
            action: "s3:GetObject",
            resource: `${bucketArn}/a.csv`,
            resourceAccount: "111111111111",
            identityPolicies: [allow(["s3:GetObject"], [`${bucketArn}/*`])],
            resourcePolicy: policy,
        };
        assert.equal(await decide({ ...request, context: { "aws:SecureTransport": "true" } }), "Allowed");
        assert.equal(await decide({ ...request, context: { "aws:SecureTransport": "false" } }), "ExplicitlyDenied");
    });

    it("admits exactly the extra statements it is given", async () => {
        const statement = {
            Sid: "PartnerReads",
            Effect: "Allow" as const,
            Principal: { AWS: partner },
            Action: "s3:GetObject",
            Resource: `${bucketArn}/shared/*`,
        };
        const run = await build({ policyStatements: [statement] });
        const policy = run.policyOf(run.one("aws:s3/bucketPolicy:BucketPolicy"));
        const ask = (key: string) =>
            decide({
                principal: partner,
                action: "s3:GetObject",
                resource: `${bucketArn}/${key}`,
                resourceAccount: "111111111111",
                identityPolicies: [allow(["s3:GetObject"], ["*"])],
                resourcePolicy: policy,
                context: { "aws:SecureTransport": "true" },
            });
        assert.equal(await ask("shared/a.csv"), "Allowed");
        assert.equal(await ask("private/a.csv"), "ImplicitlyDenied");
    });

    it("applies its policy only after the public access block, and protects the bucket", async () => {
        const run = await build();
        const pab = run.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock");
        const policy = run.one("aws:s3/bucketPolicy:BucketPolicy");
        assert.ok(
            policy.options.dependencies.some((urn) => urn.endsWith(`BucketPublicAccessBlock::${pab.name}`)),
            JSON.stringify(policy.options.dependencies),
        );
        assert.equal(run.one("aws:s3/bucket:Bucket").options.protect, true);
        assert.equal(run.one("aws:s3/bucket:Bucket").inputs.forceDestroy, false);
        const unprotected = await build({ protect: false });
        assert.equal(unprotected.one("aws:s3/bucket:Bucket").options.protect, false);
    });

    it("logs access only when asked", async () => {
        assert.equal((await build()).ofType("aws:s3/bucketLogging:BucketLogging").length, 0);
        const run = await build({ accessLogs: { targetBucket: "logs-bucket", targetPrefix: "s3/test/" } });
        const logging = run.one("aws:s3/bucketLogging:BucketLogging").inputs;
        assert.deepEqual([logging.bucket, logging.targetBucket, logging.targetPrefix], [bucketName, "logs-bucket", "s3/test/"]);
    });
});
