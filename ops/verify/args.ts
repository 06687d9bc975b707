import { DEFAULT_ACCOUNTS_FILE } from "../deploy/accounts-file";
import { asOfArg, readOpsCommandLine, stackList } from "../cli-args";

export const VERIFY_HELP = `Usage: npm run verify -- [options]

Reads the live state of every account you hold (Lake Formation permissions, LF-tags and
cells filters, RAM shares and invitations, bucket, access point and key policies, Redshift
datashares and their consumers, Data Exchange grants, API keys), maps it to the rows of the
entitlement report, and compares it with the plan: unexpected (live, not declared), missing
(declared, not live) and expired but live. Writes verify.md, verify.json and verify.html
beside the entitlement report. Exit code 1 on any unexpected or expired-but-live access, or
when an account you hold could not be read.

Credentials: the accounts file (default ${DEFAULT_ACCOUNTS_FILE}, as for npm run deploy)
gives each stack's credentials; from them verify assumes the stack's read-only verification
role (<namePrefix>-verification, which every stack creates), so it can change nothing.

Options:
  --stacks <a,b>      only these stacks' accounts                    (default: every held stack)
  --as-of <date>      evaluate end dates at this instant (ISO)        (default: now)
  --out <dir>         where the reports go                            (default: out)
  --accounts <file>   the accounts file                     (default: ${DEFAULT_ACCOUNTS_FILE})
  --direct            use the accounts file's credentials as they are, without assuming the
                      verification role (before the stacks have created it)
  --dir <path>        project directory holding Pulumi.yaml           (default: .)
  --help              show this help`;

export interface VerifyArgs {
    /** `--stacks`: only these stacks. @default every held stack */
    readonly stacks?: readonly string[];
    /** Instant end dates are evaluated at (ISO). @default now */
    readonly asOf?: string;
    /** Directory of the reports. @default "out" */
    readonly out: string;
    /** The accounts file; when given it must exist. @default deploy-accounts.yaml, if present */
    readonly accounts?: string;
    /** Use the credentials as they are instead of assuming the verification role. @default false */
    readonly direct: boolean;
    /** Project directory holding Pulumi.yaml. @default "." */
    readonly dir: string;
}

export function readVerifyArgs(argv: readonly string[]): VerifyArgs | "help" {
    const parsed = readOpsCommandLine(argv, {
        stacks: { type: "string" },
        "as-of": { type: "string" },
        out: { type: "string", default: "out" },
        accounts: { type: "string" },
        direct: { type: "boolean", default: false },
        dir: { type: "string", default: "." },
    });
    if (parsed === "help") return "help";
    const { values } = parsed;
    return {
        stacks: stackList(values.stacks),
        asOf: asOfArg(values["as-of"]),
        out: values.out,
        accounts: values.accounts,
        direct: values.direct,
        dir: values.dir,
    };
}
