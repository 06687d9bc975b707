import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsTarget } from "../../core/dynamic/aws-target";
import { AccountNames } from "../../core/naming";
import { objectPrefix } from "../access-points/policies";
import { DataGrant, dataGrantName } from "./data-grant";

/** A data product published as a Data Exchange data set of S3 snapshots. */
export interface ExchangedProduct {
    /** Product name from the topology; names the data set and its grants. */
    readonly name: string;
    /** Folder of the sharing bucket holding the product. @default `<name>/` */
    readonly prefix?: string;
    /** Shown to receivers. @default "<name>: files under <prefix> of the External Published Datasets" */
    readonly description?: string;
    /**
     * Objects to snapshot into the data set's revision, as keys relative to the prefix
     * (`2024/q1.csv`). Data Exchange imports objects by key, one asset each, not by prefix, and
     * the objects must be in the bucket when the stack deploys (replication fills it after the
     * producer's first deploy, which comes after this stack's).
     * @default [] (a data set with no revision and no grant yet; both follow the first objects)
     */
    readonly objects?: readonly string[];
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
    /** Physical name of the sharing bucket the snapshots are imported from. */
    bucketName: pulumi.Input<string>;
    /** Consumers granted the data set, each until its end date; granted once the product has objects. @default [] */
    grants?: readonly ExchangeGrantee[];
    /** Comment on the revision, e.g. what changed. @default "Snapshot of <prefix>" */
    revisionComment?: string;
    /** Extra tags. @default {} */
    tags?: Record<string, string>;
}

/**
 * Pattern 1's sharing side for one data product: an AWS Data Exchange data set of S3
 * snapshots, a finalized revision importing the product's objects from the sharing bucket,
 * and a data grant to each entitled consumer account that ends with its access. Data
 * Exchange, not a bucket or key policy, then decides who reads: receivers export the
 * entitled revision into their own account.
 *
 * The revision is `aws.dataexchange.RevisionAssets`, not `aws.dataexchange.Revision`:
 * `Revision` only makes an empty revision, while `RevisionAssets` creates the revision,
 * runs one IMPORT_ASSETS_FROM_S3 job per object and can finalize it, which receivers need
 * to see it. The import reads the objects as the deployment role (see policies.ts).
 */
export class ProductDataSet extends pulumi.ComponentResource {
    /** The data set. */
    public readonly dataSet: aws.dataexchange.DataSet;
    /** Id of the data set. */
    public readonly dataSetId: pulumi.Output<string>;
    /** ARN of the data set. */
    public readonly arn: pulumi.Output<string>;
    /** The finalized revision of snapshots; undefined when no object is listed. */
    public readonly revision?: aws.dataexchange.RevisionAssets;
    /** The grants, by consumer name; none while the product lists no object. */
    public readonly grants: Record<string, DataGrant>;

    constructor(name: string, args: ProductDataSetArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:data-exchange:ProductDataSet", name, {}, opts);
        const { names, product } = args;
        const prefix = objectPrefix(product.prefix ?? product.name);
        const tags = { product: product.name, ...(args.tags ?? {}) };

        this.dataSet = new aws.dataexchange.DataSet(
            name,
            {
                name: names.name("generic", product.name),
                assetType: "S3_SNAPSHOT",
                description: product.description ?? `${product.name}: files under ${prefix} of the External Published Datasets`,
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

        const keys = [...new Set((product.objects ?? []).map((key) => objectKey(prefix, key)))];
        const revision =
            keys.length === 0
                ? undefined
                : new aws.dataexchange.RevisionAssets(
                      name,
                      {
                          dataSetId: this.dataSet.id,
                          comment: args.revisionComment ?? `Snapshot of ${prefix}`,
                          assets: keys.map((key) => ({ importAssetsFromS3: { assetSource: { bucket: args.bucketName, key } } })),
                          // Receivers see finalized revisions only.
                          finalized: true,
                          // A changed object list replaces the revision, which deletes the old, finalized one: the
                          // objects stay in the (protected) bucket, so nothing is lost that a new import cannot bring back.
                          forceDestroy: true,
                          tags,
                      },
                      { parent: this },
                  );
        this.revision = revision;

        this.grants = {};
        // No revision, no grant: AWS's flow is revision first, then grant, and a grant of a data
        // set with nothing finalized would entitle to nothing. The grants follow the first objects.
        for (const grantee of revision ? grantees : []) {
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
                // After the revision is imported and finalized.
                { parent: this, dependsOn: revision ? [revision] : [] },
            );
        }
        this.registerOutputs({ dataSetId: this.dataSetId, arn: this.arn });
    }
}

/** The full key of an object of the product: relative keys only, no way out of the prefix. */
function objectKey(prefix: string, key: string): string {
    if (key === "" || key.startsWith("/") || key.endsWith("/") || key.split("/").includes("..") || /[*?]/.test(key)) {
        throw new Error(`object ${JSON.stringify(key)} of ${prefix}: give one object's key relative to the product's prefix, e.g. "2024/q1.csv" (no wildcards, no '..')`);
    }
    return `${prefix}${key}`;
}
