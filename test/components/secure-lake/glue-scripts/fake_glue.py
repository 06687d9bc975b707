"""Test support for the Glue scripts of components/secure-lake/glue-scripts, without PySpark.

Puts the scripts' folder on ``sys.path`` (as Glue does with ``--extra-py-files`` for
``masking_job``) and provides small in-memory fakes of the ``awsglue``/``pyspark``
modules ``masking_job.run()`` imports, which record the calls it makes to Glue.
"""

import os
import re
import subprocess
import sys
import types
from decimal import Decimal
from unittest import mock

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", "..", ".."))
SCRIPTS = os.path.join(REPO, "components", "secure-lake", "glue-scripts")
if SCRIPTS not in sys.path:
    sys.path.insert(0, SCRIPTS)

EXPECTED_ARGUMENTS = ["JOB_NAME", "database_name", "source_table", "output_s3_bucket_name", "output_prefix"]

# The calls a successful job makes, in order.
SUCCESSFUL_RUN = ["init", "read", "write", "commit"]


def glue_modules_loaded_by_import(module):
    """The ``awsglue``/``pyspark`` modules a fresh python3 has loaded after importing
    ``module`` from the scripts' folder (a subprocess, so this process's fakes and
    imports do not mask a stray top-level import)."""
    code = ("import sys; sys.path.insert(0, %r); import %s; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('awsglue', 'pyspark')))") % (SCRIPTS, module)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


_CAST = re.compile(r"CAST\((?:`(\w+)`|NULL) AS ([\w(),]+)\) AS `(\w+)`")


class FakeDataFrame:
    def __init__(self, rows, columns):
        self.rows, self.columns = rows, columns

    def selectExpr(self, *exprs):
        parsed = [_CAST.fullmatch(e).groups() for e in exprs]
        rows = [{target: _cast(row.get(source) if source else None, type_) for source, type_, target in parsed}
                for row in self.rows]
        return FakeDataFrame(rows, [target for _, _, target in parsed])


def _cast(value, type_):
    if value is None:
        return None
    if type_ == "int":
        return int(value)
    if type_.startswith("decimal("):
        return Decimal(str(value)).quantize(Decimal("0.01"))
    assert type_ == "string", type_
    return str(value)


class FakeDynamicFrame:
    def __init__(self, rows, errors=0):
        self.rows, self.errors = rows, errors

    def map(self, f, transformation_ctx=""):
        out, errors = [], 0
        for row in self.rows:
            try:
                out.append(f(dict(row)))
            except Exception:  # Glue counts the record as an error and carries on
                errors += 1
        return FakeDynamicFrame(out, errors)

    def stageErrorsCount(self):
        return self.errors

    def toDF(self):
        # Like Spark's schema inference: a field null in every record is no column.
        columns = []
        for row in self.rows:
            columns += [k for k, v in row.items() if v is not None and k not in columns]
        return FakeDataFrame(self.rows, columns)

    @classmethod
    def fromDF(cls, df, glue_ctx, name):
        return cls(df.rows)


class FakeGlue:
    """Fake Glue over ``rows`` (the source table's records). ``run()`` runs a job's
    ``main`` against it; ``calls`` then lists what the job did, in order."""

    def __init__(self, rows):
        self.calls, self.rows = [], rows
        glue = self

        class GlueContext:
            def __init__(self, sc):
                self.create_dynamic_frame = types.SimpleNamespace(from_catalog=self.from_catalog)
                self.write_dynamic_frame = types.SimpleNamespace(from_options=self.from_options)

            def from_catalog(self, **kw):
                glue.calls.append(("read", kw))
                return FakeDynamicFrame(glue.rows)

            def from_options(self, **kw):
                glue.calls.append(("write", kw))

        class Job:
            def __init__(self, ctx):
                pass

            def init(self, name, args):
                glue.calls.append(("init", name, dict(args)))

            def commit(self):
                glue.calls.append(("commit",))

        def getResolvedOptions(argv, names):
            pairs = dict(zip(argv[1::2], argv[2::2]))
            return {n: pairs["--" + n] for n in names}

        spark_context = types.SimpleNamespace(getOrCreate=lambda: object())
        self.modules = {
            "awsglue": types.ModuleType("awsglue"),
            "awsglue.context": types.SimpleNamespace(GlueContext=GlueContext),
            "awsglue.job": types.SimpleNamespace(Job=Job),
            "awsglue.utils": types.SimpleNamespace(getResolvedOptions=getResolvedOptions),
            "awsglue.dynamicframe": types.SimpleNamespace(DynamicFrame=FakeDynamicFrame),
            "pyspark": types.ModuleType("pyspark"),
            "pyspark.context": types.SimpleNamespace(SparkContext=spark_context),
        }

    def run(self, main, job_name, source_table, output_prefix, bucket="lake-bucket", database="db1"):
        """Run ``main()`` as Glue would start job ``job_name`` with these arguments."""
        argv = ["%s.py" % job_name, "--JOB_NAME", job_name, "--database_name", database, "--source_table", source_table,
                "--output_s3_bucket_name", bucket, "--output_prefix", output_prefix]
        with mock.patch.dict(sys.modules, self.modules), mock.patch.object(sys, "argv", argv):
            main()

    def steps(self):
        """The kinds of call made, e.g. ``SUCCESSFUL_RUN``."""
        return [c[0] for c in self.calls]

    def call(self, kind):
        """The arguments of the one call of ``kind``: the job name for "init", the keyword
        arguments for "read" and "write"."""
        (call,) = [c for c in self.calls if c[0] == kind]
        return call[1]

    def written(self):
        """The rows of the frame the job wrote."""
        return self.call("write")["frame"].rows


class ScriptTests:
    """Checks every masking job script must pass, and ``run_main()`` for its end-to-end
    tests. Mix into a ``unittest.TestCase`` (not one itself, so it is not run alone) and
    set ``script`` (the imported module), ``clean_columns``, ``source_table`` and
    ``output_prefix``."""

    script = None
    clean_columns = ()
    source_table = ""
    output_prefix = ""

    def test_job_arguments_are_the_shared_ones(self):
        import masking_job

        # The Pulumi tests read JOB_ARGUMENTS from the script, so it must stay the shared list.
        self.assertIs(self.script.JOB_ARGUMENTS, masking_job.JOB_ARGUMENTS)
        self.assertEqual(self.script.JOB_ARGUMENTS, EXPECTED_ARGUMENTS)

    def test_output_columns_are_the_clean_table(self):
        self.assertEqual([name for name, _ in self.script.OUTPUT_COLUMNS], list(self.clean_columns))

    def test_import_does_not_load_glue_or_spark(self):
        self.assertEqual(glue_modules_loaded_by_import(self.script.__name__), "[]")

    def run_main(self, rows):
        """Run the script's ``main()`` over ``rows`` (the fake stays in ``self.glue`` for a
        run that raises); check that it read its source table and wrote exactly the clean
        columns of each row to its output folder, and return the written rows."""
        self.glue = FakeGlue(rows)
        self.glue.run(self.script.main, self.script.__name__, self.source_table, self.output_prefix)
        self.assertEqual(self.glue.steps(), SUCCESSFUL_RUN)
        self.assertEqual(self.glue.call("read")["table_name"], self.source_table)
        self.assertEqual(self.glue.call("write")["connection_options"], {"path": "s3://lake-bucket/" + self.output_prefix})
        written = self.glue.written()
        self.assertEqual([list(row) for row in written], [list(self.clean_columns)] * len(rows))
        return written
