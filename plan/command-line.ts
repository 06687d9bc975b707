import { ParseArgsConfig, parseArgs } from "util";
import { isoInstantProblem } from "../core/iso-instant";
import { messageOf } from "../core/message-of";

/**
 * How every command of the project (plan, advise, bench, deploy, handoff, verify) reads its
 * command line: `node:util` `parseArgs`, strict, with --help, and the same words for the same
 * mistake. Here, the lowest layer with commands, so the plan, the benchmark and ops share it.
 */

/** A command line the command cannot act on: printed as is, with exit code 2, before anything runs. */
export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

/** The error a command throws for bad usage (ops have their own class; see ops/cli-args.ts). */
export type UsageErrorClass = new (message: string) => Error;

type Options = NonNullable<ParseArgsConfig["options"]>;

const HELP_OPTION = { help: { type: "boolean", short: "h", default: false } } as const;

/**
 * Parses `argv` strictly against `options` (plus --help and -h): "help" when asked for it,
 * else the values and the positionals. A flag it does not know, one missing its value, or a
 * positional where `positionals` is false is a usage error naming it and pointing to --help.
 */
export function readCommandLine<const O extends Options>(argv: readonly string[], options: O, how: { positionals?: boolean; error?: UsageErrorClass } = {}) {
    let parsed;
    try {
        parsed = parseArgs({ args: [...argv], options: { ...options, ...HELP_OPTION }, strict: true, allowPositionals: how.positionals ?? false });
    } catch (err) {
        throw new (how.error ?? UsageError)(`${messageOf(err)}; see --help`);
    }
    // The values' type is resolved at each call, where the options are known.
    return (parsed.values as { help?: boolean }).help ? "help" : parsed;
}

/** `--as-of` as given, once it is an unambiguous ISO date or timestamp (Date.parse takes "1" or "June 30"). */
export function asOfOption(value: string | undefined, error: UsageErrorClass = UsageError): string | undefined {
    const problem = value === undefined ? undefined : isoInstantProblem(value);
    if (problem) throw new error(`--as-of: ${problem}`);
    return value;
}
