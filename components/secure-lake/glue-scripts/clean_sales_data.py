"""Glue ETL job ``clean_sales_data``: turn the price strings of ``sales`` into decimals.

Reads the raw ``sales`` table (CSV) through the Glue Data Catalog, so the read goes
through Lake Formation permissions, parses ``price`` strings such as ``"$1,234.50"``
into ``decimal(10,2)`` and writes the ``clean_sales`` columns as Parquet to S3. A price
that is not a well-formed amount fails the job rather than being written as NULL.

Job arguments (passed as ``--name value``; see ``JOB_ARGUMENTS``):

* ``JOB_NAME``               -- set by Glue; used for job bookmarks.
* ``database_name``          -- Glue database of the source table (e.g. ``db1``).
* ``source_table``           -- raw table to read (e.g. ``sales``).
* ``output_s3_bucket_name``  -- bucket the Parquet files are written to.
* ``output_prefix``          -- key prefix (folder) inside that bucket (e.g. ``clean_sales/``).

The row logic (``parse_price``, ``clean_sale_row``, ``output_path``) is plain Python so
it can be tested without PySpark; Glue-only imports live in ``main()``.
"""

import re
from decimal import Decimal

JOB_ARGUMENTS = ["JOB_NAME", "database_name", "source_table", "output_s3_bucket_name", "output_prefix"]

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


def spark_row(row):
    """``clean_sale_row`` with the Decimal price as its exact text ("1234.50"), which
    Glue records carry safely; ``select_expressions`` casts it to decimal(10,2)."""
    cleaned = clean_sale_row(row)
    if cleaned["price"] is not None:
        cleaned["price"] = format(cleaned["price"], "f")
    return cleaned


def output_path(bucket, prefix):
    """``s3://bucket/prefix/``: the folder the Parquet files go to."""
    if not bucket or "/" in bucket:
        raise ValueError("output_s3_bucket_name must be a bucket name, got %r" % (bucket,))
    prefix = (prefix or "").strip("/")
    return "s3://%s/%s/" % (bucket, prefix) if prefix else "s3://%s/" % bucket


def select_expressions(present_columns):
    """Spark SQL expressions giving exactly ``OUTPUT_COLUMNS``, in order and typed; a
    column absent from the frame (empty input, or null in every record) becomes a
    typed NULL."""
    present = set(present_columns)
    return [
        "CAST(%s AS %s) AS `%s`" % ("`%s`" % name if name in present else "NULL", spark_type, name)
        for name, spark_type in OUTPUT_COLUMNS
    ]


def main():
    import sys

    from awsglue.context import GlueContext
    from awsglue.dynamicframe import DynamicFrame
    from awsglue.job import Job
    from awsglue.utils import getResolvedOptions
    from pyspark.context import SparkContext

    args = getResolvedOptions(sys.argv, JOB_ARGUMENTS)
    sink_path = output_path(args["output_s3_bucket_name"], args["output_prefix"])

    glue_context = GlueContext(SparkContext.getOrCreate())
    job = Job(glue_context)
    job.init(args["JOB_NAME"], args)

    # Through the catalog, so Lake Formation decides what this job's role may read.
    source = glue_context.create_dynamic_frame.from_catalog(
        database=args["database_name"],
        table_name=args["source_table"],
        transformation_ctx="source",
    )
    clean = source.map(f=spark_row, transformation_ctx="clean")
    # Glue's map records failing rows (bad prices) as errors and carries on; fail the
    # job instead of writing a partial table.
    failed = clean.stageErrorsCount()
    if failed:
        raise RuntimeError(
            "clean_sales_data: %d row(s) have a price that is not an amount; "
            "see the frame's errorsAsDynamicFrame() for the values" % failed
        )

    frame = clean.toDF()
    typed = frame.selectExpr(*select_expressions(frame.columns))
    output = DynamicFrame.fromDF(typed, glue_context, "output")

    glue_context.write_dynamic_frame.from_options(
        frame=output,
        connection_type="s3",
        connection_options={"path": sink_path},
        format="parquet",
        transformation_ctx="sink",
    )
    job.commit()


if __name__ == "__main__":
    main()
