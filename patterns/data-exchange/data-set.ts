import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsTarget } from "../../core/dynamic/aws-target";
import { AccountNames } from "../../core/naming";
import { DataGrant, dataGrantName } from "./data-grant";

/** A data product published as a Data Exchange data set of S3 snapshots. */
export interface ExchangedProduct {
    /** Product name from the topology; names the data set and its grants. */
    readonly name: string;
    /** Shown to receivers. @default "<name>: daily snapshots published from <name>/ of the External Published Datasets" */
    readonly description?: string;
}

/** One consumer entitled to the product. */
export interface ExchangeGrantee {
    /** Consumer name from the topology; names the grant. */
    readonly consumer: string;
    /** The consumer's AWS account, which receives and accepts the grant. */
    readonly accountId: string;
    /** When the consumer's access ends (`accessEndsAt`); the grant ends then. @default undefined (open-ended) */
    readonly endsAt?: Date;
}

export interface ProductDataSetArgs {
    /** Names of the sharing account, which owns the bucket and the data set. */
    names: AccountNames;
    /** Account, region and deployment role of the grant provider's calls (the sharing account's). */
    target: pulumi.Input<AwsTarget>;
    /** The product. */
    product: ExchangedProduct;
    /** Consumers granted the data set, each until its end date. @default [] */
    grants?: readonly ExchangeGrantee[];
    /** Extra tags. @default {} */
    tags?: Record<string, string>;
}

/**
 * Pattern 1's sharing side for one data product: an AWS Data Exchange data set of S3
 * snapshots, and a data grant of the data set to each entitled consumer account that ends
 * with its access. Data Exchange, not a bucket or key policy, then decides who reads. The
 * revisions are not this stack's: each snapshot the producer publishes becomes one when its
 * manifest reaches the sharing bucket (see RevisionPublisher), so the data set has no
 * revision until the first publish, and a grant delivers every revision made after it.
 */
export class ProductDataSet extends pulumi.ComponentResource {
    /** The data set. */
    public readonly dataSet: aws.dataexchange.DataSet;
    /** Id of the data set. */
    public readonly dataSetId: pulumi.Output<string>;
    /** ARN of the data set. */
    public readonly arn: pulumi.Output<string>;
    /** The grants, by consumer name. */
    public readonly grants: Record<string, DataGrant>;

    constructor(name: string, args: ProductDataSetArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:data-exchange:ProductDataSet", name, {}, opts);
        const { names, product } = args;
        const tags = { product: product.name, ...(args.tags ?? {}) };

        this.dataSet = new aws.dataexchange.DataSet(
            name,
            {
                name: names.name("generic", product.name),
                assetType: "S3_SNAPSHOT",
                description: product.description ?? `${product.name}: daily snapshots published from ${product.name}/ of the External Published Datasets`,
                tags,
            },
            { parent: this },
        );
        this.dataSetId = this.dataSet.id;
        this.arn = this.dataSet.arn;

        const grantees = args.grants ?? [];
        const twice = grantees.find((g, i) => grantees.findIndex((h) => h.consumer === g.consumer) !== i);
        if (twice) {
            throw new Error(`data product ${product.name}: consumer ${twice.consumer} is granted twice`);
        }
        this.grants = {};
        for (const grantee of grantees) {
            this.grants[grantee.consumer] = new DataGrant(
                `${name}-${grantee.consumer}`,
                {
                    target: args.target,
                    name: dataGrantName(names, product.name, grantee.consumer),
                    sourceDataSetId: this.dataSet.id,
                    receiverAccountId: grantee.accountId,
                    endsAt: grantee.endsAt?.toISOString(),
                    description: `${product.name} for ${grantee.consumer}`,
                },
                { parent: this },
            );
        }
        this.registerOutputs({ dataSetId: this.dataSetId, arn: this.arn });
    }
}
