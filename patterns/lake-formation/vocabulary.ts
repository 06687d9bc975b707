import { TagCondition } from "../../components/lake-formation/grants";

/**
 * The LF-tags every catalog that shares data carries. Consumers are granted tag
 * expressions, so grants grow with consumers plus tags, not consumers times tables.
 * Tags fail closed: a product's database and tables carry `data_product=<product>`, each
 * table `visibility=pii`, and only the columns declared as not PII `visibility=shared`
 * (column tags override table tags). A column nobody declared inherits `pii` and matches
 * no `visibility=shared` grant.
 */
export const DATA_PRODUCT_TAG = "data_product";
export const VISIBILITY_TAG = "visibility";
export const SHARED = "shared";
export const PII = "pii";
export const VISIBILITY_VALUES = [SHARED, PII] as const;

/** Tables of these products, without their PII columns. */
export function sharedTablesOf(products: readonly string[]): TagCondition[] {
    return [
        { key: DATA_PRODUCT_TAG, values: [...products].sort() },
        { key: VISIBILITY_TAG, values: [SHARED] },
    ];
}

/** Databases of these products (for DESCRIBE). */
export function productDatabasesOf(products: readonly string[]): TagCondition[] {
    return [{ key: DATA_PRODUCT_TAG, values: [...products].sort() }];
}
