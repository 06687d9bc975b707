import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccountNames } from "../../core/naming";
import { PolicyStatement } from "../../core/policy/document";
import { KmsKey } from "../../components/kms-key";
import { SecureBucket } from "../../components/secure-bucket";
import { DATA_EXCHANGE_SERVICE } from "./policies";

/**
 * Where each exported object goes: its asset's name, which for an S3 snapshot is its key in
 * the sharing bucket (`market_prices/daily_prices/snapshot=2026-11-20/part-0.parquet`), so
 * the consumer's bucket keeps the product's layout, one folder per snapshot day.
 */
export const EXPORT_KEY_PATTERN = "${Asset.Name}";

/**
 * Bucket statement: Data Exchange may write exports into the bucket, for jobs of this
 * account only (`aws:SourceAccount`), as its auto-export requires
 * (AWS Data Exchange User Guide, "Automatically export revisions to S3 as a subscriber").
 */
export function dataExchangeExportStatement(bucketArn: string, accountId: string): PolicyStatement {
    return {
        Sid: "DataExchangeExportsRevisions",
        Effect: "Allow",
        Principal: { Service: DATA_EXCHANGE_SERVICE },
        Action: ["s3:PutObject", "s3:PutObjectAcl"],
        Resource: `${bucketArn}/*`,
        Condition: { StringEquals: { "aws:SourceAccount": accountId } },
    };
}

export interface RevisionAutoExportArgs {
    /** Names of the consumer's account. */
    names: AccountNames;
    /** The data sets received, by product: their ids in this account (from the accepted grants). */
    dataSets: Record<string, pulumi.Input<string>>;
    /** Protect the bucket and its key from deletion. */
    protect: boolean;
}

/**
 * Pattern 1's consumer end, as the reference's consumer does it: every new revision of each
 * received data set is exported, by Data Exchange's own event action, into a bucket of the
 * consumer's stack encrypted with the consumer's key. @pulumi/aws's `EventAction` is the
 * resource; Data Exchange uses the key through a grant it makes when the action is created
 * (the deploying role needs kms:CreateGrant, which the key's owner-account statement gives).
 */
export class RevisionAutoExport extends pulumi.ComponentResource {
    public readonly key: KmsKey;
    public readonly bucket: SecureBucket;
    /** The event actions, by product. */
    public readonly actions: Record<string, aws.dataexchange.EventAction> = {};

    constructor(name: string, args: RevisionAutoExportArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:data-exchange:RevisionAutoExport", name, {}, opts);
        const parent = { parent: this };
        const { names } = args;
        const purpose = "data-exchange-exports";
        this.key = new KmsKey(
            name,
            {
                alias: names.keyAlias(purpose),
                description: `Revisions exported from AWS Data Exchange (${names.prefix})`,
                ownerAccountId: names.account.accountId,
                partition: names.partition,
                protect: args.protect,
            },
            parent,
        );
        const bucketName = names.bucket(purpose);
        const bucketArn = names.bucketArn(bucketName);
        this.bucket = new SecureBucket(
            name,
            {
                bucketName,
                bucketArn,
                kmsKeyArn: this.key.arn,
                policyStatements: [dataExchangeExportStatement(bucketArn, names.account.accountId)],
                protect: args.protect,
            },
            parent,
        );
        for (const [product, dataSetId] of Object.entries(args.dataSets)) {
            this.actions[product] = new aws.dataexchange.EventAction(
                `${name}-${product}`,
                {
                    event: { revisionPublished: { dataSetId } },
                    action: {
                        exportRevisionToS3: {
                            revisionDestination: { bucket: this.bucket.bucketName, keyPattern: EXPORT_KEY_PATTERN },
                            encryption: { type: "aws:kms", kmsKeyArn: this.key.arn },
                        },
                    },
                },
                // Data Exchange writes a test object when the action is created: the bucket policy must admit it first.
                { parent: this, dependsOn: [this.bucket] },
            );
        }
        this.registerOutputs({ bucketName: this.bucket.bucketName });
    }
}
