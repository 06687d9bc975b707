import { spawnSync } from "child_process";

let interpreter: string | undefined;

/**
 * The executable of `python3`, asked once per test process. A version manager's `python3`
 * on the PATH is a shell script (pyenv's shim costs about 0.35 s of CPU a call, against 0.1 s
 * for Python itself), and the suite starts Python about twenty times; the interpreter it
 * leads to is the same. Falls back to `python3`, so a missing Python still fails where
 * it is used, with that test's own message.
 */
export function python3(): string {
    if (interpreter === undefined) {
        const run = spawnSync("python3", ["-c", "import sys; sys.stdout.write(sys.executable)"], { encoding: "utf8" });
        interpreter = run.status === 0 && run.stdout ? run.stdout : "python3";
    }
    return interpreter;
}
