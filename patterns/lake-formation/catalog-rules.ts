import { PRODUCER_CATALOG } from "./central-catalog";
import { PatternCatalog } from "../../core/topology/patterns";
import { RuleProblem, TopologyRule } from "../../core/topology/problem";
import { servingSnapshots, takenThrough } from "../../core/topology/rules";
import { ParsedTopology } from "../../core/topology/schema";

/**
 * Columns are shared by inclusion, so the topology must name only what the owning catalog
 * holds. Pattern 2 shares tables of the producer's secure lake (governance declares them
 * over its files), and patterns 1 and 3 publish them (the producer's publish job reads
 * them): a product shared either way with a `database` may name only the lake's databases,
 * tables and columns, with their types. Every Lake Formation row filter may use only columns its table
 * declares as not PII: a filter over a PII column would tell its reader about that column.
 */

type Problem = RuleProblem;

const CENTRAL = "lake-formation-central";
const LAKE_PATTERNS = [CENTRAL, "lake-formation-external"];

export const lakeCatalogRules: TopologyRule = (t, catalog) => [...centralProductsInProducerCatalog(t, catalog), ...rowFilterColumns(t)];

/** Products any consumer takes through pattern 2, or that are published from a lake database, name only what the producer's catalog declares. */
function centralProductsInProducerCatalog(t: ParsedTopology, catalog: PatternCatalog): Problem[] {
    const central = takenThrough(t, [CENTRAL]);
    const published = takenThrough(t, servingSnapshots(catalog));
    const problems: Problem[] = [];
    t.dataProducts.forEach((p, pi) => {
        // A missing database is reported by the consumer rules; an unknown one here.
        if (!(central.has(p.name) || (published.has(p.name) && p.structure === "structured" && p.store === "s3")) || p.database === undefined) return;
        const lakeTables = PRODUCER_CATALOG.get(p.database);
        if (!lakeTables) {
            const why = central.has(p.name)
                ? "lake-formation-central shares the producer's tables"
                : "the producer's publish job reads the product's tables from there (leave database out to give the product a database of its own in the lake)";
            problems.push({
                path: ["dataProducts", pi, "database"],
                message: `"${p.database}" is not a database of the producer's catalog, and ${why}: use ${[...PRODUCER_CATALOG.keys()].join(" or ")}`,
            });
            return;
        }
        p.tables.forEach((table, ti) => {
            const lake = lakeTables.find((l) => l.name === table.name);
            if (!lake) {
                problems.push({
                    path: ["dataProducts", pi, "tables", ti, "name"],
                    message: `"${table.name}" is not a table of the producer's ${p.database}: use one of ${lakeTables.map((l) => l.name).join(", ")}, or share this product through another pattern`,
                });
                return;
            }
            table.columns.forEach((column, ci) => {
                const declared = lake.columns.find((c) => c.name === column.name);
                if (!declared) {
                    problems.push({
                        path: ["dataProducts", pi, "tables", ti, "columns", ci, "name"],
                        message: `"${column.name}" is not a column of the producer's ${p.database}.${table.name}: use one of ${lake.columns.map((c) => c.name).join(", ")}`,
                    });
                } else if (declared.type !== column.type) {
                    problems.push({
                        path: ["dataProducts", pi, "tables", ti, "columns", ci, "type"],
                        message: `is ${column.type}, but the producer's ${p.database}.${table.name}.${column.name} is ${declared.type}: declare type ${declared.type}`,
                    });
                }
            });
        });
    });
    return problems;
}

/** Words of a row filter that are SQL, not column names. */
const SQL_WORDS = new Set(["and", "or", "not", "in", "is", "null", "like", "between", "true", "false"]);

/** Column names a PartiQL row filter refers to: bare identifiers and double-quoted ones, outside string literals. */
export function filterColumns(expression: string): string[] {
    const withoutStrings = expression.replace(/'(?:[^']|'')*'/g, " ");
    const quoted = [...withoutStrings.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
    const bare = [...withoutStrings.replace(/"[^"]*"/g, " ").matchAll(/(?<![A-Za-z0-9_.])[A-Za-z_][A-Za-z0-9_]*/g)]
        .map((m) => m[0])
        .filter((w) => !SQL_WORDS.has(w.toLowerCase()));
    return [...new Set([...quoted, ...bare])];
}

function rowFilterColumns(t: ParsedTopology): Problem[] {
    const products = new Map(t.dataProducts.map((p) => [p.name, p]));
    const problems: Problem[] = [];
    t.consumers.forEach((c, ci) =>
        c.dataProducts.forEach((access, ai) => {
            if (!(access.patterns ?? c.patterns).some((p) => LAKE_PATTERNS.includes(p))) return;
            access.rowFilters.forEach((f, fi) => {
                // An unknown product or table is reported by the consumer rules.
                const table = products.get(access.name)?.tables.find((tb) => tb.name === f.table);
                if (!table) return;
                const shared = table.columns.filter((col) => !col.pii).map((col) => col.name);
                for (const name of filterColumns(f.expression)) {
                    const column = table.columns.find((col) => col.name === name);
                    if (column?.pii) {
                        problems.push({
                            path: ["consumers", ci, "dataProducts", ai, "rowFilters", fi, "expression"],
                            message: `filters on "${name}", a PII column of ${f.table}: a filter would reveal it to the consumer; filter on a shared column (${shared.join(", ")})`,
                        });
                    } else if (!column) {
                        problems.push({
                            path: ["consumers", ci, "dataProducts", ai, "rowFilters", fi, "expression"],
                            message: `uses "${name}", which is not a declared column of ${access.name}.${f.table}: a row filter may use only the table's shared columns (${shared.join(", ")}), literals and SQL operators`,
                        });
                    }
                }
            });
        }),
    );
    return problems;
}
