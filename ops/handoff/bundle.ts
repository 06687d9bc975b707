import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";

export const MANIFEST = "handoff.json";

/**
 * Writes a hand-off folder from scratch (a file left from an earlier hand-off must not be
 * signed off by mistake), then `handoff.json`: the facts given and each file's SHA-256.
 * @returns the files written
 */
export function writeBundle(dir: string, files: Readonly<Record<string, string>>, facts: Record<string, unknown>): string[] {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const sums: Record<string, string> = {};
    for (const [name, text] of Object.entries(files)) {
        fs.writeFileSync(path.join(dir, name), text);
        sums[name] = createHash("sha256").update(text).digest("hex");
    }
    fs.writeFileSync(path.join(dir, MANIFEST), `${JSON.stringify({ ...facts, sha256: sums }, null, 2)}\n`);
    return [...Object.keys(files), MANIFEST].map((f) => path.join(dir, f));
}
