import * as pulumi from "@pulumi/pulumi";
import { LakeShare, directPrincipalGrants, governanceGrants } from "../../core/lake-formation/sharing";
import { DataProduct } from "../../core/topology/model";
import { LakeFormationGrants } from "../lake-formation-grants";
import { SharedCatalog } from "./shared-catalog";

export interface CentralShareArgs {
    producerAccountId: string;
    governanceAccountId: string;
    /** Active shares of pattern 2 (tables in the producer's catalog). */
    shares: readonly LakeShare[];
    /** Every product ever shared through pattern 2, for stable LF-tag values. */
    products: readonly DataProduct[];
    /** Also grant each consumer's principals directly (reference/000, pattern 2). */
    directPrincipalGrants: boolean;
    /** The producer's Lake Formation settings and its catalog tables. */
    after: pulumi.Input<pulumi.Resource>[];
}

/**
 * The producer's side of pattern 2: its shared tables tagged, and Lake Formation grants to
 * the central governance account with grant option (read on the tagged tables, DESCRIBE
 * and ASSOCIATE on the tags), optionally also to consumers' principals directly.
 */
export class CentralShare extends pulumi.ComponentResource {
    public readonly catalog: SharedCatalog;
    public readonly grants: LakeFormationGrants;

    constructor(name: string, args: CentralShareArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:lakeformation:CentralShare", name, {}, opts);
        const products = [...new Map(args.shares.map((s) => [s.product.name, { product: s.product, database: s.database, declare: false as const }])).values()];
        this.catalog = new SharedCatalog(
            `${name}-catalog`,
            { accountId: args.producerAccountId, products, tagValues: args.products.map((p) => p.name), filteredShares: args.shares.filter((s) => s.rowFilters.length > 0), after: args.after },
            { parent: this },
        );
        const grants = [...governanceGrants(args.shares, args.governanceAccountId, args.producerAccountId), ...(args.directPrincipalGrants ? directPrincipalGrants(args.shares, args.producerAccountId) : [])];
        this.grants = new LakeFormationGrants(`${name}-grants`, { grants, after: this.catalog.ready }, { parent: this });
        this.registerOutputs({});
    }
}
