"""Tests of components/secure-lake/glue-scripts/clean_sales_data.py, without PySpark.

The row logic is tested directly; ``main()`` runs end to end against the in-memory Glue
fakes of ``fake_glue``. The shared plumbing (``masking_job``) has its own tests.
"""

import unittest
from decimal import Decimal

from fake_glue import ScriptTests

import clean_sales_data as job  # found through the scripts' folder fake_glue puts on sys.path

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


class ScriptTest(ScriptTests, unittest.TestCase):
    script = job
    clean_columns = CLEAN_COLUMNS
    source_table = "sales"
    output_prefix = "clean_sales/"

    def test_price_is_a_decimal_column(self):
        self.assertEqual(dict(job.OUTPUT_COLUMNS)["price"], "decimal(10,2)")

    def test_main_writes_decimal_prices(self):
        written = self.run_main(SALES)
        self.assertEqual([row["price"] for row in written],
                         [Decimal("1234.50"), Decimal("0.99"), Decimal("12.00"), Decimal("-5.10"), None])

    def test_a_bad_price_fails_the_job_before_writing(self):
        bad = {"sale_id": 9, "customer_id": 1, "card_id": 1, "price": "$1.234", "sold_at": "x"}
        with self.assertRaises(RuntimeError) as raised:
            self.run_main(SALES + [bad])
        self.assertIn("clean_sales_data: 1 row(s) have a price that is not an amount", str(raised.exception))
        self.assertEqual(self.glue.steps(), ["init", "read"])


if __name__ == "__main__":
    unittest.main()
