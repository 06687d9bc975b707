import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import { PROJECT_DIR } from "../../support/sample";

/** Fewer than this many means tests went missing (e.g. discovery found nothing). */
const MIN_PYTHON_TESTS = 13;

describe("option B's copy script (redshift_copy.py)", () => {
    it("passes its Python tests against an in-memory Redshift and Spark", () => {
        const run = spawnSync("python3", ["-m", "unittest", "discover", "-s", "test/patterns/redshift-datashare/copy-job", "-p", "test_*.py", "-v"], {
            cwd: PROJECT_DIR,
            encoding: "utf8",
            env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" },
        });
        const output = `--- stdout ---\n${run.stdout}\n--- stderr ---\n${run.stderr}`;
        assert.ifError(run.error);
        assert.equal(run.status, 0, `python3 -m unittest failed (exit ${run.status}):\n${output}`);
        const ran = /^Ran (\d+) tests? in /m.exec(`${run.stderr}\n${run.stdout}`);
        assert.ok(ran, `no "Ran N tests" summary:\n${output}`);
        assert.ok(Number(ran[1]) >= MIN_PYTHON_TESTS, `only ${ran[1]} Python tests ran, expected >= ${MIN_PYTHON_TESTS}:\n${output}`);
    });
});
