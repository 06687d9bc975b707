import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { TABLE_STORAGE, tableParameters } from "../../components/glue-table-format";
import { LANDING_FOLDER, PublishedProduct } from "./products";

export interface LandingTablesArgs {
    /** Products without a lake database in the topology: each gets one of its own. */
    products: readonly PublishedProduct[];
    /** The producer's lake bucket (registered with Lake Formation), where the products' files land. */
    lakeBucketName: pulumi.Input<string>;
    /** Lake Formation settings and the registered location: the catalog objects wait for them. */
    after?: pulumi.Input<pulumi.Resource>[];
}

/**
 * A database in the producer's lake for each published product the secure lake's `db1`
 * does not hold (`market_prices`, say): its declared tables over CSV files with a header
 * line under `landing/<product>/<table>/` of the lake bucket, which the team producing the
 * data writes. Every column is read as text, in the declared order; the publish job casts
 * each to its declared type and fails on a value that is not. The lake bucket is a
 * registered location, so the job reads these tables through Lake Formation like any other.
 */
export class LandingTables extends pulumi.ComponentResource {
    public readonly databases: aws.glue.CatalogDatabase[] = [];
    public readonly tables: aws.glue.CatalogTable[] = [];

    constructor(name: string, args: LandingTablesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:publishing:LandingTables", name, {}, opts);
        for (const p of args.products) {
            if (!p.ownDatabase) throw new Error(`${p.product.name} is published from ${p.database}, not from a database of its own`);
            const folder = pulumi.interpolate`s3://${args.lakeBucketName}/${LANDING_FOLDER}/${p.product.name}/`;
            const database = new aws.glue.CatalogDatabase(
                `${name}-${p.product.name}`,
                {
                    name: p.database,
                    description: `${p.product.name}: files the producing team writes, which the publish job exports`,
                    locationUri: folder,
                    // Lake Formation only: no IAMAllowedPrincipals default on its tables.
                    createTableDefaultPermissions: [],
                },
                { parent: this, dependsOn: args.after ?? [] },
            );
            this.databases.push(database);
            for (const t of p.tables) {
                this.tables.push(
                    new aws.glue.CatalogTable(
                        `${name}-${p.product.name}-${t.name}`,
                        {
                            name: t.name,
                            databaseName: database.name,
                            tableType: "EXTERNAL_TABLE",
                            parameters: tableParameters("csv"),
                            storageDescriptor: {
                                location: pulumi.interpolate`${folder}${t.name}/`,
                                columns: t.columns.map((c) => ({ name: c.name, type: "string" })),
                                ...TABLE_STORAGE.csv,
                            },
                        },
                        { parent: this },
                    ),
                );
            }
        }
        this.registerOutputs({});
    }
}
