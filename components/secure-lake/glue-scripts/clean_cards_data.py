"""Glue ETL job ``clean_cards_data``: mask the card numbers of the ``cards`` table.

Reads the raw ``cards`` table (CSV) through the Glue Data Catalog, so the read goes
through Lake Formation permissions, replaces the full ``card_number`` with
``card_last_four`` (the last four digits; ``None`` when the value has fewer than four
digits) and writes the ``clean_cards`` columns as Parquet to S3. The full card number
never reaches the output.

Job arguments (passed as ``--name value``; see ``JOB_ARGUMENTS``):

* ``JOB_NAME``               -- set by Glue; used for job bookmarks.
* ``database_name``          -- Glue database of the source table (e.g. ``db1``).
* ``source_table``           -- raw table to read (e.g. ``cards``).
* ``output_s3_bucket_name``  -- bucket the Parquet files are written to.
* ``output_prefix``          -- key prefix (folder) inside that bucket (e.g. ``clean_cards/``).

The row logic (``last_four``, ``clean_card_row``, ``output_path``) is plain Python so
it can be tested without PySpark; Glue-only imports live in ``main()``.
"""

import re

JOB_ARGUMENTS = ["JOB_NAME", "database_name", "source_table", "output_s3_bucket_name", "output_prefix"]

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
    clean = source.map(f=clean_card_row, transformation_ctx="clean")
    # Glue's map records failing rows as errors and carries on; fail the job instead.
    failed = clean.stageErrorsCount()
    if failed:
        raise RuntimeError("clean_cards_data: %d row(s) could not be cleaned" % failed)

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
