import * as fs from "fs";
import * as path from "path";
import { VerifyReport } from "./model";
import { renderVerifyHtml } from "./render-html";
import { renderVerifyMarkdown } from "./render-markdown";

/** Files writeVerifyReports writes, beside the plan's entitlements.* in the same directory. */
export const VERIFY_FILES = ["verify.md", "verify.json", "verify.html"] as const;

export function writeVerifyReports(report: VerifyReport, dir: string): string[] {
    fs.mkdirSync(dir, { recursive: true });
    const texts: Record<(typeof VERIFY_FILES)[number], string> = {
        "verify.md": renderVerifyMarkdown(report),
        "verify.json": `${JSON.stringify(report, null, 2)}\n`,
        "verify.html": renderVerifyHtml(report),
    };
    return VERIFY_FILES.map((name) => {
        const file = path.join(dir, name);
        fs.writeFileSync(file, texts[name]);
        return file;
    });
}
