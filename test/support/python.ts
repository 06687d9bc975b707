import { strict as assert } from "assert";
import { SpawnSyncReturns, spawnSync } from "child_process";
import { PROJECT_DIR } from "./sample";

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

/**
 * Runs `python3 <args>` from the project's root, writing no `__pycache__` into the tree.
 * Values go in as argv, never spliced into the code.
 */
export function runPython(args: readonly string[]): SpawnSyncReturns<string> {
    return spawnSync(python3(), [...args], { cwd: PROJECT_DIR, encoding: "utf8", env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" } });
}

/**
 * Runs the `test_*.py` unit tests of one folder (relative to the project's root) and asserts
 * that they pass and that at least `minimum` of them ran: fewer means tests went missing
 * (discovery found nothing, or a file stopped importing its cases).
 */
export function assertPythonTestsPass(folder: string, minimum: number): void {
    const run = runPython(["-m", "unittest", "discover", "-s", folder, "-p", "test_*.py", "-v"]);
    const output = `--- stdout ---\n${run.stdout}\n--- stderr ---\n${run.stderr}`;
    assert.ifError(run.error);
    assert.equal(run.status, 0, `python3 -m unittest failed (exit ${run.status}):\n${output}`);
    // unittest prints its summary ("Ran N tests") on stderr.
    const ran = /^Ran (\d+) tests? in /m.exec(`${run.stderr}\n${run.stdout}`);
    assert.ok(ran, `no "Ran N tests" summary:\n${output}`);
    assert.ok(Number(ran[1]) >= minimum, `only ${ran[1]} Python tests ran, expected >= ${minimum}:\n${output}`);
}
