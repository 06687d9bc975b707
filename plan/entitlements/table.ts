import { PATTERNS } from "../../patterns";
import { Entitlement, EntitlementReport } from "./model";

/**
 * The report's table as people read it, shared by the Markdown and HTML renderings so the
 * two never show different columns: one table per consumer, one row per entitlement.
 */

export const COLUMNS: readonly (readonly [string, (e: Entitlement) => string])[] = [
    ["principal", (e) => e.principal],
    ["account", (e) => e.principalAccount ?? "not on AWS"],
    ["path", (e) => (e.pattern ? `${e.path}, pattern ${PATTERNS.facts(e.pattern).number}` : e.path)],
    ["granted by", (e) => e.grantedBy ?? e.grantorAccount],
    ["product", (e) => (e.product ? `${e.product}${e.classification ? ` (${e.classification})` : ""}` : "")],
    ["resource", (e) => e.resource],
    ["actions", (e) => e.actions.join(", ")],
    ["columns", (e) => (e.columns ? e.columns.join(", ") : "")],
    ["excluded columns", (e) => (e.excludedColumns ? e.excludedColumns.join(", ") : "")],
    ["row filter", (e) => e.rowFilter ?? ""],
    ["conditions", (e) => e.conditions ?? ""],
    ["ends", (e) => e.endsAt ?? "open-ended"],
    ["status", (e) => (e.basis === "declared" ? `${e.status}, declared only (not registered)` : e.status)],
];

/** Rows grouped by consumer, in the report's order. */
export function byConsumer(report: EntitlementReport): [string, Entitlement[]][] {
    const groups = new Map<string, Entitlement[]>();
    for (const e of report.entitlements) {
        const group = groups.get(e.consumer);
        if (group) group.push(e);
        else groups.set(e.consumer, [e]);
    }
    return [...groups];
}

/** The sentence under each rendering's title. */
export function provenance(report: EntitlementReport): string {
    return `Who can access what, through which path, evaluated as of ${report.accessAsOf} from what every stack registers (npm run plan).`;
}
