import { ExistingWarehouse } from "../components/redshift/existing-warehouse";
import { mergeSchemas } from "../components/redshift/schemas";
import { RedshiftWarehouse } from "../components/redshift/warehouse";
import { WarehouseTables } from "../components/redshift/warehouse-tables";
import { awsTargetOf } from "../core/stack/context";
import { AccountScope } from "../core/stack/scope";
import { AccountWarehouse, RolePart } from "../patterns/program";

/**
 * The account's Redshift warehouse, when a pattern needs one here (pattern 4 shares from it
 * or into it, pattern 5 exports from it): the existing one the stack's settings name, or one
 * built here; with the schemas and tables the patterns need in it (the producer's).
 */
export function accountWarehouse(scope: AccountScope, parts: readonly RolePart[]): AccountWarehouse | undefined {
    const { ctx } = scope;
    if (!ctx.patterns.needsWarehouse(ctx.topology, ctx.identity.role, ctx.identity.consumer?.name)) {
        return undefined;
    }
    const settings = ctx.settings.warehouse;
    const warehouse = settings.existing
        ? new ExistingWarehouse("warehouse", { existing: settings.existing, database: settings.database }, scope.opts)
        : new RedshiftWarehouse("warehouse", { names: ctx.names, settings, protect: ctx.settings.protectStatefulResources }, scope.opts);
    // Every shared or exported table, whichever pattern needs it.
    const schemas = parts.flatMap((p) => p.warehouseSchemas?.(scope) ?? []);
    const tables =
        schemas.length > 0
            ? new WarehouseTables(
                  "warehouse-tables",
                  { target: awsTargetOf(ctx), warehouse: warehouse.dataApi, schemas: mergeSchemas(schemas) },
                  { ...scope.opts, parent: warehouse },
              )
            : undefined;
    return { warehouse, tables };
}
