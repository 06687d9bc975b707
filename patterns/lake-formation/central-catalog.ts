import { LAKE_DATABASE, LAKE_TABLES, LakeTable } from "../../components/secure-lake/tables";
import { AccountNames } from "../../core/naming";
import { DataProduct, Table, Topology } from "../../core/topology/model";
import { lakeProducts } from "./model";

/**
 * Pattern 2 as AWS's central-catalog design: the governance account declares the tables of
 * the products it governs in its own catalog, over the producer's S3 locations (the secure
 * lake's `db1`), and registers those locations in its Lake Formation through a role of fixed
 * name. The producer admits that role, read-only, on those tables' prefixes; Lake Formation
 * in governance then vends its credentials to whom governance grants. This module says,
 * from the topology alone, which lake tables that is and who the role is, so the producer
 * (deployed first) and governance compute the same answer.
 */

/** Purpose of governance's data-access role, in its fixed name. */
export const CENTRAL_CATALOG_PURPOSE = "central-catalog";

/** The databases the producer's catalog declares, with their tables: what pattern 2 may name. */
export const PRODUCER_CATALOG: ReadonlyMap<string, readonly LakeTable[]> = new Map([[LAKE_DATABASE, LAKE_TABLES]]);

/** One table of a product, with the producer's lake table it is declared over. */
export interface CentralTable {
    readonly product: DataProduct;
    /** The table as the topology declares it (its shared columns). */
    readonly table: Table;
    /** The producer's table: folder, format and every column of its files. */
    readonly lake: LakeTable;
}

/** Names in the governance account, when the topology has one. */
export function governanceNames(topology: Pick<Topology, "namePrefix" | "governance">): AccountNames | undefined {
    return topology.governance && new AccountNames(topology.namePrefix, topology.governance);
}

/** ARN of governance's data-access role, computable by the producer before governance deploys. */
export function centralDataAccessRoleArn(topology: Pick<Topology, "namePrefix" | "governance">): string | undefined {
    return governanceNames(topology)?.dataAccessRoleArn(CENTRAL_CATALOG_PURPOSE);
}

/**
 * Every table of every product any consumer takes through pattern 2 (expired ones too, so
 * their tables stay declared until the topology drops them), each with its lake table.
 * Validation guarantees each names a table of the producer's catalog.
 */
export function centralTables(topology: Topology): CentralTable[] {
    if (!topology.enabledPatterns.includes("lake-formation-central")) return [];
    return lakeProducts(topology, "lake-formation-central").flatMap((product) => {
        const declared = PRODUCER_CATALOG.get(product.database ?? "") ?? [];
        return product.tables.map((table) => {
            const lake = declared.find((l) => l.name === table.name);
            if (!lake)
                throw new Error(
                    `${product.name}.${table.name} is not a table of the producer's ${product.database}: the topology's validation should have refused it`,
                );
            return { product, table, lake };
        });
    });
}

/** The folders of the producer's lake bucket that pattern 2 reads (each once, sorted). */
export function centralFolders(tables: readonly CentralTable[]): string[] {
    return [...new Set(tables.map((t) => t.lake.folder))].sort();
}
