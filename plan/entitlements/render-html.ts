import { Entitlement, EntitlementReport } from "./model";
import { PageRow, renderPage } from "./html-page";
import { consumerSummaries, pathLabel } from "./summary";
import { provenance } from "./table";

export { escapeHtml } from "./html-page";

/** The main columns of a row in both reports' HTML; the rest of the row is its details. */
export const HTML_COLUMNS = ["consumer", "principal", "path", "product", "resource", "access"] as const;

export function entitlementCells(e: Entitlement): string[] {
    const columns = e.columns && e.columns.length > 0 ? `; columns ${e.columns.join(", ")}` : "";
    return [
        e.consumer,
        `${e.principal}${e.principalAccount && !e.principal.includes(e.principalAccount) ? ` (${e.principalAccount})` : ""}`,
        pathLabel(e),
        e.product ? `${e.product}${e.classification ? ` (${e.classification})` : ""}` : "",
        e.resource,
        `${e.actions.join(", ")}${columns}`,
    ];
}

export function entitlementDetails(e: Entitlement): [string, string][] {
    return [
        ["granted by", e.grantedBy ?? e.grantorAccount],
        ["columns left out", (e.excludedColumns ?? []).join(", ")],
        ["row filter", e.rowFilter ?? ""],
        ["conditions", e.conditions ?? ""],
        ["ends", e.endsAt ?? "open-ended"],
    ];
}

/** A row's status as the page filters and colours it. */
const statusOf = (e: Entitlement) => (e.basis === "declared" ? "declared-only" : e.status);

/** The entitlement report as one page to open in a browser: a summary per consumer, then every row, filterable. */
export function renderHtml(report: EntitlementReport): string {
    const rows: PageRow[] = report.entitlements.map((e) => ({
        facets: { consumer: e.consumer, product: e.product ?? "", path: e.path, status: statusOf(e) },
        cells: entitlementCells(e),
        details: entitlementDetails(e),
    }));
    return renderPage({
        title: `Entitlements of ${report.project}`,
        provenance: provenance(report),
        summary: {
            columns: ["consumer", "paths", "products", "columns withheld", "access ends", "status", "rows"],
            rows: consumerSummaries(report.entitlements).map((s) => ({
                cells: [s.consumer, s.paths.join("; "), s.products.join(", "), s.withheld.join("; "), s.endsAt, s.status, String(s.rows)],
                status: s.status,
            })),
        },
        columns: HTML_COLUMNS,
        rows,
        statuses: [
            ["active", "access as declared"],
            ["expired", "past the consumer's end date"],
            ["declared-only", "the topology declares it; no stack registers it yet"],
        ],
    });
}
