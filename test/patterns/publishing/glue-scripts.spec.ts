import { strict as assert } from "assert";
import * as path from "path";
import { manifestKeyOf } from "../../../patterns/data-exchange/handlers/manifest";
import { MANIFESTS_FOLDER, MANIFEST_NAME, SNAPSHOT_COLUMN, manifestKey, snapshotPrefix } from "../../../components/published-datasets/snapshots";
import { PUBLISHING_SCRIPTS_DIR } from "../../../patterns/publishing/publishing";
import { PUBLISH_JOB_ARGUMENTS, PUBLISH_SCRIPT } from "../../../patterns/publishing/snapshot-publisher";
import { readJobArguments, readScriptConstant } from "../../support/glue-script";
import { assertPythonTestsPass, runPython } from "../../support/python";

const SCRIPT = path.join(PUBLISHING_SCRIPTS_DIR, PUBLISH_SCRIPT);
/** Fewer than this many means tests went missing (e.g. discovery found nothing). */
const MIN_PYTHON_TESTS = 15;

describe("publishing Glue script", () => {
    it("passes its Python unit tests", () => {
        assertPythonTestsPass("test/patterns/publishing/glue-scripts", MIN_PYTHON_TESTS);
    });

    it("takes exactly the job arguments the Pulumi program passes", () => {
        assert.deepEqual(readJobArguments(SCRIPT), ["JOB_NAME", ...PUBLISH_JOB_ARGUMENTS]);
    });

    it("names snapshots and manifests as the external account's readers expect them", () => {
        const code =
            "import sys, json; sys.path.insert(0, sys.argv[1]); import publish_snapshot as j; print(json.dumps([j.manifest_key('market_prices', '2026-11-20'), j.table_prefix('market_prices', 'daily_prices', '2026-11-20')]))";
        const run = runPython(["-c", code, path.dirname(SCRIPT)]);
        assert.equal(run.status, 0, run.stderr);
        const [manifest, prefix] = JSON.parse(run.stdout);
        assert.equal(manifest, manifestKey("market_prices", "2026-11-20"));
        assert.equal(manifest, manifestKeyOf("market_prices", "2026-11-20"), "the revision function's key");
        assert.equal(prefix, snapshotPrefix("market_prices", "daily_prices", "2026-11-20"));
        assert.equal(readScriptConstant(SCRIPT, "SNAPSHOT_COLUMN"), SNAPSHOT_COLUMN);
        assert.equal(readScriptConstant(SCRIPT, "MANIFESTS_FOLDER"), MANIFESTS_FOLDER);
        assert.equal(readScriptConstant(SCRIPT, "MANIFEST_NAME"), MANIFEST_NAME);
    });
});
