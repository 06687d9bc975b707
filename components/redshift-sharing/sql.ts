/**
 * The SQL of Redshift data sharing (pattern 4), built from validated parts only. Names come
 * from config, so every identifier is checked against a strict pattern and refused, not
 * escaped, when it could carry anything but a name; account ids and namespaces are checked
 * before they are quoted as literals.
 */

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]{0,126}$/;
const ACCOUNT_ID = /^\d{12}$/;
const NAMESPACE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A Redshift identifier, double-quoted; anything but letters, digits, `_` and `$` is refused. */
export function quoteIdentifier(name: string): string {
    if (!IDENTIFIER.test(name)) {
        throw new Error(`${JSON.stringify(name)} is not a safe Redshift identifier: use letters, digits, '_' or '$', starting with a letter or '_', at most 127 characters`);
    }
    return `"${name}"`;
}

export function qualifiedTable(schema: string, table: string): string {
    return `${quoteIdentifier(schema)}.${quoteIdentifier(table)}`;
}

function accountLiteral(id: string): string {
    if (!ACCOUNT_ID.test(id)) throw new Error(`${JSON.stringify(id)} is not an AWS account id: use 12 digits`);
    return `'${id}'`;
}

function namespaceLiteral(id: string): string {
    if (!NAMESPACE.test(id)) throw new Error(`${JSON.stringify(id)} is not a Redshift namespace id: use the namespace's lower-case UUID`);
    return `'${id}'`;
}

export const createDatashare = (share: string) => `CREATE DATASHARE ${quoteIdentifier(share)}`;
export const addSchema = (share: string, schema: string) => `ALTER DATASHARE ${quoteIdentifier(share)} ADD SCHEMA ${quoteIdentifier(schema)}`;
export const addTable = (share: string, schema: string, table: string) => `ALTER DATASHARE ${quoteIdentifier(share)} ADD TABLE ${qualifiedTable(schema, table)}`;
export const removeTable = (share: string, schema: string, table: string) => `ALTER DATASHARE ${quoteIdentifier(share)} REMOVE TABLE ${qualifiedTable(schema, table)}`;
/** New tables of the schema join the share without another statement. */
export const includeNewObjects = (share: string, schema: string, on: boolean) =>
    `ALTER DATASHARE ${quoteIdentifier(share)} SET INCLUDENEW = ${on ? "TRUE" : "FALSE"} FOR SCHEMA ${quoteIdentifier(schema)}`;
export const grantUsageToAccount = (share: string, account: string) => `GRANT USAGE ON DATASHARE ${quoteIdentifier(share)} TO ACCOUNT ${accountLiteral(account)}`;
export const revokeUsageFromAccount = (share: string, account: string) => `REVOKE USAGE ON DATASHARE ${quoteIdentifier(share)} FROM ACCOUNT ${accountLiteral(account)}`;
export const dropDatashare = (share: string) => `DROP DATASHARE ${quoteIdentifier(share)}`;

/** Consumer side: a local database over the producer's datashare. */
export const createDatabaseFromDatashare = (database: string, share: string, producerAccount: string, producerNamespace: string) =>
    `CREATE DATABASE ${quoteIdentifier(database)} FROM DATASHARE ${quoteIdentifier(share)} OF ACCOUNT ${accountLiteral(producerAccount)} NAMESPACE ${namespaceLiteral(producerNamespace)}`;
export const dropDatabase = (database: string) => `DROP DATABASE ${quoteIdentifier(database)}`;
