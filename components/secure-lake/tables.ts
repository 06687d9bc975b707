/**
 * The tables of reference/004's lake (database `db1`): the raw CSVs the sample generator
 * writes and the Glue jobs read, and the clean Parquet outputs the jobs write. The catalog
 * tables, the sample data and the Lake Formation grants all come from this one list.
 */

export interface LakeColumn {
    /** Column name, as the catalog and the CSV header spell it. */
    readonly name: string;
    /** Glue/Hive type. */
    readonly type: string;
}

export interface LakeTable {
    /** Table name in the lake's Glue database. */
    readonly name: string;
    /** Folder of the lake bucket holding the table's files, with trailing slash. */
    readonly folder: string;
    /** Format of the table's files. */
    readonly format: "csv" | "parquet";
    /** Columns, in the files' order. */
    readonly columns: readonly LakeColumn[];
}

const col = (name: string, type = "string"): LakeColumn => ({ name, type });

export const CARDS: LakeTable = {
    name: "cards",
    folder: "cards/",
    format: "csv",
    columns: [
        col("card_id", "int"),
        col("card_number"),
        col("cardholder_first_name"),
        col("cardholder_last_name"),
        col("cardholder_address"),
        col("cardholder_age", "int"),
    ],
};

export const CUSTOMERS: LakeTable = {
    name: "customers",
    folder: "customers/",
    format: "csv",
    columns: [col("customer_id", "int"), col("first_name"), col("last_name"), col("address"), col("email"), col("card_id", "int"), col("age", "int")],
};

/**
 * `price` is a string such as "$1,234.50", as in reference/004. `sold_at` is ISO text
 * ("2024-05-01 13:45:00"): the CSV SerDe reads timestamps only as epoch numbers.
 */
export const SALES: LakeTable = {
    name: "sales",
    folder: "sales/",
    format: "csv",
    columns: [col("sale_id", "int"), col("customer_id", "int"), col("card_id", "int"), col("price"), col("sold_at")],
};

/** `clean_cards_data` keeps only the last four digits of the card number. */
export const CLEAN_CARDS: LakeTable = {
    name: "clean_cards",
    folder: "clean_cards/",
    format: "parquet",
    columns: [
        col("card_id", "int"),
        col("card_last_four"),
        col("cardholder_first_name"),
        col("cardholder_last_name"),
        col("cardholder_address"),
        col("cardholder_age", "int"),
    ],
};

/** `clean_sales_data` turns the price string into a decimal. */
export const CLEAN_SALES: LakeTable = {
    name: "clean_sales",
    folder: "clean_sales/",
    format: "parquet",
    columns: [col("sale_id", "int"), col("customer_id", "int"), col("card_id", "int"), col("price", "decimal(10,2)"), col("sold_at")],
};

export const RAW_TABLES = [CARDS, CUSTOMERS, SALES] as const;
export const CLEAN_TABLES = [CLEAN_CARDS, CLEAN_SALES] as const;
export const LAKE_TABLES = [...RAW_TABLES, ...CLEAN_TABLES] as const;

/** Columns of `customers` nobody but the admins may see (reference/004). */
export const CUSTOMER_PII_COLUMNS = ["address", "email"] as const;

/** The database of reference/004. */
export const LAKE_DATABASE = "db1";
