"""Tests of components/secure-lake/glue-scripts/clean_cards_data.py, without PySpark.

The row logic is tested directly; ``main()`` runs end to end against the in-memory Glue
fakes of ``fake_glue``. The shared plumbing (``masking_job``) has its own tests.
"""

import re
import unittest

from fake_glue import ScriptTests

import clean_cards_data as job  # found through the scripts' folder fake_glue puts on sys.path

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


class ScriptTest(ScriptTests, unittest.TestCase):
    script = job
    clean_columns = CLEAN_COLUMNS
    source_table = "cards"
    output_prefix = "clean_cards/"

    def test_output_column_types(self):
        self.assertEqual(dict(job.OUTPUT_COLUMNS)["card_id"], "int")
        self.assertEqual(dict(job.OUTPUT_COLUMNS)["cardholder_age"], "int")

    def test_main_writes_only_the_last_four_digits(self):
        written = self.run_main(CARDS)
        for row, source in zip(written, CARDS):
            with self.subTest(card_id=source["card_id"]):
                if "card_number" in source:
                    self.assertNotIn(digits(source["card_number"]), repr(row))
                    self.assertEqual(row["card_last_four"], digits(source["card_number"])[-4:])
        self.assertIsNone(written[4]["cardholder_age"])


if __name__ == "__main__":
    unittest.main()
