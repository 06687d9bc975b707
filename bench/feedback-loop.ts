import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { UsageError, readCommandLine } from "../plan/command-line";
import { runCommand } from "./command";
import { FeedbackReport, Measured, STEPS, Sample, Step, feedbackTable, renderFeedbackSection, withFeedbackSection } from "./feedback-report";

/** The last commit before issue 17 (fast feedback): what "before" means by default. */
export const BASELINE_REF = "c087faa";

const HELP = `Usage: npm run bench:feedback -- [--before <ref>] [--after <ref>] [--runs <n>] [--out <file>]

Times the README's commands as CI runs them (npm ci, npm run typecheck, npm run plan,
npm test) on a fresh clone of each commit, --runs times each, and writes the "feedback loop"
table with the min and max wall and CPU times into docs/benchmarks.md, leaving the rest of
the page alone. Measures commits, not uncommitted changes. Takes about 15 minutes on 2 cores
with the default refs (the "before" test suite alone takes about 3 minutes a run).

  --before  the commit to compare with (default ${BASELINE_REF}, before issue 17); "none" for no
            before column
  --after   the commit to measure (default HEAD)
  --runs    runs of each step (default 3)
  --out     the page to write the section into (default docs/benchmarks.md)`;

export interface Options {
    readonly before?: string;
    readonly after: string;
    readonly runs: number;
    readonly out: string;
}

/** Parses the command line; throws naming the flag, with the fix, on anything it does not understand. */
export function parseOptions(argv: readonly string[]): Options | "help" {
    const parsed = readCommandLine(argv, {
        before: { type: "string", default: BASELINE_REF },
        after: { type: "string", default: "HEAD" },
        runs: { type: "string", default: "3" },
        out: { type: "string", default: path.join("docs", "benchmarks.md") },
    });
    if (parsed === "help") return "help";
    const { values } = parsed;
    const runs = Number(values.runs);
    if (!Number.isInteger(runs) || runs < 1) throw new UsageError(`--runs must be a whole number from 1, not ${JSON.stringify(values.runs)}`);
    return { before: values.before === "none" ? undefined : values.before, after: values.after, runs, out: values.out };
}

/** User plus system CPU seconds of every child this process has waited for (Linux), or undefined. */
function childrenCpuSeconds(): number | undefined {
    try {
        // Fields after the command name: cutime and cstime are the 14th and 15th, in clock ticks.
        const fields = fs.readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
        return (Number(fields[13]) + Number(fields[14])) / 100;
    } catch {
        return undefined;
    }
}

/** Busy and total CPU seconds of the whole machine since boot (Linux), or undefined. */
function machineCpuSeconds(): { busy: number; total: number } | undefined {
    try {
        const [, ...ticks] = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).map(Number);
        const [user, nice, system, idle, iowait, irq, softirq, steal] = ticks;
        const busy = user + nice + system + irq + softirq + steal;
        return { busy: busy / 100, total: (busy + idle + iowait) / 100 };
    } catch {
        return undefined;
    }
}

function run(command: string, args: readonly string[], cwd: string, log: string): Sample {
    const cpuBefore = childrenCpuSeconds();
    const started = performance.now();
    const child = spawnSync(command, args, { cwd, encoding: "utf8", maxBuffer: 256 * 1024 * 1024, env: { ...process.env, CI: "true" } });
    const wallSeconds = (performance.now() - started) / 1000;
    const cpuAfter = childrenCpuSeconds();
    fs.appendFileSync(log, `$ ${command} ${args.join(" ")}\n${child.stdout ?? ""}${child.stderr ?? ""}\n`);
    if (child.status !== 0)
        throw new Error(`${command} ${args.join(" ")} failed in ${cwd} (exit ${child.status ?? child.error?.message}); its output is in ${log}`);
    return { wallSeconds, cpuSeconds: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore };
}

