import { ParseArgsConfig } from "util";
import { asOfOption, readCommandLine } from "../plan/command-line";
import { UsageError } from "./deploy/usage-error";

/**
 * The operations' command lines (deploy, handoff, verify): plan/command-line.ts's reader,
 * throwing the operations' UsageError, and the options more than one operation takes.
 */

/** readCommandLine (plan/command-line.ts) with the operations' UsageError. */
export function readOpsCommandLine<const O extends NonNullable<ParseArgsConfig["options"]>>(argv: readonly string[], options: O, positionals = false) {
    return readCommandLine(argv, options, { positionals, error: UsageError });
}

/** `--stacks a,b` as stack names, each once; undefined when not given. */
export function stackList(value: string | undefined): string[] | undefined {
    if (value === undefined) return undefined;
    const stacks = value.split(",").map((s) => s.trim());
    if (stacks.some((s) => s === "")) throw new UsageError("--stacks: give stack names separated by commas, e.g. --stacks producer,governance");
    return [...new Set(stacks)];
}

/** `--as-of`, once it is an unambiguous ISO date or timestamp. */
export const asOfArg = (value: string | undefined): string | undefined => asOfOption(value, UsageError);
