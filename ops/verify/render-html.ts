import { PageRow, renderPage } from "../../plan/entitlements/html-page";
import { HTML_COLUMNS, entitlementCells, entitlementDetails } from "../../plan/entitlements/render-html";
import { consumerSummaries } from "../../plan/entitlements/summary";
import { VerifyReport, verdictCounts } from "./model";
import { accountLine, verifyProvenance } from "./render-markdown";

/** The verify report as one page: per consumer what it reaches and what differs, the accounts read, then every row, filterable by verdict. */
export function renderVerifyHtml(report: VerifyReport): string {
    const live = report.rows.filter((r) => r.verdict !== "missing" && r.verdict !== "unverified");
    const summaries = new Map(consumerSummaries(live.length > 0 ? live : report.rows).map((s) => [s.consumer, s]));
    const consumers = [...new Set(report.rows.map((r) => r.consumer))];
    const rows: PageRow[] = report.rows.map((r) => ({
        facets: { consumer: r.consumer, product: r.product ?? "", path: r.path, status: r.verdict },
        cells: entitlementCells(r),
        details: [...entitlementDetails(r), ["plan status", r.status]],
    }));
    return renderPage({
        title: `Verified entitlements of ${report.project}`,
        provenance: verifyProvenance(report),
        summary: {
            columns: ["consumer", "paths", "products", "columns withheld", "access ends", "unexpected", "expired but live", "missing", "unverified", "ok"],
            rows: consumers.map((consumer) => {
                const s = summaries.get(consumer);
                const counts = verdictCounts(report.rows.filter((r) => r.consumer === consumer));
                const worst = counts.unexpected + counts["expired-but-live"] > 0 ? "unexpected" : counts.missing > 0 ? "missing" : "ok";
                return {
                    cells: [
                        consumer,
                        s?.paths.join("; ") ?? "",
                        s?.products.join(", ") ?? "",
                        s?.withheld.join("; ") ?? "",
                        s?.endsAt ?? "",
                        ...[counts.unexpected, counts["expired-but-live"], counts.missing, counts.unverified, counts.ok].map(String),
                    ],
                    status: worst,
                };
            }),
        },
        notes: ["Accounts:", ...report.accounts.map(accountLine)],
        columns: HTML_COLUMNS,
        rows,
        statuses: [
            ["unexpected", "live, not declared"],
            ["expired-but-live", "live past the consumer's end date"],
            ["missing", "declared, not live"],
            ["unverified", "an account it needs was not read"],
            ["ok", "live as declared"],
        ],
    });
}
