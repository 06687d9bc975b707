"""Tests of components/secure-lake/glue-scripts/clean_sales_data.py, without PySpark.

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

import clean_sales_data as job  # noqa: E402

EXPECTED_ARGUMENTS = ["JOB_NAME", "database_name", "source_table", "output_s3_bucket_name", "output_prefix"]
CLEAN_COLUMNS = ["sale_id", "customer_id", "card_id", "price", "sold_at"]

SALES = [
    {"sale_id": 1, "customer_id": 10, "card_id": 1, "price": "$1,234.50", "sold_at": "2024-05-01 13:45:00"},
    {"sale_id": 2, "customer_id": 11, "card_id": 2, "price": "$0.99", "sold_at": "2024-05-02 09:00:00"},
    {"sale_id": 3, "customer_id": 12, "card_id": 3, "price": "$12", "sold_at": "2024-05-03 18:30:00"},
    {"sale_id": 4, "customer_id": 10, "card_id": 1, "price": "-$5.10", "sold_at": "2024-05-04 10:15:00"},
    # Glue leaves null fields out of a record.
    {"sale_id": 5, "customer_id": 13, "card_id": 4, "sold_at": "2024-05-05 11:00:00"},
]


class ParsePriceTest(unittest.TestCase):
    def test_valid_prices(self):
        cases = [
            ("$1,234.50", Decimal("1234.50")),
            ("$0.99", Decimal("0.99")),
            ("$12", Decimal("12.00")),
            ("-$5.10", Decimal("-5.10")),
            ("1,000,000.1", Decimal("1000000.10")),
            ("12.5", Decimal("12.50")),
            ("$999", Decimal("999.00")),
            ("$99,999,999.99", Decimal("99999999.99")),
            (None, None),
            ("", None),
        ]
        for text, expected in cases:
            with self.subTest(text=text):
                value = job.parse_price(text)
                self.assertEqual(value, expected)
                if expected is not None:
                    self.assertIsInstance(value, Decimal)
                    self.assertEqual(value.as_tuple().exponent, -2, "quantized to 2 places")
                    self.assertEqual(str(value), str(expected))

    def test_invalid_prices_raise_naming_the_value(self):
        cases = ["12$3", "$1,23.00", "abc", "$1.234", "$", "-", "$-5", "$1,2345", ",123", "1,000,", "1.", ".5",
                 "$ 12", "1 000", "12\n", " $7.00", "7.00 ", " ", "\u0661\u0662", "$100,000,000.00", "NaN", "1e3"]
        for text in cases:
            with self.subTest(text=text):
                with self.assertRaises(ValueError) as raised:
                    job.parse_price(text)
                self.assertIn(repr(text), str(raised.exception))

    def test_non_strings_raise(self):
        for value in [12, 1.5, Decimal("1.00")]:
            with self.subTest(value=value):
                with self.assertRaises(ValueError):
                    job.parse_price(value)


class CleanSaleRowTest(unittest.TestCase):
    def test_exact_clean_columns_in_order(self):
        for row in SALES:
            with self.subTest(sale_id=row["sale_id"]):
                self.assertEqual(list(job.clean_sale_row(row)), CLEAN_COLUMNS)

    def test_values(self):
        self.assertEqual(job.clean_sale_row(SALES[0]), {
            "sale_id": 1, "customer_id": 10, "card_id": 1, "price": Decimal("1234.50"), "sold_at": "2024-05-01 13:45:00",
        })
        self.assertIsNone(job.clean_sale_row(SALES[4])["price"])

    def test_bad_price_raises_naming_the_sale_and_value(self):
        with self.assertRaises(ValueError) as raised:
            job.clean_sale_row({"sale_id": 7, "customer_id": 1, "card_id": 1, "price": "12$3", "sold_at": "x"})
        self.assertIn("7", str(raised.exception))
        self.assertIn("'12$3'", str(raised.exception))

    def test_spark_row_carries_the_exact_decimal_text(self):
        cases = [(SALES[0], "1234.50"), (SALES[2], "12.00"), (SALES[3], "-5.10"), (SALES[4], None)]
        for row, expected in cases:
            with self.subTest(sale_id=row["sale_id"]):
                out = job.spark_row(row)
                self.assertEqual(list(out), CLEAN_COLUMNS)
                self.assertEqual(out["price"], expected)


class ModuleTest(unittest.TestCase):
    def test_job_arguments(self):
        self.assertEqual(job.JOB_ARGUMENTS, EXPECTED_ARGUMENTS)
        self.assertIn("output_s3_bucket_name", job.JOB_ARGUMENTS)

    def test_output_columns_are_the_clean_table(self):
        self.assertEqual([name for name, _ in job.OUTPUT_COLUMNS], CLEAN_COLUMNS)
        self.assertEqual(dict(job.OUTPUT_COLUMNS)["price"], "decimal(10,2)")

    def test_output_path(self):
        cases = [
            (("lake", "clean_sales/"), "s3://lake/clean_sales/"),
            (("lake", "clean_sales"), "s3://lake/clean_sales/"),
            (("lake", ""), "s3://lake/"),
        ]
        for (bucket, prefix), expected in cases:
            with self.subTest(bucket=bucket, prefix=prefix):
                self.assertEqual(job.output_path(bucket, prefix), expected)
        for bucket in ["", None, "lake/clean"]:
            with self.subTest(bucket=bucket):
                with self.assertRaises(ValueError):
                    job.output_path(bucket, "clean_sales/")

    def test_select_expressions_cast_price_to_decimal(self):
        exprs = job.select_expressions(["sale_id", "price"])
        self.assertEqual(exprs[0], "CAST(`sale_id` AS int) AS `sale_id`")
        self.assertEqual(exprs[3], "CAST(`price` AS decimal(10,2)) AS `price`")
        self.assertEqual(exprs[4], "CAST(NULL AS string) AS `sold_at`")

    def test_import_does_not_load_glue_or_spark(self):
        code = ("import sys; sys.path.insert(0, %r); import clean_sales_data; "
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
        argv = ["clean_sales_data.py", "--JOB_NAME", "clean_sales_data", "--database_name", "db1",
                "--source_table", "sales", "--output_s3_bucket_name", "lake-bucket", "--output_prefix", "clean_sales/"]
        with mock.patch.dict(sys.modules, self.modules), mock.patch.object(sys, "argv", argv):
            job.main()


class MainTest(unittest.TestCase):
    def test_reads_the_catalog_writes_parquet_and_commits(self):
        glue = FakeGlue(SALES)
        glue.run()
        self.assertEqual([c[0] for c in glue.calls], ["init", "read", "write", "commit"])
        self.assertEqual(glue.calls[0][1], "clean_sales_data")
        self.assertEqual(glue.calls[1][1], {"database": "db1", "table_name": "sales", "transformation_ctx": "source"})
        write = glue.calls[2][1]
        self.assertEqual(write["connection_type"], "s3")
        self.assertEqual(write["connection_options"], {"path": "s3://lake-bucket/clean_sales/"})
        self.assertEqual(write["format"], "parquet")
        self.assertEqual(write["transformation_ctx"], "sink")
        written = write["frame"].rows
        self.assertEqual([list(row) for row in written], [CLEAN_COLUMNS] * len(SALES))
        self.assertEqual([row["price"] for row in written],
                         [Decimal("1234.50"), Decimal("0.99"), Decimal("12.00"), Decimal("-5.10"), None])

    def test_a_bad_price_fails_the_job_before_writing(self):
        glue = FakeGlue(SALES + [{"sale_id": 9, "customer_id": 1, "card_id": 1, "price": "$1.234", "sold_at": "x"}])
        with self.assertRaises(RuntimeError) as raised:
            glue.run()
        self.assertIn("1 row(s)", str(raised.exception))
        self.assertEqual([c[0] for c in glue.calls], ["init", "read"])


if __name__ == "__main__":
    unittest.main()
