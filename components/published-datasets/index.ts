import * as pulumi from "@pulumi/pulumi";
import { AccountNames } from "../../core/naming";
import { KeyGrant } from "../../core/policy/key-policy";
import { PolicyStatement } from "../../core/policy/document";
import { KmsKey } from "../kms-key";
import { SecureBucket } from "../secure-bucket";

export interface PublishedDatasetsArgs {
    /** Names of the owning account. */
    names: AccountNames;
    /** Purpose in physical names, e.g. "published" or "external-published". */
    purpose: string;
    /** Human description, e.g. "External Published Datasets". */
    description: string;
    /** Grants on the key for other accounts or services. @default [] */
    keyGrants?: readonly KeyGrant[];
    /** Statements on the bucket after the TLS-only deny. @default [] */
    bucketStatements?: pulumi.Input<PolicyStatement>[];
    /** Protect bucket and key from deletion. */
    protect: boolean;
}

/**
 * The "Published Datasets" storage of reference/000: a bucket of its own key, holding
 * only what the producer has decided to share, apart from production data.
 */
export class PublishedDatasets extends pulumi.ComponentResource {
    /** The key encrypting the bucket. */
    public readonly key: KmsKey;
    /** The bucket. */
    public readonly bucket: SecureBucket;
    /** The contract fields a sharing account exports for the stacks that read it. */
    public readonly contractFields: {
        publishedBucketName: pulumi.Output<string>;
        publishedBucketArn: pulumi.Output<string>;
        publishedKeyArn: pulumi.Output<string>;
    };

    constructor(name: string, args: PublishedDatasetsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:storage:PublishedDatasets", name, {}, opts);
        const { names } = args;
        this.key = new KmsKey(
            name,
            {
                alias: names.keyAlias(args.purpose),
                description: `${args.description} (${names.prefix})`,
                ownerAccountId: names.account.accountId,
                partition: names.partition,
                grants: args.keyGrants,
                protect: args.protect,
            },
            { parent: this },
        );
        const bucketName = names.bucket(args.purpose);
        this.bucket = new SecureBucket(
            name,
            {
                bucketName,
                bucketArn: names.bucketArn(bucketName),
                kmsKeyArn: this.key.arn,
                policyStatements: args.bucketStatements,
                protect: args.protect,
            },
            { parent: this },
        );
        this.contractFields = { publishedBucketName: this.bucket.bucketName, publishedBucketArn: this.bucket.arn, publishedKeyArn: this.key.arn };
        this.registerOutputs(this.contractFields);
    }
}
