import { qualifiedTable, quoteIdentifier } from "./sql";

/**
 * SQL that prepares a warehouse for sharing: the product's schema and tables (so a new
 * warehouse can be shared on its first `pulumi up`) and the database users of option B's
 * copy job. Built from validated parts only, like the datashare SQL beside it.
 */

export interface ColumnSpec {
    readonly name: string;
    /** Glue/Hive type, as the topology declares it. */
    readonly type: string;
}

export interface TableSpec {
    readonly name: string;
    readonly columns: readonly ColumnSpec[];
}

const SIMPLE_TYPES: Readonly<Record<string, string>> = {
    string: "VARCHAR(65535)",
    varchar: "VARCHAR(65535)",
    int: "INTEGER",
    integer: "INTEGER",
    bigint: "BIGINT",
    smallint: "SMALLINT",
    tinyint: "SMALLINT",
    boolean: "BOOLEAN",
    double: "DOUBLE PRECISION",
    float: "REAL",
    date: "DATE",
    timestamp: "TIMESTAMP",
};

/** The Redshift type of a topology column type; anything unknown is refused, not guessed. */
export function redshiftType(glueType: string): string {
    const simple = SIMPLE_TYPES[glueType];
    if (simple) {
        return simple;
    }
    const decimal = /^decimal\((\d{1,2}),\s*(\d{1,2})\)$/.exec(glueType);
    if (decimal && Number(decimal[1]) <= 38 && Number(decimal[2]) <= Number(decimal[1])) {
        return `DECIMAL(${decimal[1]},${decimal[2]})`;
    }
    throw new Error(`column type "${glueType}" has no Redshift equivalent here: use one of ${Object.keys(SIMPLE_TYPES).join(", ")} or decimal(p,s)`);
}

export function createSchema(schema: string): string {
    return `CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema, "schema")}`;
}

/** Creates the table if it is missing; an existing table (and its data) is left as it is. */
export function createTable(schema: string, table: TableSpec): string {
    if (table.columns.length === 0) {
        throw new Error(`table "${table.name}" has no columns: declare its columns in the topology`);
    }
    const columns = table.columns.map((c) => `${quoteIdentifier(c.name, "column")} ${redshiftType(c.type)}`);
    return `CREATE TABLE IF NOT EXISTS ${qualifiedTable(schema, table.name)} (${columns.join(", ")})`;
}

/** Letters and digits only, with each class present: Redshift's rules, and nothing to escape. */
const PASSWORD = /^(?=.*[a-z])(?=.*[A-Z])(?=.*[0-9])[A-Za-z0-9]{8,64}$/;

function passwordLiteral(password: string): string {
    if (typeof password !== "string" || !PASSWORD.test(password)) {
        throw new Error("a database password must be 8 to 64 letters and digits, with an upper-case letter, a lower-case letter and a digit");
    }
    return `'${password}'`;
}

export function createUser(user: string, password: string): string {
    return `CREATE USER ${quoteIdentifier(user, "user")} PASSWORD ${passwordLiteral(password)}`;
}

export function alterUserPassword(user: string, password: string): string {
    return `ALTER USER ${quoteIdentifier(user, "user")} PASSWORD ${passwordLiteral(password)}`;
}

export function dropUser(user: string): string {
    return `DROP USER IF EXISTS ${quoteIdentifier(user, "user")}`;
}

/** What a user may do in one schema: use it, create tables in it, and these table privileges on all its tables. */
export interface SchemaPrivileges {
    readonly schema: string;
    /** CREATE on the schema (a staging schema the user fills). */
    readonly create: boolean;
    readonly tables: readonly TablePrivilege[];
}

export type TablePrivilege = "SELECT" | "INSERT" | "DELETE";

const TABLE_PRIVILEGES: readonly TablePrivilege[] = ["SELECT", "INSERT", "DELETE"];

export function grantSchemaPrivileges(user: string, p: SchemaPrivileges): string[] {
    const u = quoteIdentifier(user, "user");
    const schema = quoteIdentifier(p.schema, "schema");
    const statements = [`GRANT USAGE${p.create ? ", CREATE" : ""} ON SCHEMA ${schema} TO ${u}`];
    if (p.tables.length > 0) {
        const unknown = p.tables.filter((t) => !TABLE_PRIVILEGES.includes(t));
        if (unknown.length > 0) {
            throw new Error(`table privileges ${unknown.join(", ")} are not granted here: use ${TABLE_PRIVILEGES.join(", ")}`);
        }
        statements.push(`GRANT ${p.tables.join(", ")} ON ALL TABLES IN SCHEMA ${schema} TO ${u}`);
    }
    return statements;
}

export function revokeSchemaPrivileges(user: string, p: SchemaPrivileges): string[] {
    const u = quoteIdentifier(user, "user");
    const schema = quoteIdentifier(p.schema, "schema");
    return [`REVOKE ALL ON ALL TABLES IN SCHEMA ${schema} FROM ${u}`, `REVOKE ALL ON SCHEMA ${schema} FROM ${u}`];
}
