import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccountNames } from "../../core/naming";
import { policyJson } from "../../core/policy/document";
import { replicationRolePolicy, replicationTrustPolicy } from "./policies";

/** Purpose of the replication role: its name is fixed, so the external stack computes its ARN. */
export const REPLICATION_ROLE_PURPOSE = "published-replication";

/** The ARN of the producer's replication role, from the topology alone. */
export function replicationRoleArn(producer: AccountNames): string {
    return producer.roleArn(REPLICATION_ROLE_PURPOSE);
}

export interface PublishedReplicationArgs {
    /** Names in the producer account. */
    names: AccountNames;
    /**
     * The producer's "Published Datasets" bucket, its key, and the resource enabling its
     * versioning (S3 refuses the configuration before versioning is on).
     */
    source: { bucketName: pulumi.Input<string>; bucketArn: string; keyArn: pulumi.Input<string>; versioning: pulumi.Resource };
    /**
     * The external account's "External Published Datasets" bucket and its key; `versioning`
     * when this stack also creates the destination, so the configuration waits for it.
     */
    destination: { accountId: string; region: string; bucketArn: pulumi.Input<string>; keyArn: pulumi.Input<string>; versioning?: pulumi.Resource };
    /** Replicate only objects under this prefix. @default "" (everything) */
    prefix?: string;
    /** S3 Replication Time Control (15-minute SLA); needs metrics, so turns them on. @default false */
    replicationTimeControl?: boolean;
    /** Replication metrics and events. @default false */
    metrics?: boolean;
    /** Replicate delete markers; off so a delete in production does not erase the partners' copy. @default false */
    deleteMarkers?: boolean;
}

/**
 * Pattern 3's copy from production to the external sharing account (same- or cross-region
 * by where the two buckets are): SSE-KMS objects re-encrypted with the destination's key,
 * replicas owned by the destination account, by a role that can do nothing else.
 */
export class PublishedReplication extends pulumi.ComponentResource {
    public readonly role: aws.iam.Role;
    public readonly configuration: aws.s3.BucketReplicationConfig;

    constructor(name: string, args: PublishedReplicationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:replication:PublishedReplication", name, {}, opts);
        const { names, source, destination } = args;
        this.role = new aws.iam.Role(
            name,
            { name: names.role(REPLICATION_ROLE_PURPOSE), assumeRolePolicy: policyJson(replicationTrustPolicy(names.account.accountId)) },
            { parent: this },
        );
        const policy = new aws.iam.RolePolicy(
            name,
            {
                role: this.role.name,
                name: "replicate-published-datasets",
                policy: policyJson(
                    replicationRolePolicy({
                        sourceBucketArn: source.bucketArn,
                        sourceKeyArn: source.keyArn,
                        sourceRegion: names.account.region,
                        destinationBucketArn: destination.bucketArn,
                        destinationKeyArn: destination.keyArn,
                        destinationRegion: destination.region,
                    }),
                ),
            },
            { parent: this },
        );
        const metrics = args.metrics || args.replicationTimeControl;
        this.configuration = new aws.s3.BucketReplicationConfig(
            name,
            {
                bucket: source.bucketName,
                role: this.role.arn,
                rules: [
                    {
                        id: "published-to-external",
                        status: "Enabled",
                        filter: { prefix: args.prefix ?? "" },
                        deleteMarkerReplication: { status: args.deleteMarkers ? "Enabled" : "Disabled" },
                        sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
                        destination: {
                            bucket: destination.bucketArn,
                            account: destination.accountId,
                            accessControlTranslation: { owner: "Destination" },
                            encryptionConfiguration: { replicaKmsKeyId: destination.keyArn },
                            metrics: metrics ? { status: "Enabled", eventThreshold: { minutes: 15 } } : undefined,
                            replicationTime: args.replicationTimeControl ? { status: "Enabled", time: { minutes: 15 } } : undefined,
                        },
                    },
                ],
            },
            { parent: this, dependsOn: [policy, source.versioning, ...(destination.versioning ? [destination.versioning] : [])] },
        );
        this.registerOutputs({ roleArn: this.role.arn });
    }
}
