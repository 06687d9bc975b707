/**
 * The SQL of Redshift data sharing (pattern 4), built from validated parts only. Names come
 * from config, so each identifier is checked against a strict pattern and refused, never
 * escaped, when it could hold anything but a name; account ids and namespace ids are checked
 * before they are written as string literals. Nothing here reaches Redshift unvalidated.
 */

/** A standard Redshift identifier, ASCII only (so characters are bytes): letters, digits, `_`, `$`, not starting with a digit or `$`. */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]*$/;
/** Redshift's limit for an identifier, in bytes. */
const MAX_IDENTIFIER_BYTES = 127;
const ACCOUNT_ID = /^[0-9]{12}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The value as the error shows it: quoted and escaped, so blanks and control characters are visible. */
function shown(value: unknown): string {
    return typeof value === "string" ? JSON.stringify(value) : `${String(value)} (a ${typeof value}, not a string)`;
}

/**
 * A Redshift identifier, double-quoted. Anything but ASCII letters, digits, `_` and `$`
 * (not first), or longer than 127 bytes, is refused: a quote, semicolon, blank or comment
 * marker could only be an attempt, or a mistake, to write SQL through a name.
 * Quoting keeps reserved words usable; Redshift still folds the name to lower case unless
 * `enable_case_sensitive_identifier` is on.
 * @param kind what the name is, for the error (e.g. "table")
 */
export function quoteIdentifier(name: string, kind = "identifier"): string {
    if (typeof name !== "string" || !IDENTIFIER.test(name)) {
        throw new Error(
            `${kind} ${shown(name)} is not a safe Redshift identifier: use only letters, digits, '_' and '$', ` +
                "starting with a letter or '_' (quotes, blanks, ';' and '--' are refused)",
        );
    }
    if (name.length > MAX_IDENTIFIER_BYTES) {
        throw new Error(`${kind} ${shown(name)} is not a safe Redshift identifier: it is ${name.length} bytes long, the limit is ${MAX_IDENTIFIER_BYTES}`);
    }
    return `"${name}"`;
}

/** `"schema"."table"`, both parts validated. */
export function qualifiedTable(schema: string, table: string): string {
    return `${quoteIdentifier(schema, "schema")}.${quoteIdentifier(table, "table")}`;
}

/** The account id, unchanged, once it is proven to be 12 digits. */
export function accountId(id: string): string {
    if (typeof id !== "string" || !ACCOUNT_ID.test(id)) {
        throw new Error(`${shown(id)} is not an AWS account id: expected exactly 12 digits (as a string, to keep leading zeros)`);
    }
    return id;
}

/**
 * The namespace id (a UUID) once validated, in lower case as Redshift shows it (console,
 * `SELECT current_namespace`).
 */
export function namespaceId(id: string): string {
    if (typeof id !== "string" || !UUID.test(id)) {
        throw new Error(
            `${shown(id)} is not a Redshift namespace id: expected a UUID such as 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0 ` +
                "(the producer warehouse's namespace, from the console or `SELECT current_namespace`)",
        );
    }
    return id.toLowerCase();
}

const share = (name: string) => quoteIdentifier(name, "datashare");

export function createDatashare(datashare: string): string {
    return `CREATE DATASHARE ${share(datashare)}`;
}

export function addSchema(datashare: string, schema: string): string {
    return `ALTER DATASHARE ${share(datashare)} ADD SCHEMA ${quoteIdentifier(schema, "schema")}`;
}

export function addTable(datashare: string, schema: string, table: string): string {
    return `ALTER DATASHARE ${share(datashare)} ADD TABLE ${qualifiedTable(schema, table)}`;
}

export function removeTable(datashare: string, schema: string, table: string): string {
    return `ALTER DATASHARE ${share(datashare)} REMOVE TABLE ${qualifiedTable(schema, table)}`;
}

/**
 * Whether tables created in the schema later join the share without another statement.
 * @param include false turns it back off
 */
export function includeNewObjects(datashare: string, schema: string, include = true): string {
    return `ALTER DATASHARE ${share(datashare)} SET INCLUDENEW = ${include ? "TRUE" : "FALSE"} FOR SCHEMA ${quoteIdentifier(schema, "schema")}`;
}

export function grantUsageToAccount(datashare: string, consumerAccountId: string): string {
    return `GRANT USAGE ON DATASHARE ${share(datashare)} TO ACCOUNT '${accountId(consumerAccountId)}'`;
}

export function revokeUsageFromAccount(datashare: string, consumerAccountId: string): string {
    return `REVOKE USAGE ON DATASHARE ${share(datashare)} FROM ACCOUNT '${accountId(consumerAccountId)}'`;
}

export function dropDatashare(datashare: string): string {
    return `DROP DATASHARE ${share(datashare)}`;
}

/** Consumer side: a local database over the producer's datashare. */
export function createDatabaseFromDatashare(database: string, datashare: string, producerAccount: string, producerNamespace: string): string {
    return (
        `CREATE DATABASE ${quoteIdentifier(database, "database")} FROM DATASHARE ${share(datashare)} ` +
        `OF ACCOUNT '${accountId(producerAccount)}' NAMESPACE '${namespaceId(producerNamespace)}'`
    );
}

export function dropDatabase(database: string): string {
    return `DROP DATABASE ${quoteIdentifier(database, "database")}`;
}
