import * as pulumi from "@pulumi/pulumi";
import { PolicyDocument, PolicyStatement, policyDocument } from "../../core/policy/document";
import { KeyGrant } from "../../core/policy/key-policy";
import { roleOfAccount } from "../../core/policy/role-of-account";

/**
 * Policies of pattern 3's replication: the producer's role copies SSE-KMS objects of its
 * "Published Datasets" bucket into the external account's bucket and nothing else, and the
 * destination admits that role and nobody else from the producer.
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

/** S3 may assume the role only for this account's source bucket. */
export function replicationTrustPolicy(sourceAccountId: string, sourceBucketArn: string): PolicyDocument {
    return policyDocument([
        {
            Sid: "S3ReplicatesSourceBucket",
            Effect: "Allow",
            Principal: { Service: "s3.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:SourceAccount": sourceAccountId }, ArnLike: { "aws:SourceArn": sourceBucketArn } },
        },
    ]);
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
            Condition: { StringEquals: { "kms:ViaService": `s3.${e.sourceRegion}.amazonaws.com` }, StringLike: { "kms:EncryptionContext:aws:s3:arn": `${e.sourceBucketArn}/*` } },
        },
        {
            Sid: "EncryptReplicas",
            Effect: "Allow",
            Action: ["kms:Encrypt", "kms:GenerateDataKey"],
            Resource: e.destinationKeyArn,
            Condition: { StringEquals: { "kms:ViaService": `s3.${e.destinationRegion}.amazonaws.com` }, StringLike: { "kms:EncryptionContext:aws:s3:arn": objects(e.destinationBucketArn) } },
        },
    ]);
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
            Sid: "ProducerReplicationRoleChecksVersioning",
            Effect: "Allow",
            Principal: principal,
            Action: ["s3:GetBucketVersioning", "s3:PutBucketVersioning", "s3:ListBucket"],
            Resource: destinationBucketArn,
            Condition: onlyRole,
        },
    ];
}

/** Destination key grant: the producer's replication role encrypts replicas, through S3 only, and never decrypts. */
export function replicaKeyGrant(replicationRoleArn: string, destinationRegion: string): KeyGrant {
    const { account, onlyRole } = roleOfAccount(replicationRoleArn);
    return {
        sid: "ProducerReplicationRoleEncryptsReplicas",
        grantee: { accounts: [account] },
        actions: ["kms:Encrypt", "kms:GenerateDataKey"],
        conditions: { StringEquals: { "kms:ViaService": `s3.${destinationRegion}.amazonaws.com` }, ...onlyRole },
    };
}
