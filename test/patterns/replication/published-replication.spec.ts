import * as aws from "@pulumi/aws";
import { strict as assert } from "assert";
import { replicaBucketStatements, replicaKeyGrant, replicationRolePolicy, replicationTrustPolicy } from "../../../patterns/replication/policies";
import { PublishedReplication, replicationRoleArn } from "../../../patterns/replication/published-replication";
import { AccountNames } from "../../../core/naming";
import { bucketPolicy } from "../../../core/policy/bucket-policy";
import { keyPolicy } from "../../../core/policy/key-policy";
import { allow, decide } from "../../support/iam";
import { runProgram } from "../../support/run-stack";

const PRODUCER = "111111111111";
const EXTERNAL = "333333333333";
const names = new AccountNames("datasharing", { accountId: PRODUCER, region: "eu-west-1" });
const ROLE = replicationRoleArn(names);
const SOURCE = "arn:aws:s3:::datasharing-published-111111111111-eu-west-1";
const SOURCE_KEY = `arn:aws:kms:eu-west-1:${PRODUCER}:key/source`;
const DEST = "arn:aws:s3:::datasharing-external-published-333333333333-eu-central-1";
const DEST_KEY = `arn:aws:kms:eu-central-1:${EXTERNAL}:key/destination`;
const everything = allow(["s3:*", "kms:*"], ["*"]);

describe("pattern 3 replication: the destination admits exactly the producer's replication role", () => {
    const destinationPolicy = bucketPolicy(DEST, replicaBucketStatements(ROLE, DEST));
    const write = (principal: string, tls = "true") =>
        decide({
            principal,
            action: "s3:ReplicateObject",
            resource: `${DEST}/sales_insights/part-0.parquet`,
            resourceAccount: EXTERNAL,
            identityPolicies: [everything],
            resourcePolicy: destinationPolicy,
            context: { "aws:SecureTransport": tls },
        });

    it("lets the replication role write replicas over TLS, never without", async () => {
        assert.equal(await write(ROLE), "Allowed");
        assert.equal(await write(ROLE, "false"), "ExplicitlyDenied");
    });

    it("names no principal that does not exist before the producer deploys (S3 and KMS would reject the policy)", () => {
        const principals = JSON.stringify([replicaBucketStatements(ROLE, DEST).map((s) => s.Principal), replicaKeyGrant(ROLE, "eu-central-1", DEST).grantee]);
        assert.ok(!principals.includes(ROLE), principals);
    });

    it("gives any other principal of the producer, or of a third account, nothing", async () => {
        assert.equal(await write(`arn:aws:iam::${PRODUCER}:role/datasharing-lake-glue`), "ImplicitlyDenied");
        assert.equal(await write("arn:aws:iam::999999999999:role/datasharing-published-replication"), "ImplicitlyDenied");
        const read = await decide({
            principal: ROLE,
            action: "s3:GetObject",
            resource: `${DEST}/x`,
            resourceAccount: EXTERNAL,
            identityPolicies: [everything],
            resourcePolicy: destinationPolicy,
            context: { "aws:SecureTransport": "true" },
        });
        assert.equal(read, "ImplicitlyDenied", "the role cannot read the partners' copy back");
    });

    // Rewritten: it asserted the role never decrypts with the destination key, but with S3
    // Bucket Keys S3 decrypts the replica's bucket key to check it (S3 User Guide, "Amazon S3
    // Bucket Keys and replication"), with the bucket's ARN as context.
    it("lets the role encrypt replicas and check their bucket key with the destination key, through S3 in its region, for the destination bucket only", async () => {
        const policy = keyPolicy(EXTERNAL, [replicaKeyGrant(ROLE, "eu-central-1", DEST)]);
        const use = (action: string, via: string, context = DEST) =>
            decide({
                principal: ROLE,
                action,
                resource: DEST_KEY,
                resourceAccount: EXTERNAL,
                identityPolicies: [everything],
                resourcePolicy: policy,
                context: { "kms:ViaService": via, "kms:EncryptionContext:aws:s3:arn": context },
            });
        for (const action of ["kms:Encrypt", "kms:GenerateDataKey", "kms:Decrypt"]) {
            assert.equal(await use(action, "s3.eu-central-1.amazonaws.com"), "Allowed", action);
        }
        assert.equal(await use("kms:Encrypt", "glue.eu-central-1.amazonaws.com"), "ImplicitlyDenied");
        assert.equal(
            await use("kms:Decrypt", "s3.eu-central-1.amazonaws.com", "arn:aws:s3:::another-bucket-of-external"),
            "ImplicitlyDenied",
            "not for another bucket of the account",
        );
        assert.equal(await use("kms:ReEncryptFrom", "s3.eu-central-1.amazonaws.com"), "ImplicitlyDenied");
    });

    it("lets the role neither change nor list the destination bucket: replication only reads its versioning", async () => {
        const ask = (action: string) =>
            decide({
                principal: ROLE,
                action,
                resource: DEST,
                resourceAccount: EXTERNAL,
                identityPolicies: [everything],
                resourcePolicy: destinationPolicy,
                context: { "aws:SecureTransport": "true" },
            });
        assert.equal(await ask("s3:PutBucketVersioning"), "ImplicitlyDenied", "the producer could suspend the partners' versioning");
        assert.equal(await ask("s3:ListBucket"), "ImplicitlyDenied");
        assert.equal(await ask("s3:GetBucketVersioning"), "Allowed");
    });
});

