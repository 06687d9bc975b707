import { assertPythonTestsPass } from "../../support/python";

/** Fewer than this many means tests went missing (e.g. discovery found nothing). */
const MIN_PYTHON_TESTS = 13;

describe("option B's copy script (redshift_copy.py)", () => {
    it("passes its Python tests against an in-memory Redshift and Spark", () => {
        assertPythonTestsPass("test/patterns/redshift-datashare/copy-job", MIN_PYTHON_TESTS);
    });
});
