import { strict as assert } from "assert";
import * as path from "path";
import { SHARED_GLUE_MODULE } from "../../../components/secure-lake/etl";
import { CLEAN_CARDS, CLEAN_SALES, LakeTable } from "../../../components/secure-lake/tables";
import { readJobArguments, readScriptConstant } from "../../support/glue-script";
import { assertPythonTestsPass, runPython } from "../../support/python";
import { PROJECT_DIR } from "../../support/sample";

const SCRIPTS_DIR = path.join(PROJECT_DIR, "components", "secure-lake", "glue-scripts");
const SCRIPTS: { script: string; table: LakeTable }[] = [
    { script: "clean_cards_data.py", table: CLEAN_CARDS },
    { script: "clean_sales_data.py", table: CLEAN_SALES },
];
const EXPECTED_ARGUMENTS = ["JOB_NAME", "database_name", "source_table", "output_s3_bucket_name", "output_prefix"];
/** Fewer than this many means tests went missing (e.g. discovery found nothing). */
const MIN_PYTHON_TESTS = 30;

describe("secure-lake Glue scripts", () => {
    it("pass their Python unit tests", () => {
        assertPythonTestsPass("test/components/secure-lake/glue-scripts", MIN_PYTHON_TESTS);
    });

    it("take exactly the job arguments the Pulumi program passes", () => {
        for (const { script } of SCRIPTS) {
            assert.deepEqual(readJobArguments(path.join(SCRIPTS_DIR, script)), EXPECTED_ARGUMENTS, script);
        }
    });

    it("write exactly the columns of their clean table, in order and with its types", () => {
        for (const { script, table } of SCRIPTS) {
            const columns = readScriptConstant(path.join(SCRIPTS_DIR, script), "OUTPUT_COLUMNS");
            assert.deepEqual(
                columns,
                table.columns.map((c) => [c.name, c.type]),
                `${script} vs ${table.name}`,
            );
        }
    });

    it("import the shared masking_job.py, which python3 imports with awsglue and pyspark blocked", () => {
        // A finder that refuses awsglue/pyspark, so the check holds even where they are installed.
        const code = [
            "import importlib, importlib.abc, json, sys",
            "class Block(importlib.abc.MetaPathFinder):",
            "    def find_spec(self, name, path=None, target=None):",
            "        if name.split('.')[0] in ('awsglue', 'pyspark'):",
            "            raise ImportError('blocked: ' + name)",
            "sys.meta_path.insert(0, Block())",
            "sys.path.insert(0, sys.argv[1])",
            "modules = [importlib.import_module(m) for m in sys.argv[2:]]",
            "sys.stdout.write(json.dumps([m.JOB_ARGUMENTS for m in modules]))",
        ].join("\n");
        const modules = [SHARED_GLUE_MODULE, ...SCRIPTS.map((s) => s.script)].map((file) => path.basename(file, ".py"));
        const run = runPython(["-c", code, SCRIPTS_DIR, ...modules]);
        assert.ifError(run.error);
        assert.equal(run.status, 0, `python3 could not import ${modules.join(", ")}:\n${run.stderr}`);
        assert.deepEqual(
            JSON.parse(run.stdout),
            modules.map(() => EXPECTED_ARGUMENTS),
        );
    });

    it("readJobArguments reports python's error for a script that cannot be read", () => {
        assert.throws(() => readJobArguments(path.join(SCRIPTS_DIR, "no_such_job.py")), /No module named 'no_such_job'/);
    });
});
