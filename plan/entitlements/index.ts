import * as fs from "fs";
import * as path from "path";
import { sharingSvg } from "../diagram";
import { TopologyEvaluation } from "../evaluation";
import { collectEntitlements } from "./collect";
import { renderHtml } from "./render-html";
import { renderMarkdown } from "./render-markdown";

export { collectEntitlements } from "./collect";
export type { AccessPath, Entitlement, EntitlementReport } from "./model";
export { renderHtml } from "./render-html";
export { renderMarkdown } from "./render-markdown";

/** Files writeAssurance writes into the output directory. */
export const ASSURANCE_FILES = ["entitlements.md", "entitlements.json", "entitlements.html", "sharing.svg"] as const;

/** Files of the output directory a project's docs keep a copy of, and the copy's name there. */
export const DOCS_COPIES: Readonly<Record<string, string>> = { "entitlements.md": "entitlements-sample.md", "sharing.svg": "sharing.svg" };

/**
 * Writes what a reviewer signs off, beside the JSON plan: the entitlement report as
 * Markdown, JSON and HTML, and the diagram of accounts and sharing paths as SVG.
 * @param docsDir also copy the Markdown report and the diagram here (see DOCS_COPIES)
 * @returns the files written
 */
export async function writeAssurance(evaluation: TopologyEvaluation, asOf: Date, dir: string, docsDir?: string): Promise<string[]> {
    const report = collectEntitlements(evaluation, asOf);
    const files: [(typeof ASSURANCE_FILES)[number], string][] = [
        ["entitlements.md", renderMarkdown(report)],
        ["entitlements.json", `${JSON.stringify(report, null, 2)}\n`],
        ["entitlements.html", renderHtml(report)],
        ["sharing.svg", await sharingSvg(evaluation, report)],
    ];
    const written = files.map(([name, text]) => write(path.join(dir, name), text));
    const copies =
        docsDir === undefined ? [] : files.filter(([name]) => name in DOCS_COPIES).map(([name, text]) => write(path.join(docsDir, DOCS_COPIES[name]), text));
    return [...written, ...copies];
}

function write(file: string, text: string): string {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
}
