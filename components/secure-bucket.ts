import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { bucketPolicy } from "../core/policy/bucket-policy";
import { PolicyStatement, policyJson } from "../core/policy/document";

export interface SecureBucketArgs {
    /** Physical bucket name, from the naming module (`AccountNames.bucket`). */
    bucketName: string;
    /** ARN of the bucket; computable from the name, so statements can be built before deploy. */
    bucketArn: string;
    /** KMS key for default SSE-KMS encryption (with an S3 bucket key, to cut KMS calls). */
    kmsKeyArn: pulumi.Input<string>;
    /**
     * Statements added after the TLS-only deny, e.g. a cross-account read.
     * @default []
     */
    policyStatements?: pulumi.Input<PolicyStatement>[];
    /**
     * Server access logging into another bucket.
     * @default undefined (off)
     */
    accessLogs?: { targetBucket: pulumi.Input<string>; targetPrefix: string };
    /** Protect the bucket from deletion; it holds data. */
    protect: boolean;
    /** Extra tags, e.g. the data product. @default {} */
    tags?: Record<string, string>;
}

/**
 * An S3 bucket that is private, encrypted and durable by construction: SSE-KMS with a
 * bucket key, versioning, every public access block, BucketOwnerEnforced (no ACLs), and a
 * bucket policy that denies any request not made over TLS.
 */
export class SecureBucket extends pulumi.ComponentResource {
    /** The bucket resource. */
    public readonly bucket: aws.s3.Bucket;
    /** Physical name of the bucket. */
    public readonly bucketName: pulumi.Output<string>;
    /** ARN of the bucket. */
    public readonly arn: pulumi.Output<string>;
    /** The bucket policy document, as deployed. */
    public readonly policy: pulumi.Output<string>;
    /** Versioning of the bucket: S3 accepts a replication configuration only once it is enabled. */
    public readonly versioning: aws.s3.BucketVersioning;

    constructor(name: string, args: SecureBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:storage:SecureBucket", name, {}, opts);
        const parent = { parent: this };
        this.bucket = new aws.s3.Bucket(name, { bucket: args.bucketName, forceDestroy: false, tags: args.tags }, { parent: this, protect: args.protect });
        const bucket = this.bucket.bucket;

        new aws.s3.BucketServerSideEncryptionConfiguration(
            name,
            {
                bucket,
                rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.kmsKeyArn }, bucketKeyEnabled: true }],
            },
            parent,
        );
        this.versioning = new aws.s3.BucketVersioning(name, { bucket, versioningConfiguration: { status: "Enabled" } }, parent);
        new aws.s3.BucketOwnershipControls(name, { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } }, parent);
        const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
            name,
            { bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
            parent,
        );
        this.policy = policyJson(bucketPolicy(args.bucketArn, args.policyStatements ?? []));
        // After the public access block, so S3 never sees the policy on an unguarded bucket.
        new aws.s3.BucketPolicy(name, { bucket, policy: this.policy }, { parent: this, dependsOn: [publicAccessBlock] });
        if (args.accessLogs) {
            new aws.s3.BucketLogging(name, { bucket, targetBucket: args.accessLogs.targetBucket, targetPrefix: args.accessLogs.targetPrefix }, parent);
        }

        this.bucketName = bucket;
        this.arn = this.bucket.arn;
        this.registerOutputs({ bucketName: this.bucketName, arn: this.arn });
    }
}
