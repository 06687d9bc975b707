"""Glue ETL job ``clean_sales_data``: turn the price strings of ``sales`` into decimals.

Reads the raw ``sales`` table (CSV) through the Glue Data Catalog, so the read goes
through Lake Formation permissions, parses ``price`` strings such as ``"$1,234.50"``
into ``decimal(10,2)`` and writes the ``clean_sales`` columns as Parquet to S3. A price
that is not a well-formed amount fails the job rather than being written as NULL.

Job arguments and the read/clean/write plumbing are shared with ``clean_cards_data``
in ``masking_job`` (passed to Glue as ``--extra-py-files``). The row logic
(``parse_price``, ``clean_sale_row``, ``spark_row``) is plain Python so it can be tested
without PySpark.
"""

import re
from decimal import Decimal

import masking_job

# Kept under this name for readers of the script (the Pulumi tests) that look it up here.
JOB_ARGUMENTS = masking_job.JOB_ARGUMENTS

# The columns of the clean_sales table (components/secure-lake/tables.ts), in order,
# with their Spark SQL types.
OUTPUT_COLUMNS = [
    ("sale_id", "int"),
    ("customer_id", "int"),
    ("card_id", "int"),
    ("price", "decimal(10,2)"),
    ("sold_at", "string"),
]

# Optional "-", optional "$", digits (either plain, or 1-3 digits followed by
# ","-separated groups of exactly three), optional "." with one or two decimals.
_PRICE = re.compile(r"(-)?\$?((?:[0-9]{1,3}(?:,[0-9]{3})+)|[0-9]+)(?:\.([0-9]{1,2}))?")
_CENTS = Decimal("0.01")
# decimal(10,2) holds at most 8 integer digits; Spark would silently write NULL beyond.
_LIMIT = Decimal("100000000")


def parse_price(text):
    """``"$1,234.50"`` -> ``Decimal("1234.50")``, quantized to cents. Accepts an optional
    leading ``-``, an optional ``$``, digits with optional ``,`` thousands separators and
    an optional ``.`` with one or two decimals. ``None`` and ``""`` give ``None``.
    Anything else (including whitespace) raises ``ValueError`` naming the value, so a
    bad price fails the job instead of becoming NULL."""
    if text is None:
        return None
    if not isinstance(text, str):
        raise ValueError("price must be a string, got %r" % (text,))
    if text == "":
        return None
    match = _PRICE.fullmatch(text)
    if match is None:
        raise ValueError("not a price: %r" % (text,))
    sign, whole, cents = match.groups()
    value = Decimal("%s%s.%s" % (sign or "", whole.replace(",", ""), cents or "0")).quantize(_CENTS)
    if abs(value) >= _LIMIT:
        raise ValueError("price out of range for decimal(10,2): %r" % (text,))
    return value


def clean_sale_row(row):
    """A ``sales`` row (a mapping) as a ``clean_sales`` row: exactly the clean columns,
    in order, with ``price`` parsed by ``parse_price``. Missing fields (Glue omits null
    fields from a record) become ``None``."""
    try:
        price = parse_price(row.get("price"))
    except ValueError as error:
        raise ValueError("sale_id %r: %s" % (row.get("sale_id"), error)) from error
    return {
        "sale_id": row.get("sale_id"),
        "customer_id": row.get("customer_id"),
        "card_id": row.get("card_id"),
        "price": price,
        "sold_at": row.get("sold_at"),
    }


def price_as_text(cleaned):
    """A ``clean_sale_row`` result with the Decimal price as its exact text ("1234.50"),
    which Glue records carry safely; ``masking_job.select_expressions`` casts it back to
    decimal(10,2)."""
    if cleaned["price"] is not None:
        cleaned = dict(cleaned, price=format(cleaned["price"], "f"))
    return cleaned


def spark_row(row):
    """A ``sales`` row as the record the job writes: ``clean_sale_row`` then
    ``price_as_text`` (the same mapping ``main()`` has Glue apply)."""
    return masking_job.row_mapper(clean_sale_row, price_as_text)(row)


def main():
    # A bad price raises in clean_sale_row, which Glue counts as a row error; run()
    # then fails the job rather than writing a partial table.
    masking_job.run(
        "clean_sales_data",
        clean_sale_row,
        OUTPUT_COLUMNS,
        to_spark_row=price_as_text,
        failure="have a price that is not an amount",
    )


if __name__ == "__main__":
    main()
