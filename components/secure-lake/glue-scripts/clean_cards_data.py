"""Glue ETL job ``clean_cards_data``: mask the card numbers of the ``cards`` table.

Reads the raw ``cards`` table (CSV) through the Glue Data Catalog, so the read goes
through Lake Formation permissions, replaces the full ``card_number`` with
``card_last_four`` (the last four digits; ``None`` when the value has fewer than four
digits) and writes the ``clean_cards`` columns as Parquet to S3. The full card number
never reaches the output.

Job arguments and the read/clean/write plumbing are shared with ``clean_sales_data``
in ``masking_job`` (passed to Glue as ``--extra-py-files``). The row logic
(``last_four``, ``clean_card_row``) is plain Python so it can be tested without PySpark.
"""

import re

import masking_job

# Kept under this name for readers of the script (the Pulumi tests) that look it up here.
JOB_ARGUMENTS = masking_job.JOB_ARGUMENTS

# The columns of the clean_cards table (components/secure-lake/tables.ts), in order,
# with their Spark SQL types.
OUTPUT_COLUMNS = [
    ("card_id", "int"),
    ("card_last_four", "string"),
    ("cardholder_first_name", "string"),
    ("cardholder_last_name", "string"),
    ("cardholder_address", "string"),
    ("cardholder_age", "int"),
]

_NON_DIGITS = re.compile(r"[^0-9]")


def last_four(card_number):
    """The last four digits of ``card_number`` (separators such as spaces or dashes are
    ignored). ``None`` stays ``None``; a value with fewer than four digits is not a card
    number and gives ``None`` rather than being passed through."""
    if card_number is None:
        return None
    digits = _NON_DIGITS.sub("", str(card_number))
    if len(digits) < 4:
        return None
    return digits[-4:]


def clean_card_row(row):
    """A ``cards`` row (a mapping) as a ``clean_cards`` row: exactly the clean columns,
    in order, with the card number reduced to its last four digits. Missing fields
    (Glue omits null fields from a record) become ``None``."""
    return {
        "card_id": row.get("card_id"),
        "card_last_four": last_four(row.get("card_number")),
        "cardholder_first_name": row.get("cardholder_first_name"),
        "cardholder_last_name": row.get("cardholder_last_name"),
        "cardholder_address": row.get("cardholder_address"),
        "cardholder_age": row.get("cardholder_age"),
    }


def main():
    masking_job.run("clean_cards_data", clean_card_row, OUTPUT_COLUMNS)


if __name__ == "__main__":
    main()
