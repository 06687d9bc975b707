"""Tests of components/secure-lake/glue-scripts/clean_cards_data.py, without PySpark.

The row logic is tested directly; ``main()`` runs against small in-memory fakes of the
``awsglue``/``pyspark`` modules it imports, which check the calls it makes to Glue.
"""

import os
import re
import subprocess
import sys
import types
import unittest
from decimal import Decimal
from unittest import mock

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", "..", ".."))
SCRIPTS = os.path.join(REPO, "components", "secure-lake", "glue-scripts")
if SCRIPTS not in sys.path:
    sys.path.insert(0, SCRIPTS)

import clean_cards_data as job  # noqa: E402

EXPECTED_ARGUMENTS = ["JOB_NAME", "database_name", "source_table", "output_s3_bucket_name", "output_prefix"]
CLEAN_COLUMNS = ["card_id", "card_last_four", "cardholder_first_name", "cardholder_last_name", "cardholder_address", "cardholder_age"]

CARDS = [
    {"card_id": 1, "card_number": "4111 1111 1111 1111", "cardholder_first_name": "Ana", "cardholder_last_name": "Silva",
     "cardholder_address": "1 Main St", "cardholder_age": 34},
    {"card_id": 2, "card_number": "5500-0000-0000-0004", "cardholder_first_name": "Bo", "cardholder_last_name": "Chen",
     "cardholder_address": "22 Elm Rd", "cardholder_age": 51},
    {"card_id": 3, "card_number": "340000000000009", "cardholder_first_name": "Cy", "cardholder_last_name": "Diaz",
     "cardholder_address": "3 Oak Ave", "cardholder_age": 27},
    {"card_id": 4, "card_number": "6011000990139424", "cardholder_first_name": "Di", "cardholder_last_name": "Eze",
     "cardholder_address": "4 Pine Ct", "cardholder_age": 45},
    # Glue leaves null fields out of a record.
    {"card_id": 5, "cardholder_first_name": "Ed", "cardholder_last_name": "Fox", "cardholder_address": "5 Bay Ln"},
]


def digits(text):
    return re.sub(r"[^0-9]", "", text)


class LastFourTest(unittest.TestCase):
    def test_last_four(self):
        cases = [
            ("4111 1111 1111 1111", "1111"),
            ("4111-1111-1111-1234", "1234"),
            ("4111111111111234", "1234"),
            (" 4111 1111 1111 9876 ", "9876"),
            (4111111111115678, "5678"),
            ("1234", "1234"),
            (None, None),
            ("", None),
            ("12a", None),
            ("123", None),
            ("no digits", None),
            ("\u0664\u0661\u0661\u0661\u0662", None),  # non-ASCII digits are not card digits
        ]
        for value, expected in cases:
            with self.subTest(value=value):
                self.assertEqual(job.last_four(value), expected)


class CleanCardRowTest(unittest.TestCase):
    def test_exact_clean_columns_in_order(self):
        for row in CARDS:
            with self.subTest(card_id=row["card_id"]):
                self.assertEqual(list(job.clean_card_row(row)), CLEAN_COLUMNS)

    def test_never_outputs_the_card_number_or_a_long_run_of_it(self):
        for row in CARDS:
            number = row.get("card_number")
            if number is None:
                continue
            with self.subTest(card_id=row["card_id"]):
                cleaned = job.clean_card_row(row)
                self.assertNotIn("card_number", cleaned)
                for value in cleaned.values():
                    text = str(value)
                    self.assertNotIn(number, text)
                    self.assertNotIn(digits(number), text)
                    for run in re.findall(r"[0-9]{5,}", text):
                        self.assertNotIn(run, digits(number))
                self.assertEqual(cleaned["card_last_four"], digits(number)[-4:])

    def test_keeps_the_other_fields(self):
        cleaned = job.clean_card_row(CARDS[0])
        self.assertEqual(cleaned, {
            "card_id": 1, "card_last_four": "1111", "cardholder_first_name": "Ana", "cardholder_last_name": "Silva",
            "cardholder_address": "1 Main St", "cardholder_age": 34,
        })

    def test_missing_fields_become_none(self):
        cleaned = job.clean_card_row(CARDS[4])
        self.assertIsNone(cleaned["card_last_four"])
        self.assertIsNone(cleaned["cardholder_age"])


