/**
 * The query of reference/004 ("Sales-Cards-Query"): per customer, how many purchases used
 * a card the customer does not own. The QuickSight data set runs it through Athena, and a
 * test runs it over the generated sample data.
 */
export const CARDS_NOT_OWNED_SQL =
    'SELECT "db1"."clean_sales"."customer_id", COUNT("db1"."clean_sales"."customer_id") as num_diff_card_used ' +
    'FROM "db1"."clean_sales" JOIN "db1"."customers" ' +
    'ON "db1"."clean_sales"."customer_id"="db1"."customers"."customer_id" AND "db1"."clean_sales"."card_id" != "db1"."customers"."card_id" ' +
    'GROUP BY "db1"."clean_sales"."customer_id" ORDER BY num_diff_card_used DESC';

/** Columns the query returns, with their QuickSight types. */
export const CARDS_NOT_OWNED_COLUMNS = [
    { name: "customer_id", type: "INTEGER" },
    { name: "num_diff_card_used", type: "INTEGER" },
] as const;
