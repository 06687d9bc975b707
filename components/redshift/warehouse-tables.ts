import * as pulumi from "@pulumi/pulumi";
import { AwsTarget } from "../../core/dynamic/aws-target";
import { providerCode } from "../../core/dynamic/provider-code";
import { Warehouse, dataApiClient, runStatements } from "./data-api";
import { TableSpec, createSchema, createTable } from "./warehouse-sql";

/**
 * The schema and tables a shared product needs in a warehouse, created if missing through
 * the Redshift Data API, so a datashare can name them on the first `pulumi up`. Existing
 * tables and their data are never altered or dropped: removing a table from the topology
 * stops sharing it, it does not delete data (drop it by hand once it is no longer needed).
 */

export interface WarehouseTablesInputs {
    /** Account (the stack's own), region and deployment role of the Data API calls. */
    target: AwsTarget;
    /** The warehouse and database the tables belong to. */
    warehouse: Warehouse;
    /** Schemas to create, with the tables of each. */
    schemas: { name: string; tables: TableSpec[] }[];
}

/** Every statement, validated before the first one runs. */
export function tableStatements(inputs: Pick<WarehouseTablesInputs, "schemas">): string[] {
    return inputs.schemas.flatMap((s) => [createSchema(s.name), ...s.tables.map((t) => createTable(s.name, t))]);
}

export const warehouseTablesProvider: pulumi.dynamic.ResourceProvider<WarehouseTablesInputs, WarehouseTablesInputs> = {
    async create(inputs: WarehouseTablesInputs): Promise<pulumi.dynamic.CreateResult<WarehouseTablesInputs>> {
        const statements = tableStatements(inputs);
        await runStatements(await dataApiClient(inputs.target), inputs.warehouse, statements);
        return { id: inputs.schemas.map((s) => s.name).join(","), outs: inputs };
    },

    async diff(_id: pulumi.ID, olds: WarehouseTablesInputs, news: WarehouseTablesInputs): Promise<pulumi.dynamic.DiffResult> {
        const changes = JSON.stringify(olds.schemas) !== JSON.stringify(news.schemas) || JSON.stringify(olds.warehouse) !== JSON.stringify(news.warehouse);
        return { changes };
    },

    async update(_id: pulumi.ID, _olds: WarehouseTablesInputs, news: WarehouseTablesInputs): Promise<pulumi.dynamic.UpdateResult<WarehouseTablesInputs>> {
        // Idempotent: new schemas and tables appear, existing ones are left as they are.
        await runStatements(await dataApiClient(news.target), news.warehouse, tableStatements(news));
        return { outs: news };
    },

    async delete(): Promise<void> {
        // Deliberately nothing: the tables hold data this program did not create.
    },
};

export interface WarehouseTablesArgs {
    /** Account, region and deployment role of the Data API calls. */
    target: pulumi.Input<AwsTarget>;
    /** The warehouse and database the tables belong to. */
    warehouse: pulumi.Input<Warehouse>;
    /** Schemas with their tables and columns (Glue types, mapped to Redshift's). */
    schemas: pulumi.Input<{ name: string; tables: TableSpec[] }[]>;
}

/** Ensures schemas and tables exist in a warehouse; never drops them. */
export class WarehouseTables extends pulumi.dynamic.Resource {
    constructor(name: string, args: WarehouseTablesArgs, opts?: pulumi.CustomResourceOptions) {
        super(providerCode(warehouseTablesProvider), name, { ...args }, opts, "datasharing", "WarehouseTables");
    }
}
