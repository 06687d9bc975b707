import * as fs from "fs";
import * as path from "path";
import { TopologyEvaluation } from "../evaluate";
import { collectEntitlements } from "./collect";
import { sharingSvg } from "./diagram";
import { renderHtml, renderMarkdown } from "./render";

export { collectEntitlements } from "./collect";
export type { Entitlement, EntitlementReport } from "./model";

/**
 * Writes what a reviewer signs off, beside the JSON plan: the entitlement report as
 * Markdown, JSON and HTML, and the diagram of accounts and sharing paths as SVG.
 * @returns the files written
 */
export async function writeAssurance(evaluation: TopologyEvaluation, asOf: Date, dir: string): Promise<string[]> {
    const report = collectEntitlements(evaluation, asOf);
    const files: [string, string][] = [
        ["entitlements.md", renderMarkdown(report)],
        ["entitlements.json", `${JSON.stringify(report, null, 2)}\n`],
        ["entitlements.html", renderHtml(report)],
        ["sharing.svg", await sharingSvg(evaluation, report)],
    ];
    fs.mkdirSync(dir, { recursive: true });
    return files.map(([name, text]) => {
        const file = path.join(dir, name);
        fs.writeFileSync(file, text);
        return file;
    });
}
