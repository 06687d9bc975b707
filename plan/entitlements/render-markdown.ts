import { EntitlementReport } from "./model";
import { COLUMNS, byConsumer, provenance } from "./table";

/** A cell that cannot break the table: pipes and backslashes escaped, one line. */
const cell = (s: string) => s.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

/** The entitlement report for review in a pull request: one table per consumer. */
export function renderMarkdown(report: EntitlementReport): string {
    const lines = [`# Entitlements of ${cell(report.project)}`, "", provenance(report)];
    for (const [consumer, rows] of byConsumer(report)) {
        lines.push("", `## ${cell(consumer)}`, "", `| ${COLUMNS.map(([h]) => h).join(" | ")} |`, `|${COLUMNS.map(() => "---").join("|")}|`);
        for (const row of rows) lines.push(`| ${COLUMNS.map(([, value]) => cell(value(row))).join(" | ")} |`);
    }
    if (report.entitlements.length === 0) lines.push("", "No one is entitled to anything.");
    return `${lines.join("\n")}\n`;
}
