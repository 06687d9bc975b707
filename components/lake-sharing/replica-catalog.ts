import * as pulumi from "@pulumi/pulumi";
import { LakeShare, consumerAccountGrants } from "../../core/lake-formation/sharing";
import { AccountNames } from "../../core/naming";
import { DataProduct, productDatabase } from "../../core/topology/model";
import { LakeFormationGrants } from "../lake-formation-grants";
import { CatalogCrawler } from "./catalog-crawler";
import { LakeFormationSettings, deployingPrincipal } from "./lake-formation-settings";
import { RegisteredLocation } from "./registered-location";
import { SharedCatalog } from "./shared-catalog";

export interface ReplicaCatalogArgs {
    names: AccountNames;
    /** The "External Published Datasets" bucket the producer replicates into. */
    bucket: { name: pulumi.Input<string>; arn: string };
    keyArn: pulumi.Input<string>;
    /** Active shares of pattern 3. */
    shares: readonly LakeShare[];
    /** Every product ever shared through pattern 3: declared tables and stable LF-tag values. */
    products: readonly DataProduct[];
    crossAccountVersion: string;
}

/**
 * Pattern 3 in the external sharing account: Lake Formation over the replica. The bucket is
 * registered, each product gets a database with its tables declared (kept current by a
 * crawler), tagged like the producer's, and consumers are granted exactly as in pattern 2.
 */
export class ReplicaCatalog extends pulumi.ComponentResource {
    public readonly catalog: SharedCatalog;
    public readonly grants: LakeFormationGrants;

    constructor(name: string, args: ReplicaCatalogArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:lakeformation:ReplicaCatalog", name, {}, opts);
        const parent = { parent: this };
        const { names } = args;
        const settings = new LakeFormationSettings(name, { admins: [deployingPrincipal(this)], crossAccountVersion: args.crossAccountVersion }, parent);
        const location = new RegisteredLocation(`${name}-location`, { names, purpose: "replica", bucketArn: args.bucket.arn, keyArn: args.keyArn, after: [settings.settings] }, parent);
        const database = (p: DataProduct) => productDatabase({ namePrefix: names.prefix }, { name: p.name });
        this.catalog = new SharedCatalog(
            `${name}-catalog`,
            {
                accountId: names.account.accountId,
                products: args.products.map((product) => ({ product, database: database(product), declare: { bucketName: args.bucket.name } })),
                tagValues: args.products.map((p) => p.name),
                filteredShares: args.shares.filter((s) => s.rowFilters.length > 0),
                after: [settings.settings, location.location],
            },
            parent,
        );
        const crawler = new CatalogCrawler(
            `${name}-crawler`,
            { names, purpose: "replica", bucketArn: args.bucket.arn, keyArn: args.keyArn, targets: Object.fromEntries(args.products.map((p) => [database(p), p.tables.map((t) => t.name)])), after: this.catalog.ready },
            parent,
        );
        const crawlerGrants = args.products.map((p) => ({
            id: `crawler-${p.name}`,
            principal: crawler.role.arn,
            target: { kind: "all-tables" as const, database: database(p) },
            permissions: ["ALTER" as const, "SELECT" as const],
            grantable: false,
        }));
        this.grants = new LakeFormationGrants(
            `${name}-grants`,
            { grants: [...crawlerGrants, ...consumerAccountGrants(args.shares, { accountId: names.account.accountId, isGrantor: true })], after: this.catalog.ready },
            parent,
        );
        this.registerOutputs({});
    }
}
