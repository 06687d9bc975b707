import { createHash } from "crypto";

/**
 * One self-contained HTML page for a report people read: a summary table first, then rows
 * that can be filtered by consumer, product, path and status, each row's status shown as a
 * coloured badge and a coloured edge. No network: styles and the small filter script are
 * inline, and the page's Content-Security-Policy allows that script by its hash and nothing
 * else (no other script, no fetch, no external style, font or image). Without script the
 * page still shows every row.
 */

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text safe in element content and quoted attributes: consumer names and policies are config, not markup. */
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** What a row is filtered by. */
export interface RowFacets {
    readonly consumer: string;
    readonly product: string;
    readonly path: string;
    readonly status: string;
}

export interface PageRow {
    readonly facets: RowFacets;
    /** Cells of the main columns, as text. */
    readonly cells: readonly string[];
    /** Label and text of each further fact, shown under the row's last cell; empty ones are left out. */
    readonly details: readonly (readonly [string, string])[];
}

export interface ReportPage {
    readonly title: string;
    /** Sentence under the title: what this is, as of when. */
    readonly provenance: string;
    readonly summary: { readonly columns: readonly string[]; readonly rows: readonly { readonly cells: readonly string[]; readonly status?: string }[] };
    /** Further paragraphs between summary and rows (accounts read, notes). */
    readonly notes?: readonly string[];
    readonly columns: readonly string[];
    readonly rows: readonly PageRow[];
    /** Statuses in the order the legend shows them, each with its meaning. */
    readonly statuses: readonly (readonly [string, string])[];
}

/** Colours per status, the same in both reports: red for access that should not be there, amber for what is missing. */
const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:1.5em auto;max-width:1400px;padding:0 1em;color:#1f2328}
h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.6em}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #d8dee4;padding:6px 8px;vertical-align:top;text-align:left}
th{background:#f6f8fa;position:sticky;top:0}td{overflow-wrap:anywhere}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;white-space:nowrap;background:#ddf4e4;color:#1a7f37}
tr[data-status] td:first-child{border-left:4px solid #1a7f37}
.s-expired,.s-expired-but-live,.s-unexpected{background:#ffebe9;color:#cf222e}
tr[data-status=expired] td:first-child,tr[data-status=expired-but-live] td:first-child,tr[data-status=unexpected] td:first-child{border-left-color:#cf222e}
tr[data-status=expired] td,tr[data-status=expired-but-live] td,tr[data-status=unexpected] td{background:#fff8f7}
.s-missing{background:#fff8c5;color:#9a6700}tr[data-status=missing] td:first-child{border-left-color:#d4a72c}tr[data-status=missing] td{background:#fffdf0}
.s-unverified,.s-declared-only{background:#eaeef2;color:#57606a}tr[data-status=unverified] td:first-child,tr[data-status=declared-only] td:first-child{border-left-color:#8c959f}
.filters{display:flex;flex-wrap:wrap;gap:12px;margin:1em 0;padding:10px;background:#f6f8fa;border-radius:6px}
.filters label{display:flex;flex-direction:column;font-size:12px;color:#57606a}select,input{font:inherit;padding:2px 4px}
dl{margin:4px 0 0;font-size:12px;color:#57606a}dt{display:inline;font-weight:600}dd{display:inline;margin:0 10px 0 4px}
.count{color:#57606a;font-size:12px}.legend span{margin-right:14px}`;

/** Filters rows by every select (exact value) and the search box (any text), and counts what is shown. */
const SCRIPT = `(function(){var f=document.querySelectorAll('[data-filter]'),q=document.getElementById('q'),rows=document.querySelectorAll('#rows tbody tr'),n=document.getElementById('shown');
function apply(){var t=(q.value||'').toLowerCase(),c=0;rows.forEach(function(r){var ok=true;f.forEach(function(s){if(s.value&&r.dataset[s.dataset.filter]!==s.value)ok=false});if(t&&r.textContent.toLowerCase().indexOf(t)<0)ok=false;r.hidden=!ok;if(ok)c++});n.textContent=c+' of '+rows.length+' rows';}
f.forEach(function(s){s.addEventListener('change',apply)});q.addEventListener('input',apply);apply();})();`;

const hash = (text: string) => createHash("sha256").update(text).digest("base64");

export function renderPage(page: ReportPage): string {
    const title = escapeHtml(page.title);
    const summary = `<h2>Summary</h2><table id="summary"><thead><tr>${page.summary.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("")}</tr></thead><tbody>\n${page.summary.rows
        .map((r) => `<tr${r.status ? ` data-status="${escapeHtml(r.status)}"` : ""}>${r.cells.map((c) => `<td>${escapeHtml(c)}</td>`).join("")}</tr>`)
        .join("\n")}\n</tbody></table>`;
    const legend = `<p class="legend">${page.statuses.map(([s, meaning]) => `<span><span class="badge s-${escapeHtml(s)}">${escapeHtml(s)}</span> ${escapeHtml(meaning)}</span>`).join("")}</p>`;
    const filters = `<div class="filters">${(["consumer", "product", "path", "status"] as const).map((facet) => select(facet, page.rows)).join("")}<label>search<input id="q" type="search" placeholder="principal, resource, column..."></label><span class="count" id="shown">${page.rows.length} rows</span></div>`;
    const head = `<tr><th>status</th>${page.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("")}</tr>`;
    const body = page.rows.map(row).join("\n");
    return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${hash(SCRIPT)}'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${STYLE}</style>
</head><body><h1>${title}</h1>
<p>${escapeHtml(page.provenance)}</p>
${summary}
${(page.notes ?? []).map((n) => `<p>${escapeHtml(n)}</p>`).join("\n")}
<h2>Rows</h2>
${legend}
${filters}
<table id="rows"><thead>${head}</thead><tbody>
${body}
</tbody></table>
<script>${SCRIPT}</script>
</body></html>
`;
}

function select(facet: keyof RowFacets, rows: readonly PageRow[]): string {
    const values = [...new Set(rows.map((r) => r.facets[facet]).filter((v) => v !== ""))].sort();
    return `<label>${facet}<select data-filter="${facet}"><option value="">all</option>${values.map((v) => `<option>${escapeHtml(v)}</option>`).join("")}</select></label>`;
}

function row(r: PageRow): string {
    const f = r.facets;
    const details = r.details.filter(([, v]) => v !== "");
    const more = details.length > 0 ? `<dl>${details.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join("")}</dl>` : "";
    const cells = r.cells.map((c, i) => `<td>${escapeHtml(c)}${i === r.cells.length - 1 ? more : ""}</td>`).join("");
    return `<tr data-consumer="${escapeHtml(f.consumer)}" data-product="${escapeHtml(f.product)}" data-path="${escapeHtml(f.path)}" data-status="${escapeHtml(f.status)}"><td><span class="badge s-${escapeHtml(f.status)}">${escapeHtml(f.status)}</span></td>${cells}</tr>`;
}
