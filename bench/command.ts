import { messageOf } from "../core/message-of";

/**
 * Runs one of the benchmark's commands (npm run bench, bench:feedback): prints `help` when
 * asked for it (exit 0), or what is wrong with the command line as `npm run <script>: <why>`
 * (exit 2); else returns what `run` returns.
 */
export function runCommand<T>(
    script: string,
    help: string,
    read: (argv: readonly string[]) => T | "help",
    argv: readonly string[],
    run: (options: T) => number,
): number {
    let options: T | "help";
    try {
        options = read(argv);
    } catch (err) {
        console.error(`npm run ${script}: ${messageOf(err)}`);
        return 2;
    }
    if (options === "help") {
        console.log(help);
        return 0;
    }
    return run(options);
}
