import { createHash } from "crypto";
import { SecretStatement } from "../../core/redshift/data-api-statement";
import { qualifiedTable, quoteIdentifier } from "./sql";

/**
 * SQL that prepares a warehouse for sharing: the product's schema and tables (so a new
 * warehouse can be shared on its first `pulumi up`) and the database users of option B's
 * copy job. Built from validated parts only, like the datashare SQL beside it.
 */

export interface ColumnSpec {
    /** Column name; a Redshift identifier. */
    readonly name: string;
    /** Glue/Hive type, as the topology declares it. */
    readonly type: string;
}

export interface TableSpec {
    /** Table name; a Redshift identifier. */
    readonly name: string;
    /** Columns, in order. */
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

/**
 * Redshift's MD5 password form: `md5` and the MD5 of the password followed by the user name
 * (CREATE USER, "To specify an MD5 password"). It is what Redshift stores for a clear-text
 * password anyway, and the password itself never travels in the statement.
 */
export function passwordHash(user: string, password: string): string {
    return `md5${createHash("md5").update(`${password}${user}`, "utf8").digest("hex")}`;
}

/** `PASSWORD '<md5 hash>'`, once the password is proven to follow Redshift's rules. */
function passwordClause(user: string, password: string): { sql: string; hash: string } {
    if (typeof password !== "string" || !PASSWORD.test(password)) {
        throw new Error("a database password must be 8 to 64 letters and digits, with an upper-case letter, a lower-case letter and a digit");
    }
    const hash = passwordHash(user, password);
    return { sql: `PASSWORD '${hash}'`, hash };
}

/** A statement setting a password: sent with the hash, shown (in errors and logs) with `***`. */
function withPassword(prefix: string, user: string, password: string): SecretStatement {
    const clause = passwordClause(user, password);
    return { sql: `${prefix} ${clause.sql}`, shown: `${prefix} PASSWORD '***'`, secrets: [clause.hash, password] };
}

export function createUser(user: string, password: string): SecretStatement {
    return withPassword(`CREATE USER ${quoteIdentifier(user, "user")}`, user, password);
}

export function alterUserPassword(user: string, password: string): SecretStatement {
    return withPassword(`ALTER USER ${quoteIdentifier(user, "user")}`, user, password);
}

export function dropUser(user: string): string {
    return `DROP USER IF EXISTS ${quoteIdentifier(user, "user")}`;
}

/** What a user may do in one schema: use it, create tables in it, and these table privileges on all its tables. */
export interface SchemaPrivileges {
    /** Schema the privileges are on. */
    readonly schema: string;
    /** CREATE on the schema (a staging schema the user fills). */
    readonly create: boolean;
    /** Privileges on every table of the schema, e.g. `["SELECT"]`. */
    readonly tables: readonly TablePrivilege[];
}

export type TablePrivilege = "SELECT" | "INSERT" | "DELETE";

const TABLE_PRIVILEGES: readonly TablePrivilege[] = ["SELECT", "INSERT", "DELETE"];

/**
 * USAGE (and CREATE) on the schema, the table privileges on its tables now, and the same on
 * tables created in it later: `ON ALL TABLES` covers only tables that exist when it runs.
 * Default privileges apply to tables the user running this creates, the Data API's user,
 * which is also the user that creates the declared tables (WarehouseTables).
 */
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
        statements.push(`ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT ${p.tables.join(", ")} ON TABLES TO ${u}`);
    }
    return statements;
}

/** The default privileges first: Redshift refuses to drop a user that default privileges still name. */
export function revokeSchemaPrivileges(user: string, p: SchemaPrivileges): string[] {
    const u = quoteIdentifier(user, "user");
    const schema = quoteIdentifier(p.schema, "schema");
    const defaults = p.tables.length > 0 ? [`ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} REVOKE ALL ON TABLES FROM ${u}`] : [];
    return [...defaults, `REVOKE ALL ON ALL TABLES IN SCHEMA ${schema} FROM ${u}`, `REVOKE ALL ON SCHEMA ${schema} FROM ${u}`];
}
