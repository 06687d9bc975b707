import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readCommandLine } from "../plan/command-line";
import { evaluateTopology } from "../plan/evaluate";
import { BENCH_AS_OF } from "./model-grants";
import { parseSize, writeBenchProject } from "./topology";

/**
 * One benchmark case, run in its own process so its peak memory is its own:
 * `case.ts <C>x<T> <tags|names> <stackTraceLimit>` (as bench/run.ts starts it). Prints one
 * JSON line of measurements.
 */

const LAKE_FORMATION_GRANT = "aws:lakeformation/permissions:Permissions";

async function main(): Promise<void> {
    const parsed = readCommandLine(process.argv.slice(2), {}, { positionals: true });
    if (parsed === "help" || parsed.positionals.length !== 3)
        throw new Error("usage: case.ts <consumers>x<tables> <tags|names> <stackTraceLimit>; npm run bench runs it");
    const [sizeText, grantBy, limitText] = parsed.positionals;
    const size = parseSize(sizeText);
    if (grantBy !== "tags" && grantBy !== "names") throw new Error("grant model must be tags or names");
    const stackTraceLimit = Number(limitText);
    if (!Number.isInteger(stackTraceLimit) || stackTraceLimit < 0)
        throw new Error(`stackTraceLimit must be a whole number from 0, not ${JSON.stringify(limitText)}`);
    // A project of its own: the committed stack files configure the sample, not this topology.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "datasharing-bench-"));
    writeBenchProject(dir, size, grantBy);
    const started = process.hrtime.bigint();
    const evaluation = await evaluateTopology(dir, { accessAsOf: BENCH_AS_OF.toISOString(), stackTraceLimit });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    fs.rmSync(dir, { recursive: true, force: true });
    const errors = evaluation.stacks.flatMap((s) => s.errors.map((e) => `${s.stack}: ${e}`));
    const resources = evaluation.stacks.map((s) => s.resources.filter((r) => r.custom).length);
    const grants = evaluation.stacks.reduce((n, s) => n + s.resources.filter((r) => r.type === LAKE_FORMATION_GRANT).length, 0);
    const fingerprint = evaluation.stacks
        .flatMap((s) => s.resources.map((r) => `${s.stack}|${r.type}|${r.name}|${JSON.stringify(r.inputs, (k, v) => (k === "__provider" ? undefined : v))}`))
        .sort()
        .join("\n");
    console.log(
        JSON.stringify({
            size: sizeText,
            grantBy,
            stackTraceLimit,
            seconds,
            peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
            stacks: evaluation.stacks.length,
            resources: resources.reduce((a, b) => a + b, 0),
            maxResourcesPerStack: Math.max(...resources),
            lakeFormationGrants: grants,
            fingerprint: createHash("sha256").update(fingerprint).digest("hex").slice(0, 16),
            errors: errors.slice(0, 3),
        }),
    );
}

main().then(
    () => process.exit(0),
    (err) => {
        console.error(err instanceof Error ? err.message : String(err));
        process.exit(1);
    },
);
