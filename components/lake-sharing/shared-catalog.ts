import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LakeShare, cellsFilterName } from "../../core/lake-formation/sharing";
import { DATA_PRODUCT_TAG, PII, SHARED, VISIBILITY_TAG, VISIBILITY_VALUES } from "../../core/lake-formation/vocabulary";
import { DataProduct } from "../../core/topology/model";

/** A product whose tables this catalog shares, and where they live. */
export interface CatalogProduct {
    readonly product: DataProduct;
    readonly database: string;
    /**
     * Declare the database and its tables here, located under `s3://<bucket>/<product>/<table>/`.
     * False when another component owns them (the secure lake's `db1`).
     */
    readonly declare: { readonly bucketName: pulumi.Input<string> } | false;
}

export interface SharedCatalogArgs {
    /** Account owning the catalog, for the cells filters' table catalog id. */
    accountId: string;
    /** The products shared from this catalog. */
    products: readonly CatalogProduct[];
    /** Every product any topology consumer may ever receive here: the LF-tag values, stable as consumers come and go. */
    tagValues: readonly string[];
    /** Active shares with row filters: one data cells filter per consumer and filtered table. */
    filteredShares: readonly LakeShare[];
    /** Lake Formation settings and anything else that must exist first. */
    after?: pulumi.Input<pulumi.Resource>[];
}

/**
 * The sharing side of a catalog that owns data (the producer for pattern 2, the external
 * account for pattern 3): the product tables, the LF-tag vocabulary, each shared table
 * tagged with its product and `visibility=shared`, each PII column `visibility=pii`, and
 * the data cells filters for row-level rules.
 */
export class SharedCatalog extends pulumi.ComponentResource {
    public readonly tags: aws.lakeformation.LfTag[];
    /** Everything a grant on these tables must wait for. */
    public readonly ready: pulumi.Resource[];

    constructor(name: string, args: SharedCatalogArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:lakeformation:SharedCatalog", name, {}, opts);
        const after = { parent: this, dependsOn: args.after ?? [] };
        const declared = args.products.flatMap((p) => (p.declare ? [declareProduct(this, name, p, p.declare.bucketName, after)] : []));
        this.tags = [
            new aws.lakeformation.LfTag(`${name}-${DATA_PRODUCT_TAG}`, { key: DATA_PRODUCT_TAG, values: [...args.tagValues].sort() }, after),
            new aws.lakeformation.LfTag(`${name}-${VISIBILITY_TAG}`, { key: VISIBILITY_TAG, values: [...VISIBILITY_VALUES] }, after),
        ];
        // One assignment at a time: Lake Formation refuses concurrent changes to one catalog.
        let previous: pulumi.Resource[] = [...this.tags, ...declared.flat()];
        const chain = (resource: pulumi.Resource) => {
            previous = [resource];
            return resource;
        };
        for (const { product, database } of args.products) {
            for (const table of product.tables) {
                const tableName = `${name}-${product.name}-${table.name}`;
                // A column without its own visibility inherits the table's, `shared`: PII columns are
                // tagged before the table is shared (and untagged only after it stops being), one
                // assignment per column, so marking another column PII never touches the others.
                table.columns
                    .filter((c) => c.pii)
                    .forEach((column, i) =>
                        chain(
                            new aws.lakeformation.ResourceLfTags(
                                `${tableName}-pii-${column.name}`,
                                { tableWithColumns: { databaseName: database, name: table.name, columnNames: [column.name] }, lfTags: [{ key: VISIBILITY_TAG, value: PII }] },
                                { parent: this, dependsOn: previous, ...(i === 0 ? upgradeFromOneAssignment(tableName) : {}) },
                            ),
                        ),
                    );
                chain(
                    new aws.lakeformation.ResourceLfTags(
                        tableName,
                        { table: { databaseName: database, name: table.name }, lfTags: [{ key: DATA_PRODUCT_TAG, value: product.name }, { key: VISIBILITY_TAG, value: SHARED }] },
                        { parent: this, dependsOn: previous },
                    ),
                );
            }
        }
        for (const share of args.filteredShares) {
            for (const filter of share.rowFilters) {
                const table = share.product.tables.find((t) => t.name === filter.table)!;
                chain(
                    new aws.lakeformation.DataCellsFilter(
                        `${name}-${cellsFilterName(share.consumer.name, filter.table)}`,
                        {
                            tableData: {
                                tableCatalogId: args.accountId,
                                databaseName: share.database,
                                tableName: filter.table,
                                name: cellsFilterName(share.consumer.name, filter.table),
                                rowFilter: { filterExpression: filter.expression },
                                // The filter hides the PII columns too, as the tag grants do.
                                columnWildcard: { excludedColumnNames: table.columns.filter((c) => c.pii).map((c) => c.name) },
                            },
                        },
                        { parent: this, dependsOn: previous },
                    ),
                );
            }
        }
        this.ready = previous;
        this.registerOutputs({});
    }
}

/**
 * Stacks deployed by earlier versions tagged a table's PII columns in one assignment,
 * `<table>-pii`. The first column's assignment takes that one over, replaced delete-first:
 * deleted last, at the end of the update, it would untag every PII column after their own
 * assignments were made, and they would inherit `shared`.
 */
function upgradeFromOneAssignment(tableName: string): pulumi.CustomResourceOptions {
    return { aliases: [{ name: `${tableName}-pii` }], deleteBeforeReplace: true };
}

/** A product's database and tables, declared up front so grants work before any crawler runs. */
function declareProduct(parent: pulumi.Resource, name: string, p: CatalogProduct, bucketName: pulumi.Input<string>, opts: pulumi.CustomResourceOptions): pulumi.Resource[] {
    const database = new aws.glue.CatalogDatabase(
        `${name}-${p.product.name}`,
        { name: p.database, description: p.product.description, locationUri: pulumi.interpolate`s3://${bucketName}/${p.product.name}/`, createTableDefaultPermissions: [] },
        { ...opts, parent },
    );
    const tables = p.product.tables.map(
        (t) =>
            new aws.glue.CatalogTable(
                `${name}-${p.product.name}-${t.name}`,
                {
                    name: t.name,
                    databaseName: database.name,
                    tableType: "EXTERNAL_TABLE",
                    parameters: { EXTERNAL: "TRUE", classification: "parquet" },
                    storageDescriptor: {
                        location: pulumi.interpolate`s3://${bucketName}/${p.product.name}/${t.name}/`,
                        columns: t.columns.map((c) => ({ name: c.name, type: c.type })),
                        inputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
                        outputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
                        serDeInfo: { serializationLibrary: "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe" },
                    },
                },
                { parent },
            ),
    );
    return [database, ...tables];
}
