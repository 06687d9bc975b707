import { TableSpec } from "./warehouse-sql";

/** A schema of the warehouse with the tables it holds. */
export interface SchemaSpec {
    /** Schema name; a Redshift identifier. */
    readonly name: string;
    /** Tables of the schema, with their columns. */
    readonly tables: TableSpec[];
}

/** A table as the warehouse declares it, from a topology table: its columns with their types. */
export function tableSpec(t: { readonly name: string; readonly columns: readonly { readonly name: string; readonly type: string }[] }): TableSpec {
    return { name: t.name, columns: t.columns.map((c) => ({ name: c.name, type: c.type })) };
}

/** One entry per schema and table: a table two patterns need (shared and exported) is created once. */
export function mergeSchemas(schemas: readonly SchemaSpec[]): { name: string; tables: TableSpec[] }[] {
    const merged = new Map<string, Map<string, TableSpec>>();
    for (const schema of schemas) {
        const tables = merged.get(schema.name) ?? new Map<string, TableSpec>();
        for (const table of schema.tables) tables.set(table.name, table);
        merged.set(schema.name, tables);
    }
    return [...merged].map(([name, tables]) => ({ name, tables: [...tables.values()] }));
}