describe("pattern 3 replication: the role itself", () => {
    const identity = replicationRolePolicy({
        sourceBucketArn: SOURCE,
        sourceKeyArn: SOURCE_KEY,
        sourceRegion: "eu-west-1",
        destinationBucketArn: DEST,
        destinationKeyArn: DEST_KEY,
        destinationRegion: "eu-central-1",
    });
    // Cross-account requests need both sides: the role's policy and the destination bucket's.
    const destinationPolicy = bucketPolicy(DEST, replicaBucketStatements(ROLE, DEST));
    const ask = (action: string, resource: string, account: string) =>
        decide({
            principal: ROLE,
            action,
            resource,
            resourceAccount: account,
            identityPolicies: [identity],
            resourcePolicy: account === EXTERNAL ? destinationPolicy : undefined,
            context: { "aws:SecureTransport": "true" },
        });

    it("reads source versions for replication and writes replicas, nothing more", async () => {
        assert.equal(await ask("s3:GetObjectVersionForReplication", `${SOURCE}/a`, PRODUCER), "Allowed");
        assert.equal(await ask("s3:ReplicateObject", `${DEST}/a`, EXTERNAL), "Allowed");
        assert.equal(await ask("s3:GetObject", `${DEST}/a`, EXTERNAL), "ImplicitlyDenied");
        assert.equal(
            await ask("s3:GetObject", "arn:aws:s3:::datasharing-lake-111111111111-eu-west-1/cards/cards.csv", PRODUCER),
            "ImplicitlyDenied",
            "no way into the lake",
        );
        assert.equal(await ask("s3:ReplicateObject", "arn:aws:s3:::someone-else/a", "999999999999"), "ImplicitlyDenied");
    });

    // Rewritten: it checked the conditions' shape on object ARNs, which never match with S3
    // Bucket Keys; it now asks the simulator with the context S3 actually sends.
    it("uses the source key only to decrypt through S3 for the source bucket, and the destination key only through S3 for the destination bucket", async () => {
        const key = (account: string, keyArn: string, action: string, via: string, context: string) =>
            decide({
                principal: ROLE,
                action,
                resource: keyArn,
                resourceAccount: account,
                identityPolicies: [identity],
                resourcePolicy: keyPolicy(account, account === EXTERNAL ? [replicaKeyGrant(ROLE, "eu-central-1", DEST)] : []),
                context: { "kms:ViaService": via, "kms:EncryptionContext:aws:s3:arn": context },
            });
        assert.equal(
            await key(PRODUCER, SOURCE_KEY, "kms:Decrypt", "s3.eu-west-1.amazonaws.com", SOURCE),
            "Allowed",
            "S3 Bucket Keys: the context is the bucket ARN",
        );
        assert.equal(
            await key(PRODUCER, SOURCE_KEY, "kms:Decrypt", "s3.eu-west-1.amazonaws.com", "arn:aws:s3:::datasharing-lake-111111111111-eu-west-1"),
            "ImplicitlyDenied",
            "not the lake's objects",
        );
        assert.equal(await key(PRODUCER, SOURCE_KEY, "kms:Decrypt", "glue.eu-west-1.amazonaws.com", SOURCE), "ImplicitlyDenied");
        assert.equal(await key(PRODUCER, SOURCE_KEY, "kms:Encrypt", "s3.eu-west-1.amazonaws.com", SOURCE), "ImplicitlyDenied");
        for (const action of ["kms:Encrypt", "kms:GenerateDataKey", "kms:Decrypt"]) {
            assert.equal(await key(EXTERNAL, DEST_KEY, action, "s3.eu-central-1.amazonaws.com", DEST), "Allowed", action);
        }
        assert.equal(
            await key(EXTERNAL, DEST_KEY, "kms:Encrypt", "s3.eu-central-1.amazonaws.com", `${DEST}/sales_insights/part-0.parquet`),
            "ImplicitlyDenied",
        );
    });

    // Rewritten: it asserted S3 could assume the role only with the producer's source bucket as
    // aws:SourceArn. AWS documents no source key for the replication role (S3 User Guide,
    // "Setting up permissions for live replication"), and one S3 does not send would stop
    // replication at run time; so the role must work without them, for S3 and no one else.
    it("is assumable by S3, whatever source keys S3 sends, and by no other service or account", async () => {
        const trust = replicationTrustPolicy(PRODUCER);
        const assume = (principal: string, context?: Record<string, string>) =>
            decide({ principal, action: "sts:AssumeRole", resource: ROLE, resourceAccount: PRODUCER, resourcePolicy: trust, context });
        assert.equal(await assume("s3.amazonaws.com"), "Allowed");
        assert.equal(await assume("glue.amazonaws.com"), "ImplicitlyDenied");
        assert.equal(await assume("batchoperations.s3.amazonaws.com"), "ImplicitlyDenied");
        assert.equal(await assume(`arn:aws:iam::${EXTERNAL}:root`), "ImplicitlyDenied");
    });
});

