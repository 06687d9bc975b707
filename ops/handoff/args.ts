import * as path from "path";
import { DEFAULT_ACCOUNTS_FILE } from "../deploy/accounts-file";
import { asOfArg, readOpsCommandLine } from "../cli-args";
import { UsageError } from "../deploy/usage-error";

export const HANDOFF_HELP = `Usage: npm run handoff -- <consumer> [options]

Writes a folder for a consumer that deploys its own stack: its Pulumi.<stack>.yaml with the
literal outputs it reads from the producer's stacks (datasharing:references, so it needs no
access to their state), the project's Pulumi.yaml, the commands to run, and its rows of the
entitlement report, so both sides sign off the same thing.

The outputs come from the deployed stacks (through the Automation API, with the credentials
of the accounts file) or, offline, from the plan's evaluation: placeholders to review,
never to deploy with. The folder says which.

Options:
  --from <auto|stacks|plan>  where the outputs come from; auto tries the deployed stacks and
                             falls back to the plan, saying so                (default: auto)
  --out <dir>                the folder, emptied first      (default: out/handoff/<consumer>)
  --as-of <date>             evaluate the entitlements at this instant (ISO)  (default: now)
  --accounts <file>          credentials for reading the stacks (default: ${DEFAULT_ACCOUNTS_FILE})
  --dir <path>               project directory holding Pulumi.yaml            (default: .)
  --help                     show this help`;

export interface HandoffArgs {
    /** The consumer, by name or by its stack's name. */
    readonly consumer: string;
    /** Where the referenced outputs come from. @default "auto" */
    readonly from: "auto" | "stacks" | "plan";
    /** The bundle's folder, emptied first. @default out/handoff/<consumer> */
    readonly out: string;
    /** Instant the entitlements are evaluated at (ISO). @default now */
    readonly asOf?: string;
    /** Accounts file with the credentials to read the stacks; when given it must exist. @default deploy-accounts.yaml, if present */
    readonly accounts?: string;
    /** Project directory holding Pulumi.yaml. @default "." */
    readonly dir: string;
}

export function readHandoffArgs(argv: readonly string[]): HandoffArgs | "help" {
    const parsed = readOpsCommandLine(
        argv,
        {
            from: { type: "string", default: "auto" },
            out: { type: "string" },
            "as-of": { type: "string" },
            accounts: { type: "string" },
            dir: { type: "string", default: "." },
        },
        true,
    );
    if (parsed === "help") return "help";
    const { values, positionals } = parsed;
    if (positionals.length !== 1) throw new UsageError("name one consumer, e.g. npm run handoff -- auditor");
    const from = values.from;
    if (from !== "auto" && from !== "stacks" && from !== "plan") throw new UsageError(`--from: "${from}" is not auto, stacks or plan`);
    const consumer = positionals[0];
    return {
        consumer,
        from,
        out: values.out ?? path.join("out", "handoff", consumer),
        asOf: asOfArg(values["as-of"]),
        accounts: values.accounts,
        dir: values.dir,
    };
}
