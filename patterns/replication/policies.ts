import * as pulumi from "@pulumi/pulumi";
import { Conditions, PolicyDocument, PolicyStatement, policyDocument } from "../../core/policy/document";
import { KeyGrant } from "../../core/policy/key-policy";
import { roleOfAccount } from "../../core/policy/role-of-account";
import { serviceTrustPolicy } from "../../core/policy/trust";

/**
 * Policies of pattern 3's replication: the producer's role copies SSE-KMS objects of its
 * "Published Datasets" bucket into the external account's bucket and nothing else, and the
 * destination admits that role and nobody else from the producer.
 *
 * Both buckets use S3 Bucket Keys (SecureBucket), so S3 calls KMS with the BUCKET's ARN as
 * encryption context, and checks a replica's bucket key with kms:Decrypt on the destination
 * key (S3 User Guide, "Amazon S3 Bucket Keys and replication").
 */

export interface ReplicationEnds {
    readonly sourceBucketArn: string;
    readonly sourceKeyArn: pulumi.Input<string>;
    readonly sourceRegion: string;
    readonly destinationBucketArn: pulumi.Input<string>;
    readonly destinationKeyArn: pulumi.Input<string>;
    readonly destinationRegion: string;
}

const objects = (bucketArn: pulumi.Input<string>) => (typeof bucketArn === "string" ? `${bucketArn}/*` : pulumi.interpolate`${bucketArn}/*`);

/**
 * S3 assumes the role to replicate. No aws:SourceAccount / aws:SourceArn condition: AWS's
 * replication setup documents none (policy/lib/service-trust.ts), and a key S3 does not send
 * would stop replication silently. Only this account can pass the role to S3 (iam:PassRole).
 */
export function replicationTrustPolicy(sourceAccountId: string): PolicyDocument {
    return serviceTrustPolicy("s3.amazonaws.com", { account: sourceAccountId });
}

/** The least cross-account SSE-KMS replication needs (AWS's documented setup). */
export function replicationRolePolicy(e: ReplicationEnds): PolicyDocument {
    return policyDocument([
        { Sid: "ReadReplicationConfiguration", Effect: "Allow", Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"], Resource: e.sourceBucketArn },
        {
            Sid: "ReadSourceVersions",
            Effect: "Allow",
            Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
            Resource: `${e.sourceBucketArn}/*`,
        },
        {
            Sid: "WriteReplicas",
            Effect: "Allow",
            Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags", "s3:ObjectOwnerOverrideToBucketOwner"],
            Resource: objects(e.destinationBucketArn),
        },
        {
            Sid: "DecryptSourceObjects",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: e.sourceKeyArn,
            Condition: { StringEquals: { "kms:ViaService": `s3.${e.sourceRegion}.amazonaws.com`, "kms:EncryptionContext:aws:s3:arn": e.sourceBucketArn } },
        },
        {
            // kms:Decrypt too: S3 verifies the destination's bucket key before using it.
            Sid: "EncryptReplicas",
            Effect: "Allow",
            Action: [...REPLICA_KEY_ACTIONS],
            Resource: e.destinationKeyArn,
            Condition: replicaKeyConditions(e.destinationRegion, e.destinationBucketArn),
        },
    ]);
}

/** What the role does with the destination key: encrypt replicas, and check the bucket key S3 made for them. */
const REPLICA_KEY_ACTIONS = ["kms:Encrypt", "kms:GenerateDataKey", "kms:Decrypt"] as const;

/** Through S3 in the destination's region, for the destination bucket only (its bucket key's context). */
function replicaKeyConditions(destinationRegion: string, destinationBucketArn: pulumi.Input<string>): Conditions {
    return { StringEquals: { "kms:ViaService": `s3.${destinationRegion}.amazonaws.com`, "kms:EncryptionContext:aws:s3:arn": destinationBucketArn } };
}

/** Destination bucket statements that admit exactly the producer's replication role. */
export function replicaBucketStatements(replicationRoleArn: string, destinationBucketArn: string): PolicyStatement[] {
    // The external stack deploys first, before the role exists: named by account (see roleOfAccount).
    const { principal, onlyRole } = roleOfAccount(replicationRoleArn);
    return [
        {
            Sid: "ProducerReplicationRoleWritesReplicas",
            Effect: "Allow",
            Principal: principal,
            Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags", "s3:ObjectOwnerOverrideToBucketOwner"],
            Resource: `${destinationBucketArn}/*`,
            Condition: onlyRole,
        },
        {
            // AWS's documented destination policy also lists s3:List* and s3:PutBucketVersioning, for
            // the console's set-up; replication itself only reads the destination's versioning.
            Sid: "ProducerReplicationRoleChecksVersioning",
            Effect: "Allow",
            Principal: principal,
            Action: "s3:GetBucketVersioning",
            Resource: destinationBucketArn,
            Condition: onlyRole,
        },
    ];
}

/**
 * Destination key grant: the producer's replication role encrypts replicas and checks their
 * bucket key, through S3 and for the destination bucket only. Decrypting through S3 reads
 * nothing: the destination bucket policy lets the role read no object.
 */
export function replicaKeyGrant(replicationRoleArn: string, destinationRegion: string, destinationBucketArn: string): KeyGrant {
    const { account, onlyRole } = roleOfAccount(replicationRoleArn);
    return {
        sid: "ProducerReplicationRoleEncryptsReplicas",
        grantee: { accounts: [account] },
        actions: [...REPLICA_KEY_ACTIONS],
        conditions: { ...replicaKeyConditions(destinationRegion, destinationBucketArn), ...onlyRole },
    };
}
