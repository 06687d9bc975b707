import { RuleProblem, TopologyRule } from "../../core/topology/problem";
import { servingSnapshots, takenThrough } from "../../core/topology/rules";
import { SNAPSHOT_COLUMN } from "../../components/published-datasets/snapshots";

/**
 * Rules of publishing (for the patterns that serve snapshots: 1 and 3): the producer exports
 * each product these patterns share from its lake into Published Datasets, one snapshot a
 * day, and the external account serves the snapshots. `publish` belongs to products that are
 * published.
 */
export const publishingRules: TopologyRule = (t, catalog) => {
    const serving = servingSnapshots(catalog);
    const published = takenThrough(t, serving);
    const problems: RuleProblem[] = [];
    t.dataProducts.forEach((p, pi) => {
        const at = (...rest: (string | number)[]) => ["dataProducts", pi, ...rest];
        if (p.publish && !published.has(p.name)) {
            problems.push({
                path: at("publish"),
                message: `is set, but no consumer takes "${p.name}" through ${serving.join(" or ")}, the patterns served from published snapshots: remove publish, or share the product through one of them`,
            });
        }
        if (!published.has(p.name) || p.structure !== "structured") return;
        if (p.store === "redshift") {
            problems.push({
                path: at("store"),
                message: `"${p.name}" is kept in Redshift, but ${serving.join(" and ")} serve snapshots the producer's publish job exports from its lake (S3): share it through redshift-datashare, or keep it in s3`,
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
};
