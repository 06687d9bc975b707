import { Entitlement, EntitlementReport } from "./model";

/** The entitlement report for people: Markdown for review in a pull request, HTML to open in a browser. */

const COLUMNS: [string, (e: Entitlement) => string][] = [
    ["principal", (e) => e.principal],
    ["path", (e) => e.path],
    ["product", (e) => (e.product ? `${e.product}${e.classification ? ` (${e.classification})` : ""}` : "")],
    ["resource", (e) => e.resource],
    ["actions", (e) => e.actions.join(", ")],
    ["columns", (e) => (e.columns ? e.columns.join(", ") : "")],
    ["excluded columns", (e) => (e.excludedColumns ? e.excludedColumns.join(", ") : "")],
    ["row filter", (e) => e.rowFilter ?? ""],
    ["conditions", (e) => e.conditions ?? ""],
    ["ends", (e) => e.endsAt ?? "open-ended"],
    ["status", (e) => e.status],
];

function byConsumer(report: EntitlementReport): [string, Entitlement[]][] {
    const groups = new Map<string, Entitlement[]>();
    for (const e of report.entitlements) groups.set(e.consumer, [...(groups.get(e.consumer) ?? []), e]);
    return [...groups];
}

const mdCell = (s: string) => s.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

export function renderMarkdown(report: EntitlementReport): string {
    const lines = [`# Entitlements of ${report.project}`, "", `Who can access what, evaluated as of ${report.accessAsOf} from what every stack registers (\`npm run plan\`).`];
    for (const [consumer, rows] of byConsumer(report)) {
        lines.push("", `## ${mdCell(consumer)}`, "", `| ${COLUMNS.map(([h]) => h).join(" | ")} |`, `|${COLUMNS.map(() => "---").join("|")}|`);
        for (const row of rows) lines.push(`| ${COLUMNS.map(([, cell]) => mdCell(cell(row))).join(" | ")} |`);
    }
    return `${lines.join("\n")}\n`;
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

export function renderHtml(report: EntitlementReport): string {
    const sections = byConsumer(report).map(([consumer, rows]) => {
        const head = COLUMNS.map(([h]) => `<th>${escapeHtml(h)}</th>`).join("");
        const body = rows.map((row) => `<tr class="${row.status}">${COLUMNS.map(([, cell]) => `<td>${escapeHtml(cell(row))}</td>`).join("")}</tr>`).join("\n");
        return `<section><h2>${escapeHtml(consumer)}</h2><table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></section>`;
    });
    return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Entitlements of ${escapeHtml(report.project)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:2em}th,td{border:1px solid #ccc;padding:4px 6px;vertical-align:top;text-align:left}th{background:#f3f3f3}tr.expired td{color:#999;text-decoration:line-through}</style>
</head><body><h1>Entitlements of ${escapeHtml(report.project)}</h1>
<p>Who can access what, evaluated as of ${escapeHtml(report.accessAsOf)} from what every stack registers.</p>
${sections.join("\n")}
</body></html>
`;
}
