import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { UsageError, readCommandLine } from "../plan/command-line";
import { runCommand } from "./command";
import { modelGrants } from "./model-grants";
import { feedbackSectionOf, withFeedbackSection } from "./feedback-report";
import { BenchReport, CaseResult, ReportRow, TABLE_HEADER, renderReport, tableRow } from "./report";
import { GrantBy, parseSize } from "./topology";

const DEFAULT_SIZES = "1x10,10x100,100x1000";

const HELP = `Usage: npm run bench -- [--sizes 1x10,10x100,100x1000] [--timeout <s>] [--heap <MB>] [--out docs/benchmarks.md]

Generates topologies of C consumers x T tables shared through Lake Formation (patterns 2
and 3), evaluates every stack under the mock runtime in a child process per case (so peak
memory is the case's own), with LF-tag grants and with one named grant per table, and
writes a Markdown table: docs/benchmarks.md for the default sizes, out/benchmarks.md for
others, unless --out says otherwise. The largest size is evaluated once more with
Error.stackTraceLimit 10, to compare with 0.

  --sizes    comma-separated <consumers>x<tables> (default 1x10,10x100,100x1000)
  --timeout  seconds a case may take before it is reported as unfinished (default 1200)
  --heap     V8 heap limit of each case, in MB (default 8192)
  --out      where to write the Markdown (default docs/benchmarks.md with the default
             sizes, out/benchmarks.md with others)`;

interface Options {
    readonly sizes: string[];
    readonly timeout: number;
    readonly heap: number;
    readonly out: string;
}

/** Parses the command line; throws naming the flag, with the fix, on anything it does not understand. */
export function parseOptions(argv: readonly string[]): Options | "help" {
    const parsed = readCommandLine(argv, {
        sizes: { type: "string", default: DEFAULT_SIZES },
        timeout: { type: "string", default: "1200" },
        heap: { type: "string", default: "8192" },
        out: { type: "string" },
    });
    if (parsed === "help") return "help";
    const { values } = parsed;
    const sizes = values.sizes.split(",").map((s) => s.trim());
    sizes.forEach(parseSize);
    const number = (flag: "timeout" | "heap") => {
        const n = Number(values[flag]);
        if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${flag} must be a positive number, not ${JSON.stringify(values[flag])}`);
        return n;
    };
    // Only the full run replaces the committed table; a partial one goes beside the plan.
    const out = values.out ?? (sizes.join(",") === DEFAULT_SIZES ? path.join("docs", "benchmarks.md") : path.join("out", "benchmarks.md"));
    return { sizes, timeout: number("timeout"), heap: number("heap"), out };
}

function runCase(size: string, grantBy: GrantBy, stackTraceLimit: number, options: Options): CaseResult {
    const child = spawnSync(
        process.execPath,
        [
            `--max-old-space-size=${options.heap}`,
            "-r",
            "ts-node/register/transpile-only",
            path.join(__dirname, "case.ts"),
            size,
            grantBy,
            String(stackTraceLimit),
        ],
        {
            encoding: "utf8",
            timeout: options.timeout * 1000,
            maxBuffer: 16 * 1024 * 1024,
        },
    );
    const line = (child.stdout ?? "").trim().split("\n").pop() ?? "";
    if (child.status === 0 && line.startsWith("{")) return JSON.parse(line);
    const why = child.error
        ? `did not finish in ${options.timeout} s`
        : /heap out of memory/.test(child.stderr ?? "")
          ? `ran out of its ${(options.heap / 1024).toFixed(0)} GB heap`
          : `failed: ${(child.stderr ?? "").trim().split("\n").pop()}`;
    return { size, grantBy, stackTraceLimit, failed: why };
}

function bench(options: Options): number {
    const started = Date.now();
    const rows: ReportRow[] = [];
    console.error(TABLE_HEADER.join("\n"));
    for (const text of options.sizes) {
        const size = parseSize(text);
        for (const grantBy of ["tags", "names"] as const) {
            const result = runCase(text, grantBy, 0, options);
            const row: ReportRow = { size, result, modelGrants: result.lakeFormationGrants === undefined ? modelGrants(size, grantBy) : undefined };
            rows.push(row);
            console.error(tableRow(row));
        }
    }
    const largest = options.sizes[options.sizes.length - 1];
    const untraced = rows.find((r) => r.result.size === largest && r.result.grantBy === "tags")!.result;
    const traced = runCase(largest, "tags", 10, options);
    const report: BenchReport = {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model.trim() ?? "unknown",
        node: process.version,
        date: new Date().toISOString().slice(0, 10),
        totalSeconds: (Date.now() - started) / 1000,
        heapMb: options.heap,
        rows,
        traced: { untraced, traced },
    };
    // The page also holds npm run bench:feedback's section, which this run does not measure.
    const kept = fs.existsSync(options.out) ? feedbackSectionOf(fs.readFileSync(options.out, "utf8")) : undefined;
    const doc = kept ? withFeedbackSection(renderReport(report), kept) : renderReport(report);
    fs.mkdirSync(path.dirname(options.out), { recursive: true });
    fs.writeFileSync(options.out, doc);
    console.log(doc);
    console.error(`Written to ${options.out}`);
    return 0;
}

if (require.main === module) process.exit(runCommand("bench", HELP, parseOptions, process.argv.slice(2), bench));
