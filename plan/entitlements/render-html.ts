import { EntitlementReport } from "./model";
import { COLUMNS, byConsumer, provenance } from "./table";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text safe in element content and quoted attributes: consumer names and policies are config, not markup. */
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

// Self-contained: no script, no external resource, and a policy that forbids both.
const HEAD = `<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:2em}th,td{border:1px solid #ccc;padding:4px 6px;vertical-align:top;text-align:left}th{background:#f3f3f3;position:sticky;top:0}tr.expired td{color:#999;text-decoration:line-through}tr.declared td{font-style:italic}</style>`;

/** The entitlement report as one page to open in a browser: one table per consumer. */
export function renderHtml(report: EntitlementReport): string {
    const title = `Entitlements of ${escapeHtml(report.project)}`;
    const head = `<tr>${COLUMNS.map(([h]) => `<th>${escapeHtml(h)}</th>`).join("")}</tr>`;
    const sections = byConsumer(report).map(([consumer, rows]) => {
        const body = rows.map((row) => `<tr class="${row.status} ${row.basis}">${COLUMNS.map(([, value]) => `<td>${escapeHtml(value(row))}</td>`).join("")}</tr>`);
        return `<section><h2>${escapeHtml(consumer)}</h2><table><thead>${head}</thead><tbody>\n${body.join("\n")}\n</tbody></table></section>`;
    });
    return `<!doctype html>
<html lang="en"><head>${HEAD}
<title>${title}</title>
</head><body><h1>${title}</h1>
<p>${escapeHtml(provenance(report))}</p>
${sections.join("\n")}
</body></html>
`;
}
