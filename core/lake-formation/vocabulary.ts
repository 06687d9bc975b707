import { TagCondition } from "../../components/lake-formation-grants";

/**
 * The LF-tags every catalog that shares data carries. Consumers are granted tag
 * expressions, so grants grow with consumers plus tags, not consumers times tables.
 * Column tags override table tags: a PII column tagged `visibility=pii` drops out of every
 * `visibility=shared` grant, which is how tags exclude columns.
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
