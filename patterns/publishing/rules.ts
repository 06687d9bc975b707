import { ParsedTopology } from "./schema";

/**
 * Rules of publishing (patterns 1 and 3): the producer exports each product these patterns
 * share from its lake into Published Datasets, one snapshot a day, and the external account
 * serves the snapshots. `publish` and `dataExchange` belong to products that are published.
 */

interface Problem {
    readonly path: readonly (string | number)[];
    readonly message: string;
}

/** Patterns served from published snapshots. */
export const PUBLISHED_PATTERNS = ["data-exchange", "lake-formation-external"] as const;

/** The partition column every published table gets; no declared column may take its name. */
export const SNAPSHOT_COLUMN = "snapshot";

/** Products some consumer takes through one of `patterns`, expired consumers included. */
function takenThrough(t: ParsedTopology, patterns: readonly string[]): Set<string> {
    return new Set(t.consumers.flatMap((c) => c.dataProducts.filter((a) => (a.patterns ?? c.patterns).some((p) => patterns.includes(p))).map((a) => a.name)));
}

export function publishingRules(t: ParsedTopology): Problem[] {
    const published = takenThrough(t, PUBLISHED_PATTERNS);
    const exchanged = takenThrough(t, ["data-exchange"]);
    const problems: Problem[] = [];
    t.dataProducts.forEach((p, pi) => {
        const at = (...rest: (string | number)[]) => ["dataProducts", pi, ...rest];
        if (p.publish && !published.has(p.name)) {
            problems.push({
                path: at("publish"),
                message: `is set, but no consumer takes "${p.name}" through data-exchange or lake-formation-external, the patterns served from published snapshots: remove publish, or share the product through one of them`,
            });
        }
        if (p.dataExchange && !exchanged.has(p.name)) {
            problems.push({ path: at("dataExchange"), message: `is set, but no consumer takes "${p.name}" through data-exchange: remove dataExchange, or share the product through data-exchange` });
        }
        if (!published.has(p.name) || p.structure !== "structured") return;
        if (p.store === "redshift") {
            problems.push({
                path: at("store"),
                message: `"${p.name}" is kept in Redshift, but data-exchange and lake-formation-external serve snapshots the producer's publish job exports from its lake (S3): share it through redshift-datashare, or keep it in s3`,
            });
        }
        p.tables.forEach((table, ti) =>
            table.columns.forEach((column, ci) => {
                if (column.name === SNAPSHOT_COLUMN) {
                    problems.push({
                        path: at("tables", ti, "columns", ci, "name"),
                        message: `"${SNAPSHOT_COLUMN}" is the partition column every published table gets (snapshot=<date>): rename this column`,
                    });
                }
            }),
        );
    });
    return problems;
}