const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const ARGS: Record<Step, string[]> = {
    "npm ci": ["ci", "--no-audit", "--no-fund"],
    "npm run typecheck": ["run", "typecheck"],
    "npm run plan": ["run", "plan", "--", "--out", path.join("out", "plan.json")],
    "npm test": ["test"],
};

/** Clones the repository at `ref` into `dir` and times every step there. */
function measure(label: string, ref: string, repo: string, dir: string, runs: number, log: string): Measured {
    const git = (...args: string[]) => spawnSync("git", args, { cwd: repo, encoding: "utf8" });
    const commit = git("rev-parse", "--verify", `${ref}^{commit}`).stdout.trim();
    if (!commit) throw new Error(`${ref} is not a commit of ${repo}`);
    run("git", ["clone", "--quiet", "--no-checkout", repo, dir], repo, log);
    run("git", ["checkout", "--quiet", "--detach", commit], dir, log);
    const samples = {} as Record<Step, Sample[]>;
    let testSummary: string | undefined;
    for (const step of STEPS) {
        samples[step] = [];
        for (let i = 0; i < runs; i++) {
            const mark = fs.existsSync(log) ? fs.statSync(log).size : 0;
            samples[step].push(run(NPM, ARGS[step], dir, log));
            console.error(
                `${label} ${step} #${i + 1}: ${samples[step][i].wallSeconds.toFixed(1)} s wall, ${samples[step][i].cpuSeconds?.toFixed(1) ?? "?"} s CPU`,
            );
            if (step === "npm test") {
                const output = fs.readFileSync(log, "utf8").slice(mark);
                testSummary = /^\d+ passed, \d+ failed(, \d+ skipped)?$/m.exec(output)?.[0] ?? testSummary;
            }
        }
    }
    return { label, ref, commit, samples, testSummary };
}

function feedbackLoop(options: Options): number {
    const repo = path.resolve(__dirname, "..");
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "feedback-loop-"));
    const log = path.join(work, "output.log");
    console.error(`Cloning into ${work}; every command's output goes to ${log}`);
    const machineBefore = machineCpuSeconds();
    const columns: Measured[] = [];
    try {
        if (options.before) columns.push(measure("before", options.before, repo, path.join(work, "before"), options.runs, log));
        columns.push(measure("after", options.after, repo, path.join(work, "after"), options.runs, log));
    } catch (err) {
        // The clones stay, to look into what failed.
        console.error(`npm run bench:feedback: ${err instanceof Error ? err.message : String(err)}`);
        return 1;
    }
    const machineAfter = machineCpuSeconds();
    const ours = columns.flatMap((c) => STEPS.flatMap((s) => c.samples[s].map((x) => x.cpuSeconds ?? NaN))).reduce((a, b) => a + b, 0);
    const othersCpuShare =
        machineBefore && machineAfter && Number.isFinite(ours)
            ? (machineAfter.busy - machineBefore.busy - ours) / (machineAfter.total - machineBefore.total)
            : undefined;
    const npmVersion = spawnSync(NPM, ["--version"], { encoding: "utf8" }).stdout.trim();
    const report: FeedbackReport = {
        date: new Date().toISOString().slice(0, 10),
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model.trim() ?? "unknown",
        node: process.version,
        npm: npmVersion,
        othersCpuShare,
        columns,
    };
    console.log(feedbackTable(columns));
    const section = renderFeedbackSection(report);
    const doc = fs.existsSync(options.out) ? fs.readFileSync(options.out, "utf8") : "";
    fs.mkdirSync(path.dirname(options.out), { recursive: true });
    fs.writeFileSync(options.out, withFeedbackSection(doc, section));
    fs.rmSync(path.join(work, "before"), { recursive: true, force: true });
    fs.rmSync(path.join(work, "after"), { recursive: true, force: true });
    console.error(`Written to ${options.out}; every command's output is in ${log}`);
    return 0;
}

if (require.main === module) process.exit(runCommand("bench:feedback", HELP, parseOptions, process.argv.slice(2), feedbackLoop));
