import { COLUMNS } from "../../plan/entitlements/table";
import { AccountReading, VerifyReport, verdictCounts } from "./model";

const cell = (s: string) => s.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

export function verifyProvenance(report: VerifyReport): string {
    const c = verdictCounts(report.rows);
    return `The live accounts against the plan, as of ${report.accessAsOf} (npm run verify): ${c.unexpected} unexpected, ${c["expired-but-live"]} expired but live, ${c.missing} missing, ${c.unverified} unverified, ${c.ok} ok.`;
}

export function accountLine(a: AccountReading): string {
    const who = `${a.stack} (${a.role}${a.consumer ? ` ${a.consumer}` : ""}, ${a.accountId})`;
    const errors = a.errors.length > 0 ? `: ${a.errors.join("; ")}` : "";
    const notes = a.notes.length > 0 ? ` Notes: ${a.notes.join("; ")}` : "";
    return `${who}: ${a.status}${errors}.${notes}`;
}

/** The verify report for review: accounts read, then one table per verdict that needs a look, then what is as declared. */
export function renderVerifyMarkdown(report: VerifyReport): string {
    const lines = [
        `# Verified entitlements of ${cell(report.project)}`,
        "",
        verifyProvenance(report),
        "",
        "## Accounts",
        "",
        ...report.accounts.map((a) => `- ${cell(accountLine(a))}`),
    ];
    const sections: [string, string][] = [
        ["unexpected", "Unexpected: live, not declared"],
        ["expired-but-live", "Expired but live"],
        ["missing", "Missing: declared, not live"],
        ["unverified", "Unverified: an account the row needs was not read"],
        ["ok", "As declared"],
    ];
    const columns = [["consumer", (e: { consumer: string }) => e.consumer] as const, ...COLUMNS.filter(([h]) => h !== "status")];
    for (const [verdict, heading] of sections) {
        const rows = report.rows.filter((r) => r.verdict === verdict);
        if (rows.length === 0) continue;
        lines.push("", `## ${heading} (${rows.length})`, "", `| ${columns.map(([h]) => h).join(" | ")} |`, `|${columns.map(() => "---").join("|")}|`);
        for (const row of rows) lines.push(`| ${columns.map(([, value]) => cell(value(row as never))).join(" | ")} |`);
    }
    if (report.rows.length === 0) lines.push("", "Neither the plan nor the live accounts give anyone access.");
    return `${lines.join("\n")}\n`;
}