class ModuleTest(unittest.TestCase):
    def test_job_arguments(self):
        self.assertEqual(job.JOB_ARGUMENTS, EXPECTED_ARGUMENTS)
        self.assertIn("output_s3_bucket_name", job.JOB_ARGUMENTS)

    def test_output_columns_are_the_clean_table(self):
        self.assertEqual([name for name, _ in job.OUTPUT_COLUMNS], CLEAN_COLUMNS)
        self.assertEqual(dict(job.OUTPUT_COLUMNS)["card_id"], "int")
        self.assertEqual(dict(job.OUTPUT_COLUMNS)["cardholder_age"], "int")

    def test_output_path(self):
        cases = [
            (("lake", "clean_cards/"), "s3://lake/clean_cards/"),
            (("lake", "clean_cards"), "s3://lake/clean_cards/"),
            (("lake", "/a/b/"), "s3://lake/a/b/"),
            (("lake", ""), "s3://lake/"),
        ]
        for (bucket, prefix), expected in cases:
            with self.subTest(bucket=bucket, prefix=prefix):
                self.assertEqual(job.output_path(bucket, prefix), expected)
        for bucket in ["", None, "lake/clean"]:
            with self.subTest(bucket=bucket):
                with self.assertRaises(ValueError):
                    job.output_path(bucket, "clean_cards/")

    def test_select_expressions_cast_and_fill_missing_columns(self):
        exprs = job.select_expressions(["card_id", "card_last_four"])
        self.assertEqual(exprs[0], "CAST(`card_id` AS int) AS `card_id`")
        self.assertEqual(exprs[1], "CAST(`card_last_four` AS string) AS `card_last_four`")
        self.assertEqual(exprs[5], "CAST(NULL AS int) AS `cardholder_age`")

    def test_import_does_not_load_glue_or_spark(self):
        code = ("import sys; sys.path.insert(0, %r); import clean_cards_data; "
                "print(sorted(m for m in sys.modules if m.split('.')[0] in ('awsglue', 'pyspark')))") % SCRIPTS
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        self.assertEqual(out.strip(), "[]")


# --- in-memory fakes of the Glue/Spark API main() uses -------------------------------

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
        columns = []
        for row in self.rows:
            columns += [k for k, v in row.items() if v is not None and k not in columns]
        return FakeDataFrame(self.rows, columns)

    @classmethod
    def fromDF(cls, df, glue_ctx, name):
        return cls(df.rows)


class FakeGlue:
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

    def run(self):
        argv = ["clean_cards_data.py", "--JOB_NAME", "clean_cards_data", "--database_name", "db1",
                "--source_table", "cards", "--output_s3_bucket_name", "lake-bucket", "--output_prefix", "clean_cards/"]
        with mock.patch.dict(sys.modules, self.modules), mock.patch.object(sys, "argv", argv):
            job.main()


class MainTest(unittest.TestCase):
    def test_reads_the_catalog_writes_parquet_and_commits(self):
        glue = FakeGlue(CARDS)
        glue.run()
        self.assertEqual([c[0] for c in glue.calls], ["init", "read", "write", "commit"])
        self.assertEqual(glue.calls[0][1], "clean_cards_data")
        self.assertEqual(glue.calls[1][1], {"database": "db1", "table_name": "cards", "transformation_ctx": "source"})
        write = glue.calls[2][1]
        self.assertEqual(write["connection_type"], "s3")
        self.assertEqual(write["connection_options"], {"path": "s3://lake-bucket/clean_cards/"})
        self.assertEqual(write["format"], "parquet")
        self.assertEqual(write["transformation_ctx"], "sink")
        written = write["frame"].rows
        self.assertEqual(len(written), len(CARDS))
        for row, source in zip(written, CARDS):
            with self.subTest(card_id=source["card_id"]):
                self.assertEqual(list(row), CLEAN_COLUMNS)
                if "card_number" in source:
                    self.assertNotIn(digits(source["card_number"]), repr(row))
                    self.assertEqual(row["card_last_four"], digits(source["card_number"])[-4:])

    def test_empty_source_still_writes_the_clean_columns(self):
        glue = FakeGlue([])
        glue.run()
        self.assertEqual([c[0] for c in glue.calls], ["init", "read", "write", "commit"])
        self.assertEqual(glue.calls[2][1]["frame"].rows, [])


if __name__ == "__main__":
    unittest.main()
