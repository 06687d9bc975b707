import * as pulumi from "@pulumi/pulumi";
import { LakeShare, SNAPSHOT_PARTITION, consumerAccountGrants, ownerDatabase } from "./model";
import { AccountNames } from "../../core/naming";
import { AwsTarget } from "../../core/dynamic/aws-target";
import { DataProduct } from "../../core/topology/model";
import { LakeFormationGrants, LakeGrant } from "../../components/lake-formation/grants";
import { CatalogCrawler } from "./catalog-crawler";
import { LakeFormationSettings, deployingPrincipal } from "../../components/lake-formation/settings";
import { RegisteredLocation, locationAccessPolicy } from "../../components/lake-formation/registered-location";
import { SharedCatalog } from "./shared-catalog";

export interface ReplicaCatalogArgs {
    /** The account's verification role, made a Lake Formation read-only admin (npm run verify lists every grant with it). @default undefined */
    verificationRoleArn?: pulumi.Input<string>;
    names: AccountNames;
    /** The "External Published Datasets" bucket the producer replicates into. */
    bucket: { name: pulumi.Input<string>; arn: string };
    keyArn: pulumi.Input<string>;
    /** Active shares of pattern 3. */
    shares: readonly LakeShare[];
    /** Every product ever shared through pattern 3: declared tables and stable LF-tag values. */
    products: readonly DataProduct[];
    crossAccountVersion: string;
    /** The external account, to revoke IAMAllowedPrincipals' CREATE_DATABASE on its catalog. */
    target: AwsTarget;
    /** Lake Formation admins besides the deploying principal, e.g. the access expiry function's role, which revokes what this stack granted. @default [] */
    extraAdmins?: pulumi.Input<string>[];
    /** When the crawler adds the new snapshots' partitions, a Glue cron schedule. @default undefined (on demand) */
    crawlSchedule?: string;
}

/**
 * Pattern 3 in the external sharing account: Lake Formation over the replica. The bucket is
 * registered, each product gets a database with exactly the tables and columns the topology
 * declares, partitioned by snapshot day (a crawler adds each new day's partitions and never
 * changes their schema), tagged as in governance's catalog, and consumers are granted
 * exactly as in pattern 2.
 */
export class ReplicaCatalog extends pulumi.ComponentResource {
    public readonly catalog: SharedCatalog;
    public readonly grants: LakeFormationGrants;

    constructor(name: string, args: ReplicaCatalogArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:lakeformation:ReplicaCatalog", name, {}, opts);
        const parent = { parent: this };
        const { names } = args;
        const settings = new LakeFormationSettings(
            name,
            {
                admins: [deployingPrincipal(this), ...(args.extraAdmins ?? [])],
                crossAccountVersion: args.crossAccountVersion,
                target: args.target,
                readOnlyAdmins: args.verificationRoleArn ? [args.verificationRoleArn] : [],
            },
            parent,
        );
        const location = new RegisteredLocation(
            `${name}-location`,
            {
                names,
                purpose: "replica",
                locationArns: [args.bucket.arn],
                policy: locationAccessPolicy(args.bucket.arn, args.keyArn, names.account.region),
                after: settings.ready,
            },
            parent,
        );
        const database = (p: DataProduct) => ownerDatabase({ namePrefix: names.prefix }, p);
        this.catalog = new SharedCatalog(
            `${name}-catalog`,
            {
                accountId: names.account.accountId,
                products: args.products.map((product) => ({
                    product,
                    database: database(product),
                    locationUri: pulumi.interpolate`s3://${args.bucket.name}/${product.name}/`,
                    // Exactly the declared columns (PII ones tagged pii, and absent from the published files), partitioned by snapshot day.
                    tables: product.tables.map((t) => ({
                        name: t.name,
                        location: pulumi.interpolate`s3://${args.bucket.name}/${product.name}/${t.name}/`,
                        format: "parquet" as const,
                        columns: t.columns.filter((c) => c.name !== SNAPSHOT_PARTITION.name),
                        partitionKeys: [SNAPSHOT_PARTITION],
                    })),
                })),
                tagValues: args.products.map((p) => p.name),
                filteredShares: args.shares.filter((s) => s.rowFilters.length > 0),
                after: [...settings.ready, location.location],
            },
            parent,
        );
        const crawler = new CatalogCrawler(
            `${name}-crawler`,
            {
                names,
                purpose: "replica",
                bucketArn: args.bucket.arn,
                keyArn: args.keyArn,
                targets: Object.fromEntries(args.products.map((p) => [database(p), p.tables.map((t) => t.name)])),
                schedule: args.crawlSchedule,
                after: this.catalog.ready,
            },
            parent,
        );
        // The crawler reads the registered location through Lake Formation, and adds partitions to the tables.
        const crawlerGrants: LakeGrant[] = [
            {
                id: "crawler-location",
                principal: crawler.role.arn,
                target: { kind: "location", arn: location.location.arn },
                permissions: ["DATA_LOCATION_ACCESS"],
                grantable: false,
            },
            ...args.products.map((p): LakeGrant => ({
                id: `crawler-${p.name}`,
                principal: crawler.role.arn,
                target: { kind: "all-tables", database: database(p) },
                permissions: ["ALTER", "SELECT"],
                grantable: false,
            })),
        ];
        this.grants = new LakeFormationGrants(
            `${name}-grants`,
            { grants: [...crawlerGrants, ...consumerAccountGrants(args.shares, names.account.accountId)], after: this.catalog.ready },
            parent,
        );
        this.registerOutputs({});
    }
}
