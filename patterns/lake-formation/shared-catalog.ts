import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LakeShare, cellsFilterName, sharedColumns } from "./model";
import { DATA_PRODUCT_TAG, PII, SHARED, VISIBILITY_TAG, VISIBILITY_VALUES } from "./vocabulary";
import { DataProduct } from "../../core/topology/model";
import { TABLE_STORAGE, TableFormat, tableParameters } from "../../components/glue-table-format";

/** A table as this catalog declares it over its files. */
export interface DeclaredTable {
    readonly name: string;
    /** `s3://bucket/prefix/` of its files. */
    readonly location: pulumi.Input<string>;
    readonly format: TableFormat;
    /** Every column of the files, in order (CSV reads by position); only the product's shared ones are tagged shared. */
    readonly columns: readonly { readonly name: string; readonly type: string }[];
    /** Partition columns: folders `<name>=<value>/` under the location. @default [] */
    readonly partitionKeys?: readonly { readonly name: string; readonly type: string }[];
}

/** A product whose tables this catalog owns and shares. */
export interface CatalogProduct {
    readonly product: DataProduct;
    /** Database of the product in this catalog. */
    readonly database: string;
    /** Location of the database, e.g. `s3://bucket/<product>/`. @default undefined (its tables name theirs) */
    readonly locationUri?: pulumi.Input<string>;
    /** The product's tables, declared up front so grants work before any crawler runs. */
    readonly tables: readonly DeclaredTable[];
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
    /** Lake Formation settings, registered locations, anything else that must exist first. */
    after?: pulumi.Input<pulumi.Resource>[];
}

/**
 * A catalog that owns shared data (governance's for pattern 2, the external account's for
 * pattern 3): the product databases and tables, the LF-tag vocabulary, and tags that fail
 * closed. Each database and table is tagged with its product, each table `visibility=pii`, and only the columns
 * the topology declares as not PII are tagged `visibility=shared`, so a column nobody
 * declared (one in the files today, or one added later) inherits `pii` and matches no
 * sharing expression. Data cells filters name their columns the same way.
 */
export class SharedCatalog extends pulumi.ComponentResource {
    public readonly tags: aws.lakeformation.LfTag[];
    /** Everything a grant on these tables must wait for. */
    public readonly ready: pulumi.Resource[];

    constructor(name: string, args: SharedCatalogArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:lakeformation:SharedCatalog", name, {}, opts);
        const after = { parent: this, dependsOn: args.after ?? [] };
        const declared = args.products.flatMap((p) => declareProduct(this, name, p, after));
        this.tags = [
            new aws.lakeformation.LfTag(`${name}-${DATA_PRODUCT_TAG}`, { key: DATA_PRODUCT_TAG, values: [...args.tagValues].sort() }, after),
            new aws.lakeformation.LfTag(`${name}-${VISIBILITY_TAG}`, { key: VISIBILITY_TAG, values: [...VISIBILITY_VALUES] }, after),
        ];
        // One assignment at a time: Lake Formation refuses concurrent changes to one catalog.
        let previous: pulumi.Resource[] = [...this.tags, ...declared];
        const chain = (resource: pulumi.Resource) => {
            previous = [resource];
            return resource;
        };
        // Replaced delete-first: in between, the columns are untagged or inherit `pii`, never `shared`.
        const replaceSafely = () => ({ parent: this, dependsOn: previous, deleteBeforeReplace: true });
        for (const { product, database } of args.products) {
            chain(
                new aws.lakeformation.ResourceLfTags(
                    `${name}-${product.name}-database`,
                    { database: { name: database }, lfTags: [{ key: DATA_PRODUCT_TAG, value: product.name }] },
                    replaceSafely(),
                ),
            );
            for (const table of product.tables) {
                const tableName = `${name}-${product.name}-${table.name}`;
                chain(
                    new aws.lakeformation.ResourceLfTags(
                        tableName,
                        {
                            table: { databaseName: database, name: table.name },
                            lfTags: [
                                { key: DATA_PRODUCT_TAG, value: product.name },
                                { key: VISIBILITY_TAG, value: PII },
                            ],
                        },
                        replaceSafely(),
                    ),
                );
                const shared = sharedColumns(table);
                if (shared.length > 0) {
                    chain(
                        new aws.lakeformation.ResourceLfTags(
                            `${tableName}-shared-columns`,
                            {
                                tableWithColumns: { databaseName: database, name: table.name, columnNames: shared },
                                lfTags: [{ key: VISIBILITY_TAG, value: SHARED }],
                            },
                            replaceSafely(),
                        ),
                    );
                }
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
                                // Named columns, as the tags: a column added later stays out.
                                columnNames: sharedColumns(table),
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

/** A product's database and tables. */
function declareProduct(parent: pulumi.Resource, name: string, p: CatalogProduct, opts: pulumi.CustomResourceOptions): pulumi.Resource[] {
    const database = new aws.glue.CatalogDatabase(
        `${name}-${p.product.name}`,
        { name: p.database, description: p.product.description, locationUri: p.locationUri, createTableDefaultPermissions: [] },
        { ...opts, parent },
    );
    const tables = p.tables.map(
        (t) =>
            new aws.glue.CatalogTable(
                `${name}-${p.product.name}-${t.name}`,
                {
                    name: t.name,
                    databaseName: database.name,
                    tableType: "EXTERNAL_TABLE",
                    parameters: tableParameters(t.format),
                    storageDescriptor: { location: t.location, columns: t.columns.map((c) => ({ name: c.name, type: c.type })), ...TABLE_STORAGE[t.format] },
                    ...(t.partitionKeys?.length ? { partitionKeys: t.partitionKeys.map((c) => ({ name: c.name, type: c.type })) } : {}),
                },
                { parent },
            ),
    );
    return [database, ...tables];
}
