import { strict as assert } from "assert";
import { bucketKeyEncryptionContext } from "../../../plan/preflight/rules/bucket-key-encryption-context";
import { FixtureResource, fixtureStack, policy, violations } from "../../support/preflight";

const DESTINATION = "datasharing-external-published-333333333333-eu-west-1";
const DEST_ARN = `arn:aws:s3:::${DESTINATION}`;

const encryption = (bucket: string, bucketKeyEnabled: boolean): FixtureResource => ({
    type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    name: bucket,
    inputs: { bucket, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" }, bucketKeyEnabled }] },
});
const encryptReplicas = (operator: string, context: string | string[]) => ({
    Sid: "EncryptReplicas",
    Effect: "Allow",
    Action: ["kms:Encrypt", "kms:GenerateDataKey"],
    Resource: "arn:aws:kms:eu-west-1:333333333333:key/destination",
    Condition: { StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" }, [operator]: { "kms:EncryptionContext:aws:s3:arn": context } },
});
const rolePolicy = (statement: Record<string, unknown>): FixtureResource => ({
    type: "aws:iam/rolePolicy:RolePolicy",
    name: "published-to-external",
    inputs: { policy: policy(statement) },
});

describe("preflight: bucket-key-encryption-context", () => {
    it("refuses a replication role whose destination-key condition names the objects of an external bucket with Bucket Keys", () => {
        const external = fixtureStack("external", "333333333333", [encryption(DESTINATION, true)]);
        const producer = fixtureStack("producer", "111111111111", [rolePolicy(encryptReplicas("StringLike", `${DEST_ARN}/*`))]);
        const found = violations(bucketKeyEncryptionContext, [external, producer]);
        assert.equal(found.length, 1);
        assert.equal(found[0].stack, "producer");
        assert.match(
            found[0].message,
            /statement EncryptReplicas conditions kms:EncryptionContext:aws:s3:arn on objects of datasharing-external-published-\S+, which uses S3 Bucket Keys/,
        );
    });

    it("refuses the same condition in a key policy", () => {
        const key: FixtureResource = {
            type: "aws:kms/key:Key",
            name: "external-published",
            inputs: {
                policy: policy({ ...encryptReplicas("StringLike", `${DEST_ARN}/*`), Principal: { AWS: "arn:aws:iam::111111111111:root" }, Resource: "*" }),
            },
        };
        assert.equal(violations(bucketKeyEncryptionContext, [fixtureStack("external", "333333333333", [encryption(DESTINATION, true), key])]).length, 1);
    });

    it("accepts the bucket ARN, or object ARNs alongside it", () => {
        const external = fixtureStack("external", "333333333333", [encryption(DESTINATION, true)]);
        const asBucket = fixtureStack("producer", "111111111111", [rolePolicy(encryptReplicas("StringEquals", DEST_ARN))]);
        const both = fixtureStack("producer", "111111111111", [rolePolicy(encryptReplicas("StringLike", [DEST_ARN, `${DEST_ARN}/results/*`]))]);
        const likeBoth = fixtureStack("producer", "111111111111", [rolePolicy(encryptReplicas("ArnLike", [`${DEST_ARN}*`]))]);
        for (const producer of [asBucket, both, likeBoth]) assert.deepEqual(violations(bucketKeyEncryptionContext, [external, producer]), []);
    });

    it("accepts object ARNs of a bucket without Bucket Keys, where the context is the object's ARN", () => {
        const external = fixtureStack("external", "333333333333", [encryption(DESTINATION, false)]);
        const producer = fixtureStack("producer", "111111111111", [rolePolicy(encryptReplicas("StringLike", `${DEST_ARN}/*`))]);
        assert.deepEqual(violations(bucketKeyEncryptionContext, [external, producer]), []);
    });
});
