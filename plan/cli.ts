import * as fs from "fs";
import * as path from "path";
import { ConfigError } from "../core/config-error";
import { evaluateTopology, messageOf } from "./evaluate";
import { writeAssurance } from "./entitlements";
import { buildPlan, renderPlan } from "./report";

const HELP = `Usage: npm run plan -- [options]

Evaluates every stack of the project in deploy order (external, producer, governance,
consumers) under Pulumi's mock runtime: no AWS account, Pulumi CLI or network needed.
Prints per account the resources by type, cross-account grants, references consumed and
expired consumers, and the pattern advice the topology goes against. Writes, in the
directory of --out: the plan (plan.json), the entitlement report of who can access what
through which path (entitlements.md, entitlements.json, entitlements.html) and a diagram
of the accounts and sharing paths (sharing.svg). Exits 1 on invalid config or a broken
reference.

Options:
  --dir <path>      project directory holding Pulumi.yaml        (default: .)
  --out <file>      where to write the JSON plan                  (default: out/plan.json)
  --as-of <date>    evaluate access end dates at this ISO instant (default: now)
  --help            show this help`;

interface Args {
    dir: string;
    out: string;
    asOf?: string;
}

function parseArgs(argv: string[]): Args | "help" {
    const args: Args = { dir: ".", out: path.join("out", "plan.json") };
    for (let i = 0; i < argv.length; i++) {
        const flag = argv[i];
        const value = () => {
            const v = argv[++i];
            if (v === undefined) throw new Error(`${flag} needs a value`);
            return v;
        };
        switch (flag) {
            case "--help":
            case "-h":
                return "help";
            case "--dir":
                args.dir = value();
                break;
            case "--out":
                args.out = value();
                break;
            case "--as-of":
                args.asOf = value();
                if (Number.isNaN(Date.parse(args.asOf))) throw new Error(`--as-of ${args.asOf} is not an ISO date`);
                break;
            default:
                throw new Error(`unknown option ${flag} (see --help)`);
        }
    }
    return args;
}

async function main(argv: string[]): Promise<number> {
    const args = parseArgs(argv);
    if (args === "help") {
        console.log(HELP);
        return 0;
    }
    const asOf = args.asOf ? new Date(args.asOf) : new Date();
    const evaluation = await evaluateTopology(path.resolve(args.dir), { accessAsOf: asOf.toISOString(), stackTraceLimit: 0 });
    const plan = buildPlan(evaluation, asOf);
    console.log(renderPlan(plan));
    fs.mkdirSync(path.dirname(args.out), { recursive: true });
    fs.writeFileSync(args.out, `${JSON.stringify(plan, null, 2)}\n`);
    console.log(`\nJSON plan written to ${args.out}`);
    const written = await writeAssurance(evaluation, asOf, path.dirname(args.out));
    console.log(`Entitlement report and diagram written to ${written.join(", ")}`);
    return plan.problems.length === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
        console.error(err instanceof ConfigError ? err.message : `plan failed: ${messageOf(err)}`);
        process.exit(1);
    },
);
