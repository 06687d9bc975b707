import { z } from "zod";
import { RuleProblem, TopologyRule } from "../../core/topology/problem";
import { catalogName } from "../../core/topology/schema";
import { lakeCatalogRules } from "./catalog-rules";

/**
 * The configuration of patterns 2 and 3: the Lake Formation settings every account of
 * theirs shares (`patterns.lakeFormation`), a consumer's row filters
 * (`consumers[].dataProducts[].rowFilters`), and the rules over them.
 */

/** Lake Formation settings shared by every account of patterns 2 and 3. */
export const lakeFormationSchema = z.strictObject({
    /** Cross-account version of the Data Catalog settings (4: RAM shares, LF-tags, hybrid access). @default "4" */
    crossAccountVersion: z.enum(["1", "2", "3", "4"], { error: 'must be "1", "2", "3" or "4" (quoted)' }).default("4"),
    /** Pattern 2: also grant the producer's tables directly to each consumer's principals, beside the account grant. @default false */
    directPrincipalGrants: z.boolean().default(false),
    /**
     * How tables are granted: `tags`, one LF-tag expression grant per consumer account and
     * principal whatever the number of tables, or `names`, one grant per table for each of
     * them (the hand-made way: the same access, but it grows with consumers times tables;
     * docs/benchmarks.md). Products with row filters are always granted by name. @default "tags"
     */
    grantBy: z
        .enum(["tags", "names"], {
            error: (iss) => `${JSON.stringify(iss.input)} is not a grant model: use tags (LF-tag expressions) or names (one grant per table)`,
        })
        .default("tags"),
});

export type LakeFormationOptions = z.output<typeof lakeFormationSchema>;

/** A row-level rule Lake Formation tags cannot express: a data cells filter on one table. */
export const rowFilterSchema = z.strictObject({
    table: catalogName,
    /** PartiQL row filter, e.g. `region = 'EU'`. */
    expression: z
        .string()
        .min(1)
        .max(2048)
        .refine((e) => !e.includes(";"), { error: "must be one PartiQL condition, without ';', e.g. \"region = 'EU'\"" }),
});

export type RowFilter = z.output<typeof rowFilterSchema>;

declare module "../../core/topology/schema" {
    interface PatternSections {
        /** Lake Formation settings shared by every account of patterns 2 and 3. */
        lakeFormation: LakeFormationOptions;
    }
    interface ProductAccessFields {
        /** Row-level rules (Lake Formation data cells filters); a product with any is granted by name, not by tag. @default [] */
        rowFilters: RowFilter[];
    }
}

const LAKE_PATTERNS = ["lake-formation-central", "lake-formation-external"] as const;

/** A product taken through pattern 2 names the producer's database; a row filter is a Lake Formation share's, on a table of the product. */
const consumerProducts: TopologyRule = (t) => {
    const problems: RuleProblem[] = [];
    const products = new Map(t.dataProducts.map((p) => [p.name, p]));
    t.consumers.forEach((c, ci) =>
        c.dataProducts.forEach((access, ai) => {
            const product = products.get(access.name);
            if (!product) return; // the base rules report an unknown product
            const at = (...rest: (string | number)[]) => ["consumers", ci, "dataProducts", ai, ...rest];
            const patterns = access.patterns ?? c.patterns;
            if (patterns.includes("lake-formation-central") && product.database === undefined) {
                problems.push({
                    path: at(),
                    message: `lake-formation-central shares "${product.name}" from the producer's catalog: set dataProducts[].database of "${product.name}" to the producer's Glue database holding its tables (db1)`,
                });
            }
            const lakePatterns = patterns.filter((p) => (LAKE_PATTERNS as readonly string[]).includes(p));
            access.rowFilters.forEach((f, fi) => {
                if (lakePatterns.length === 0) {
                    problems.push({
                        path: at("rowFilters", fi),
                        message:
                            "row filters are Lake Formation data cells filters: share this product through lake-formation-central or lake-formation-external, or remove the filter",
                    });
                }
                if (!product.tables.some((tb) => tb.name === f.table)) {
                    problems.push({
                        path: at("rowFilters", fi, "table"),
                        message: `"${f.table}" is not a table of "${product.name}": use one of ${product.tables.map((tb) => tb.name).join(", ")}`,
                    });
                }
            });
        }),
    );
    return problems;
};

export const LAKE_FORMATION_RULES: readonly TopologyRule[] = [consumerProducts, lakeCatalogRules];
