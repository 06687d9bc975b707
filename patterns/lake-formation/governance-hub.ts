import * as pulumi from "@pulumi/pulumi";
import { AwsTarget } from "../../core/dynamic/aws-target";
import { CENTRAL_CATALOG_PURPOSE, CentralTable, centralFolders } from "./central-catalog";
import { LakeShare, consumerAccountGrants, directPrincipalGrants, ownerDatabase } from "./model";
import { AccountNames } from "../../core/naming";
import { DataProduct } from "../../core/topology/model";
import { LakeFormationGrants } from "../../components/lake-formation/grants";
import { centralLocationPolicy } from "./central-catalog-policies";
import { LakeFormationSettings, deployingPrincipal } from "../../components/lake-formation/settings";
import { RegisteredLocation } from "../../components/lake-formation/registered-location";
import { CatalogProduct, SharedCatalog } from "./shared-catalog";

export interface GovernanceHubArgs {
    /** The account's verification role, made a Lake Formation read-only admin (npm run verify lists every grant with it). @default undefined */
    verificationRoleArn?: pulumi.Input<string>;
    /** Names in the governance account. */
    names: AccountNames;
    target: AwsTarget;
    /** Names in the producer account, whose lake bucket holds the products' files. */
    producer: AccountNames;
    /** Every table of every product shared through pattern 2, with the producer's lake table it is declared over. */
    tables: readonly CentralTable[];
    /** Active shares of pattern 2. */
    shares: readonly LakeShare[];
    /** Grant consumers' IAM principals directly too (reference/000's second option). */
    directPrincipalGrants: boolean;
    crossAccountVersion: string;
    /** Lake Formation admins besides the deploying principal, e.g. the access expiry function's role, which revokes what this stack granted. @default [] */
    extraAdmins?: pulumi.Input<string>[];
}

/**
 * The central governance account of pattern 2, as AWS's central-catalog design: it owns the
 * catalog it governs. The products' databases and tables are declared here, over the
 * producer's S3 folders, which are registered in this account's Lake Formation through a
 * data-access role of fixed name that the producer admits read-only. LF-tags are defined
 * here, and governance, as the owner, grants each consumer account by tag expression (and
 * the tag values its admin needs to pass them on), or consumers' principals directly.
 * Nothing is re-shared: Lake Formation lets only a catalog's owner grant another account.
 */
export class GovernanceHub extends pulumi.ComponentResource {
    public readonly settings: LakeFormationSettings;
    public readonly location?: RegisteredLocation;
    public readonly catalog?: SharedCatalog;
    public readonly grants?: LakeFormationGrants;

    constructor(name: string, args: GovernanceHubArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:lakeformation:GovernanceHub", name, {}, opts);
        const parent = { parent: this };
        const { names, producer } = args;
        this.settings = new LakeFormationSettings(
            name,
            {
                admins: [deployingPrincipal(this), ...(args.extraAdmins ?? [])],
                crossAccountVersion: args.crossAccountVersion,
                target: args.target,
                readOnlyAdmins: args.verificationRoleArn ? [args.verificationRoleArn] : [],
            },
            parent,
        );
        if (args.tables.length === 0) {
            this.registerOutputs({});
            return;
        }
        const lakeBucketName = producer.bucket("lake");
        const lakeBucketArn = producer.bucketArn(lakeBucketName);
        const folders = centralFolders(args.tables);
        this.location = new RegisteredLocation(
            `${name}-location`,
            {
                names,
                purpose: CENTRAL_CATALOG_PURPOSE,
                locationArns: folders.map((f) => `${lakeBucketArn}/${f.replace(/\/$/, "")}`),
                policy: centralLocationPolicy({ lakeBucketArn, folders }, producer),
                after: this.settings.ready,
            },
            parent,
        );
        const products = new Map<string, { product: DataProduct; tables: CentralTable[] }>();
        for (const t of args.tables) products.set(t.product.name, { product: t.product, tables: [...(products.get(t.product.name)?.tables ?? []), t] });
        const declared = [...products.values()].map(({ product, tables }): CatalogProduct => ({
            product,
            database: ownerDatabase({ namePrefix: names.prefix }, product),
            // Each table over its folder of the lake, with every column of its files (CSV reads by position).
            tables: tables.map(({ table, lake }) => ({
                name: table.name,
                location: `s3://${lakeBucketName}/${lake.folder}`,
                format: lake.format,
                columns: lake.columns,
            })),
        }));
        this.catalog = new SharedCatalog(
            `${name}-catalog`,
            {
                accountId: names.account.accountId,
                products: declared,
                tagValues: [...products.keys()],
                filteredShares: args.shares.filter((s) => s.rowFilters.length > 0),
                after: [...this.settings.ready, ...this.location.locations],
            },
            parent,
        );
        const owner = names.account.accountId;
        this.grants = new LakeFormationGrants(
            `${name}-to-consumers`,
            {
                grants: [...consumerAccountGrants(args.shares, owner), ...(args.directPrincipalGrants ? directPrincipalGrants(args.shares, owner) : [])],
                after: this.catalog.ready,
            },
            parent,
        );
        this.registerOutputs({});
    }
}