describe("PublishedReplication", () => {
    const build = (extra: Partial<ConstructorParameters<typeof PublishedReplication>[1]> = {}) =>
        runProgram(() => {
            const versioning = new aws.s3.BucketVersioning("published", {
                bucket: "datasharing-published-111111111111-eu-west-1",
                versioningConfiguration: { status: "Enabled" },
            });
            new PublishedReplication("replication", {
                names,
                source: { bucketName: "datasharing-published-111111111111-eu-west-1", bucketArn: SOURCE, keyArn: SOURCE_KEY, versioning },
                destination: { accountId: EXTERNAL, region: "eu-central-1", bucketArn: DEST, keyArn: DEST_KEY },
                ...extra,
            });
            return {};
        });

    it("waits for the source bucket's versioning, which S3 requires before it accepts the configuration", async () => {
        const run = await build();
        const config = run.one("aws:s3/bucketReplicationConfig:BucketReplicationConfig");
        assert.ok(
            config.options.dependencies.some((u) => u.endsWith("aws:s3/bucketVersioning:BucketVersioning::published")),
            JSON.stringify(config.options.dependencies),
        );
    });

    it("replicates SSE-KMS objects with the destination key, owned by the destination account, and keeps deletes local", async () => {
        const run = await build();
        const config = run.one("aws:s3/bucketReplicationConfig:BucketReplicationConfig").inputs;
        assert.equal(config.role, ROLE);
        const [rule] = config.rules;
        assert.equal(rule.sourceSelectionCriteria.sseKmsEncryptedObjects.status, "Enabled");
        assert.deepEqual([rule.destination.bucket, rule.destination.account, rule.destination.accessControlTranslation.owner], [DEST, EXTERNAL, "Destination"]);
        assert.equal(rule.destination.encryptionConfiguration.replicaKmsKeyId, DEST_KEY);
        assert.equal(rule.deleteMarkerReplication.status, "Disabled");
        assert.equal(rule.destination.metrics, undefined);
        assert.equal(rule.destination.replicationTime, undefined);
        assert.equal(run.one("aws:iam/role:Role").inputs.name, ROLE.split("/").pop(), "the name the external stack computes");
    });

    it("adds metrics only when asked, and Replication Time Control always with metrics", async () => {
        const metrics = (await build({ metrics: true })).one("aws:s3/bucketReplicationConfig:BucketReplicationConfig").inputs.rules[0].destination;
        assert.equal(metrics.metrics.status, "Enabled");
        assert.equal(metrics.replicationTime, undefined);
        const rtc = (await build({ replicationTimeControl: true })).one("aws:s3/bucketReplicationConfig:BucketReplicationConfig").inputs.rules[0].destination;
        assert.deepEqual([rtc.replicationTime.status, rtc.metrics.status], ["Enabled", "Enabled"]);
    });
});
