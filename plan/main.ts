import * as fs from "fs";
import * as path from "path";
import { ConfigError } from "../core/config-error";
import { messageOf } from "../core/message-of";
import { evaluateTopology } from "./evaluate";
import { ASSURANCE_FILES, writeAssurance } from "./entitlements";
import { isoInstant } from "../core/iso-instant";
import { UsageError, asOfOption, readCommandLine } from "./command-line";
import { buildPlan, renderPlan } from "./report";
import { PREFLIGHT_RULES } from "./preflight";
import { PREFLIGHT_DOCS, renderPreflightDocs } from "./preflight/docs";

/** What the command prints: the plan on `out`, a refusal on `err`. */
export interface PlanOutput {
    out(text: string): void;
    err(text: string): void;
}

const CONSOLE: PlanOutput = { out: (t) => console.log(t), err: (t) => console.error(t) };

const HELP = `Usage: npm run plan -- [options]

Evaluates every stack of the project in deploy order (external, producer, governance,
consumers) under Pulumi's mock runtime: no AWS account, Pulumi CLI or network needed.
Prints per account the resources by type, cross-account grants, references consumed and
expired consumers, and the pattern advice the topology goes against (warnings, not
errors). Runs the preflight: AWS's deploy-time rules over every stack (docs/preflight.md).
Exits 1 on invalid config, a broken reference or a preflight error. Files of an earlier
run are removed first; a plan with problems writes no entitlement report.

Files written, in the directory of --out (default out/):
  plan.json           what is printed, as JSON (the advice under "warnings")
  entitlements.md     who can access what, through which path: one table per consumer
  entitlements.json   the same rows, for tools
  entitlements.html   the same, as a self-contained page to open in a browser
  sharing.svg         the accounts, their stacks and every sharing path between them

Options:
  --dir <path>      project directory holding Pulumi.yaml        (default: .)
  --out <file>      where to write the JSON plan                  (default: out/plan.json)
  --as-of <date>    evaluate access end dates at this instant: an ISO date (its start,
                    UTC) or a timestamp with a zone (default: now)
  --docs            also refresh the committed copies <dir>/docs/entitlements-sample.md
                    and <dir>/docs/sharing.svg, and the rule list <dir>/docs/preflight.md
  --help            show this help`;

interface Args {
    dir: string;
    out: string;
    asOf?: string;
    /** Refresh the copies of the report and diagram under the project's docs/. */
    docs: boolean;
}

function readArgs(argv: string[]): Args | "help" {
    const parsed = readCommandLine(argv, {
        dir: { type: "string", default: "." },
        out: { type: "string", default: path.join("out", "plan.json") },
        "as-of": { type: "string" },
        docs: { type: "boolean", default: false },
    });
    if (parsed === "help") return "help";
    const { values } = parsed;
    return { dir: values.dir, out: values.out, asOf: asOfOption(values["as-of"]), docs: values.docs };
}

/**
 * `npm run plan`: evaluates the project, prints the plan and writes its files.
 * @returns the exit code: 0, or 1 on a bad command line, an invalid configuration, a plan with problems or a preflight error
 */
export async function runPlan(argv: string[], output: PlanOutput = CONSOLE): Promise<number> {
    try {
        return await planCommand(argv, output);
    } catch (err) {
        output.err(err instanceof ConfigError || err instanceof UsageError ? err.message : `plan failed: ${messageOf(err)}`);
        return 1;
    }
}

async function planCommand(argv: string[], output: PlanOutput): Promise<number> {
    const args = readArgs(argv);
    if (args === "help") {
        output.out(HELP);
        return 0;
    }
    const outDir = path.dirname(args.out);
    // A failed run must not leave the last good run's files behind, for someone to sign off on.
    for (const file of [args.out, ...ASSURANCE_FILES.map((f) => path.join(outDir, f))]) fs.rmSync(file, { force: true });
    const asOf = args.asOf ? isoInstant(args.asOf) : new Date();
    // Nothing runs the providers' code under the mocks: it is left out (EvaluateOptions.providerCode).
    const evaluation = await evaluateTopology(path.resolve(args.dir), { accessAsOf: asOf.toISOString(), stackTraceLimit: 0, providerCode: false });
    const plan = buildPlan(evaluation, asOf);
    output.out(renderPlan(plan));
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(args.out, `${JSON.stringify(plan, null, 2)}\n`);
    output.out(`\nJSON plan written to ${args.out}`);
    if (plan.problems.length > 0) {
        output.out("Entitlement report and diagram not written: stacks that failed register nothing, so they would understate who gets what.");
        return 1;
    }
    const docsDir = args.docs ? path.join(args.dir, "docs") : undefined;
    const written = await writeAssurance(evaluation, asOf, outDir, docsDir);
    if (docsDir) written.push(writePreflightDocs(docsDir));
    output.out(`Entitlement report and diagram written to ${written.join(", ")}`);
    return plan.preflight.errors.length === 0 ? 0 : 1;
}

function writePreflightDocs(docsDir: string): string {
    const file = path.join(docsDir, PREFLIGHT_DOCS);
    fs.writeFileSync(file, renderPreflightDocs(PREFLIGHT_RULES));
    return file;
}
