import { RuleProblem, TopologyRule } from "../../core/topology/problem";
import { ParsedTopology } from "../../core/topology/schema";
import { isTimeType } from "./config";

/** Rules of pattern 5: a partner's address, and what the producer needs to know to feed the partner API. */

type Problem = RuleProblem;

/** The API e-mails download links: a partner needs an address. */
const deliveryEmail: TopologyRule = (t) =>
    t.consumers.flatMap((c, ci) =>
        c.patterns.includes("partner-api") && c.deliveryEmail === undefined
            ? [{ path: ["consumers", ci, "deliveryEmail"], message: `partner-api e-mails download links: give the partner's deliveryEmail` }]
            : [],
    );

/** Products some consumer lists under partner-api. */
function requestedThroughApi(t: ParsedTopology): Set<string> {
    const names = new Set<string>();
    for (const c of t.consumers) {
        for (const a of c.dataProducts) {
            if ((a.patterns ?? c.patterns).includes("partner-api")) names.add(a.name);
        }
    }
    return names;
}

function microbatchRules(t: ParsedTopology): Problem[] {
    const problems: Problem[] = [];
    const requested = t.patterns.enabled.includes("partner-api") ? requestedThroughApi(t) : new Set<string>();
    t.dataProducts.forEach((p, i) => {
        const at = (...rest: (string | number)[]) => ["dataProducts", i, ...rest];
        if (p.microbatch && p.store !== "redshift") {
            problems.push({
                path: at("microbatch"),
                message: `is set, but ${p.name} is not kept in Redshift (store: ${p.store}): the microbatch export reads Redshift tables; remove microbatch, or set store: redshift`,
            });
            return;
        }
        if (p.store !== "redshift" || !requested.has(p.name)) return;
        if (!p.microbatch) {
            problems.push({
                path: at("microbatch"),
                message: `${p.name} is kept in Redshift and served through partner-api, so the producer exports it in microbatches: give microbatch.watermarkColumn, a column whose values only grow (e.g. an event id or time)`,
            });
            return;
        }
        const column = p.microbatch.watermarkColumn;
        if (p.tables.length === 0) {
            problems.push({ path: at("tables"), message: `list the Redshift tables of ${p.name} that the microbatch exports` });
        }
        p.tables.forEach((table, ti) => {
            if (!table.columns.some((c) => c.name === column)) {
                problems.push({
                    path: at("tables", ti, "columns"),
                    message: `table ${table.name} has no column ${column}, the product's microbatch.watermarkColumn: add it, or choose a column every table has`,
                });
            }
            if (table.columns.some((c) => c.name === column && c.pii)) {
                problems.push({
                    path: at("microbatch", "watermarkColumn"),
                    message: `${column} is marked pii in ${table.name}: a watermark is written to the export in clear, so choose a column that is not personal data`,
                });
            }
            const type = table.columns.find((c) => c.name === column)?.type;
            if (p.microbatch!.settleSeconds !== undefined && type !== undefined && !isTimeType(type)) {
                problems.push({
                    path: at("microbatch", "settleSeconds"),
                    message: `applies to a time watermark, but ${column} of ${table.name} is ${type}: remove settleSeconds, or declare the column's type as timestamp or date`,
                });
            }
        });
    });
    return problems;
}

export const PARTNER_API_RULES: readonly TopologyRule[] = [deliveryEmail, microbatchRules];
