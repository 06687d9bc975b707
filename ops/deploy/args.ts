import { DEFAULT_ACCOUNTS_FILE } from "./accounts-file";
import { OPERATIONS, Operation, isOperation } from "./operation";
import { readOpsCommandLine, stackList } from "../cli-args";
import { UsageError } from "./usage-error";

export const DEPLOY_HELP = `Usage: npm run deploy -- <${OPERATIONS.join("|")}> [options]

Runs one Pulumi operation over the stacks of the accounts you hold, through Pulumi's
Automation API: in the topology's deploy order (external, producer, governance, then the
consumers side by side), destroy in reverse, each stack with its own account's credentials.
Stops at the first failed stack and ends with a summary of every stack and what did not run.
Needs the Pulumi CLI, logged in to the stacks' backend.

Which stacks, and whose credentials: the accounts file (default ${DEFAULT_ACCOUNTS_FILE},
git-ignored, see deploy-accounts.example.yaml) lists the stacks you hold, each with an AWS
profile or a role to assume; without the file, every stack runs with the environment's
credentials. Stacks you do not hold are skipped, with a note.

Options:
  --stacks <a,b>        only these stacks (names as in Pulumi.<stack>.yaml)
  --parallel <n>        stacks running at once, when none waits for another   (default: 4)
  --dry-run             print the sequence and each stack's credentials; call nothing
  --accounts <file>     the accounts file                       (default: ${DEFAULT_ACCOUNTS_FILE})
  --dir <path>          project directory holding Pulumi.yaml   (default: .)
  --remote              run each stack on Pulumi Deployments instead of this machine
  --remote-repo <url>   repository Pulumi Deployments clones    (default: git remote origin)
  --remote-branch <b>   branch it checks out                    (default: the current branch)
  --help                show this help`;

export interface DeployArgs {
    /** The Pulumi operation run on every stack. */
    readonly operation: Operation;
    /** `--stacks`: only these stacks. @default every held stack */
    readonly stacks?: readonly string[];
    /** Stacks running at once. @default 4 */
    readonly parallel: number;
    /** Print the sequence and call nothing. @default false */
    readonly dryRun: boolean;
    /** Project directory holding Pulumi.yaml. @default "." */
    readonly dir: string;
    /** The accounts file; when given it must exist. @default deploy-accounts.yaml, if present */
    readonly accounts?: string;
    /** Run on Pulumi Deployments, from this repository and branch. @default this machine */
    readonly remote?: { readonly repo?: string; readonly branch?: string };
}

export function readDeployArgs(argv: readonly string[]): DeployArgs | "help" {
    const parsed = readOpsCommandLine(
        argv,
        {
            stacks: { type: "string" },
            parallel: { type: "string", default: "4" },
            "dry-run": { type: "boolean", default: false },
            accounts: { type: "string" },
            dir: { type: "string", default: "." },
            remote: { type: "boolean", default: false },
            "remote-repo": { type: "string" },
            "remote-branch": { type: "string" },
        },
        true,
    );
    if (parsed === "help") return "help";
    const { values, positionals } = parsed;
    const [operation, ...extra] = positionals;
    if (operation === undefined || !isOperation(operation)) {
        throw new UsageError(
            `${operation === undefined ? "no operation" : `"${operation}" is not an operation`}: give one of ${OPERATIONS.join(", ")}, e.g. npm run deploy -- preview`,
        );
    }
    if (extra.length > 0) throw new UsageError(`unexpected ${extra.join(" ")}: name stacks with --stacks a,b`);
    const parallel = Number(values.parallel);
    if (!Number.isInteger(parallel) || parallel < 1) throw new UsageError(`--parallel: "${values.parallel}" is not a whole number of at least 1`);
    if (!values.remote && (values["remote-repo"] || values["remote-branch"]))
        throw new UsageError("--remote-repo and --remote-branch apply only with --remote");
    return {
        operation,
        stacks: stackList(values.stacks),
        parallel,
        dryRun: values["dry-run"],
        dir: values.dir,
        accounts: values.accounts,
        remote: values.remote ? { repo: values["remote-repo"], branch: values["remote-branch"] } : undefined,
    };
}
