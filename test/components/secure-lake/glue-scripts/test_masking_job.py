"""Tests of components/secure-lake/glue-scripts/masking_job.py, without PySpark.

``output_path`` and ``select_expressions`` are tested directly; ``run()`` runs with a
toy row function against the in-memory Glue fakes of ``fake_glue``, which check the calls
it makes to Glue.
"""

import unittest
from decimal import Decimal

from fake_glue import EXPECTED_ARGUMENTS, SUCCESSFUL_RUN, FakeGlue, glue_modules_loaded_by_import

import masking_job  # found through the scripts' folder fake_glue puts on sys.path

COLUMNS = [("id", "int"), ("name", "string"), ("amount", "decimal(10,2)")]
ROWS = [{"id": "1", "name": "a", "amount": "1.5"}, {"id": 2, "amount": "-3"}, {"id": 3, "name": None}]


def upper_row(row):
    """A toy clean_row: exactly COLUMNS, ``name`` upper-cased; raises on a bad ``name``."""
    name = row.get("name")
    if name == "bad":
        raise ValueError("bad name")
    return {"id": row.get("id"), "name": name.upper() if name else None, "amount": row.get("amount")}


def run_job(rows, **options):
    glue = FakeGlue(rows)
    glue.run(lambda: masking_job.run("toy_job", upper_row, COLUMNS, **options), "toy_job", "toys", "clean_toys/")
    return glue


class ModuleTest(unittest.TestCase):
    def test_job_arguments(self):
        self.assertEqual(masking_job.JOB_ARGUMENTS, EXPECTED_ARGUMENTS)

    def test_output_path(self):
        cases = [
            (("lake", "clean_cards/"), "s3://lake/clean_cards/"),
            (("lake", "clean_sales"), "s3://lake/clean_sales/"),
            (("lake", "/a/b/"), "s3://lake/a/b/"),
            (("lake", ""), "s3://lake/"),
            (("lake", None), "s3://lake/"),
        ]
        for (bucket, prefix), expected in cases:
            with self.subTest(bucket=bucket, prefix=prefix):
                self.assertEqual(masking_job.output_path(bucket, prefix), expected)
        for bucket in ["", None, "lake/clean"]:
            with self.subTest(bucket=bucket):
                with self.assertRaises(ValueError):
                    masking_job.output_path(bucket, "clean_cards/")

    def test_select_expressions_cast_and_fill_missing_columns(self):
        self.assertEqual(masking_job.select_expressions(["amount", "id", "extra"], COLUMNS), [
            "CAST(`id` AS int) AS `id`",
            "CAST(NULL AS string) AS `name`",
            "CAST(`amount` AS decimal(10,2)) AS `amount`",
        ])
        self.assertEqual(masking_job.select_expressions([], []), [])

    def test_row_mapper(self):
        self.assertIs(masking_job.row_mapper(upper_row), upper_row)
        mapped = masking_job.row_mapper(upper_row, lambda cleaned: dict(cleaned, id=str(cleaned["id"])))
        self.assertEqual(mapped({"id": 4, "name": "x"}), {"id": "4", "name": "X", "amount": None})

    def test_import_does_not_load_glue_or_spark(self):
        self.assertEqual(glue_modules_loaded_by_import("masking_job"), "[]")


class RunTest(unittest.TestCase):
    def test_reads_the_catalog_writes_typed_parquet_and_commits(self):
        glue = run_job(ROWS)
        self.assertEqual(glue.steps(), SUCCESSFUL_RUN)
        self.assertEqual(glue.call("init"), "toy_job")
        self.assertEqual(glue.calls[0][2]["output_prefix"], "clean_toys/")
        self.assertEqual(glue.call("read"), {"database": "db1", "table_name": "toys", "transformation_ctx": "source"})
        write = glue.call("write")
        self.assertEqual(write["connection_type"], "s3")
        self.assertEqual(write["connection_options"], {"path": "s3://lake-bucket/clean_toys/"})
        self.assertEqual(write["format"], "parquet")
        self.assertEqual(write["transformation_ctx"], "sink")
        self.assertEqual(glue.written(), [
            {"id": 1, "name": "A", "amount": Decimal("1.50")},
            {"id": 2, "name": None, "amount": Decimal("-3.00")},
            {"id": 3, "name": None, "amount": None},
        ])

    def test_empty_source_still_writes_the_output_columns(self):
        glue = run_job([])
        self.assertEqual(glue.steps(), SUCCESSFUL_RUN)
        self.assertEqual(glue.written(), [])

    def test_a_column_null_everywhere_is_written_as_typed_null(self):
        glue = run_job([{"id": 1}, {"id": 2}])
        self.assertEqual(glue.written(), [{"id": 1, "name": None, "amount": None}, {"id": 2, "name": None, "amount": None}])

    def test_to_spark_row_runs_after_clean_row(self):
        glue = run_job([{"id": 1, "name": "a"}], to_spark_row=lambda cleaned: dict(cleaned, amount="2"))
        self.assertEqual([row["amount"] for row in glue.written()], [2])

    def test_failed_rows_fail_the_job_before_writing(self):
        glue = FakeGlue(ROWS + [{"id": 8, "name": "bad"}, {"id": 9, "name": "bad"}])
        with self.assertRaises(RuntimeError) as raised:
            glue.run(lambda: masking_job.run("toy_job", upper_row, COLUMNS, failure="have a bad name"),
                     "toy_job", "toys", "clean_toys/")
        self.assertIn("toy_job: 2 row(s) have a bad name", str(raised.exception))
        self.assertEqual(glue.steps(), ["init", "read"])

    def test_failed_rows_default_message(self):
        with self.assertRaises(RuntimeError) as raised:
            run_job([{"id": 1, "name": "bad"}])
        self.assertIn("toy_job: 1 row(s) could not be cleaned", str(raised.exception))

    def test_a_bad_bucket_fails_before_glue_starts(self):
        glue = FakeGlue(ROWS)
        with self.assertRaises(ValueError):
            glue.run(lambda: masking_job.run("toy_job", upper_row, COLUMNS), "toy_job", "toys", "x/", bucket="a/b")
        self.assertEqual(glue.calls, [])


if __name__ == "__main__":
    unittest.main()
