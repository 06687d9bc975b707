import { DataProduct, productDatabase } from "../../core/topology/model";

/**
 * The columns the topology marks `pii: true`, by table, for the products whose tables live
 * in the lake's database: inside the producer account too, only whom the topology names
 * reads them (issue 18), not every analyst.
 */
export function lakePiiColumns(namePrefix: string, products: readonly DataProduct[], database: string): Record<string, string[]> {
    const byTable: Record<string, string[]> = {};
    for (const product of products) {
        if (productDatabase({ namePrefix }, product) !== database) continue;
        for (const table of product.tables) {
            const pii = table.columns.filter((c) => c.pii).map((c) => c.name);
            if (pii.length > 0) byTable[table.name] = [...new Set([...(byTable[table.name] ?? []), ...pii])];
        }
    }
    return byTable;
}
