import * as aws from "@pulumi/aws";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { AccountNames } from "../../core/naming";
import { glueSecurityConfiguration } from "../../components/glue-encryption";
import { LakeFormationGrants, LakeGrant } from "../../components/lake-formation/grants";
import { LandingTables } from "./landing-tables";
import { PublishedProduct } from "./products";
import { PUBLISH_SCRIPT, SCRIPT_FOLDER, SnapshotPublisher } from "./snapshot-publisher";

export const PUBLISHING_SCRIPTS_DIR = path.join(__dirname, "glue-scripts");

export interface PublishingArgs {
    /** Names in the producer account. */
    names: AccountNames;
    /** The products to publish (see `publishedProducts`). */
    products: readonly PublishedProduct[];
    /** The Published Datasets bucket and its key. */
    publishedBucket: { name: pulumi.Input<string>; arn: string; keyArn: pulumi.Input<string> };
    /** The secure lake: its bucket (landing files), its Glue assets bucket (the script) and their key. */
    lake: { bucketName: pulumi.Input<string>; assetsBucketName: pulumi.Input<string>; assetsBucketArn: string; keyArn: pulumi.Input<string> };
    /**
     * What the catalog objects and Lake Formation grants wait for: the lake's settings, its
     * registered location and the last of its own grants (Lake Formation refuses concurrent
     * changes to one catalog).
     */
    after: pulumi.Input<pulumi.Resource>[];
}

/**
 * Publishing in the producer (patterns 1 and 3, reference/000: the producer writes what it
 * shares into "Published Datasets"): one Glue job per product, each on its own schedule,
 * exports the product's tables from the lake into `<product>/<table>/snapshot=<date>/` as
 * Parquet without its PII columns, then the snapshot's manifest. Replication carries both
 * to the external account. The jobs share one security configuration, which encrypts their
 * output and logs with the published key, and the script, kept with the lake's Glue assets.
 */
export class Publishing extends pulumi.ComponentResource {
    public readonly securityConfiguration: aws.glue.SecurityConfiguration;
    /** The publishers, by product. */
    public readonly publishers: Record<string, SnapshotPublisher> = {};
    public readonly landing?: LandingTables;
    public readonly grants: LakeFormationGrants;

    constructor(name: string, args: PublishingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:publishing:Publishing", name, {}, opts);
        const parent = { parent: this };
        const { names } = args;
        this.securityConfiguration = glueSecurityConfiguration(name, { names, purpose: "publishing", keyArn: args.publishedBucket.keyArn }, parent);
        const script = new aws.s3.BucketObjectv2(
            `${name}-script`,
            {
                bucket: args.lake.assetsBucketName,
                key: `${SCRIPT_FOLDER}${PUBLISH_SCRIPT}`,
                source: new pulumi.asset.FileAsset(path.join(PUBLISHING_SCRIPTS_DIR, PUBLISH_SCRIPT)),
                contentType: "text/x-python",
            },
            parent,
        );
        const own = args.products.filter((p) => p.ownDatabase);
        this.landing =
            own.length > 0
                ? new LandingTables(`${name}-landing`, { products: own, lakeBucketName: args.lake.bucketName, after: args.after }, parent)
                : undefined;
        const grants: LakeGrant[] = [];
        for (const published of args.products) {
            const publisher = new SnapshotPublisher(
                `${name}-${published.product.name}`,
                {
                    names,
                    published,
                    publishedBucket: args.publishedBucket,
                    script: { bucketArn: args.lake.assetsBucketArn, keyArn: args.lake.keyArn, object: script },
                    securityConfiguration: this.securityConfiguration.name,
                },
                parent,
            );
            this.publishers[published.product.name] = publisher;
            // Table-level: Glue ETL reads whole tables through Lake Formation (no column filtering); the job drops PII itself.
            for (const table of published.tables) {
                grants.push({
                    id: `${published.product.name}-${table.name}`,
                    principal: publisher.role.arn,
                    target: { kind: "table", database: published.database, table: table.name },
                    permissions: ["SELECT", "DESCRIBE"],
                    grantable: false,
                });
            }
        }
        this.grants = new LakeFormationGrants(`${name}-grants`, { grants, after: [...args.after, ...(this.landing?.tables ?? [])] }, parent);
        this.registerOutputs({ jobs: Object.values(this.publishers).map((p) => p.jobName) });
    }
}
