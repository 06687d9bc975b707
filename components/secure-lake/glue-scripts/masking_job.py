"""Shared runner of the masking Glue jobs (``clean_cards_data``, ``clean_sales_data``).

Each job script keeps only its row logic and its output columns and calls ``run()``,
which reads the source table through the Glue Data Catalog (so Lake Formation decides
what the job's role may read), maps every row, fails the job if any row could not be
cleaned, casts the result to the typed output columns and writes it as Parquet to S3.

Glue puts this file on the job's Python path because the Pulumi program passes it as
``--extra-py-files`` (components/secure-lake/etl.ts). It imports only the standard
library at the top, so the scripts and their tests can import it without PySpark;
Glue-only imports live in ``run()``.

Job arguments (passed as ``--name value``; see ``JOB_ARGUMENTS``):

* ``JOB_NAME``               -- set by Glue; used for job bookmarks.
* ``database_name``          -- Glue database of the source table (e.g. ``db1``).
* ``source_table``           -- raw table to read (e.g. ``cards``).
* ``output_s3_bucket_name``  -- bucket the Parquet files are written to.
* ``output_prefix``          -- key prefix (folder) inside that bucket (e.g. ``clean_cards/``).
"""

JOB_ARGUMENTS = ["JOB_NAME", "database_name", "source_table", "output_s3_bucket_name", "output_prefix"]


def output_path(bucket, prefix):
    """``s3://bucket/prefix/``: the folder the Parquet files go to."""
    if not bucket or "/" in bucket:
        raise ValueError("output_s3_bucket_name must be a bucket name, got %r" % (bucket,))
    prefix = (prefix or "").strip("/")
    return "s3://%s/%s/" % (bucket, prefix) if prefix else "s3://%s/" % bucket


def select_expressions(present_columns, output_columns):
    """Spark SQL expressions giving exactly ``output_columns`` (``(name, spark_type)``
    pairs), in order and typed; a column absent from the frame (empty input, or null in
    every record) becomes a typed NULL."""
    present = set(present_columns)
    return [
        "CAST(%s AS %s) AS `%s`" % ("`%s`" % name if name in present else "NULL", spark_type, name)
        for name, spark_type in output_columns
    ]


def row_mapper(clean_row, to_spark_row=None):
    """The function ``run()`` maps each record with: ``clean_row``, then ``to_spark_row``
    (if given) to turn values Glue records cannot carry safely (e.g. ``Decimal``) into
    ones ``select_expressions`` casts back."""
    if to_spark_row is None:
        return clean_row
    return lambda row: to_spark_row(clean_row(row))


def run(job_label, clean_row, output_columns, to_spark_row=None, failure="could not be cleaned"):
    """Run a masking job: read ``source_table`` of ``database_name`` through the catalog,
    map each record (a mapping) with ``clean_row`` (and ``to_spark_row``, see
    ``row_mapper``), and write ``output_columns`` as Parquet to ``output_path``.

    ``job_label`` names the job in errors; ``failure`` says what is wrong with rows whose
    cleaning raised (e.g. "have a price that is not an amount")."""
    import sys

    from awsglue.context import GlueContext
    from awsglue.dynamicframe import DynamicFrame
    from awsglue.job import Job
    from awsglue.utils import getResolvedOptions
    from pyspark.context import SparkContext

    args = getResolvedOptions(sys.argv, JOB_ARGUMENTS)
    # Checked before Spark starts, so a bad bucket name fails fast.
    sink_path = output_path(args["output_s3_bucket_name"], args["output_prefix"])

    glue_context = GlueContext(SparkContext.getOrCreate())
    # Job init/commit keep the job bookmarks ("--job-bookmark-option") up to date.
    job = Job(glue_context)
    job.init(args["JOB_NAME"], args)

    # Through the catalog, so Lake Formation decides what this job's role may read.
    source = glue_context.create_dynamic_frame.from_catalog(
        database=args["database_name"],
        table_name=args["source_table"],
        transformation_ctx="source",
    )
    clean = source.map(f=row_mapper(clean_row, to_spark_row), transformation_ctx="clean")
    # Glue's map records failing rows as errors and carries on; fail the job instead of
    # writing a partial table.
    failed = clean.stageErrorsCount()
    if failed:
        raise RuntimeError(
            "%s: %d row(s) %s; see the frame's errorsAsDynamicFrame() for the values" % (job_label, failed, failure)
        )

    frame = clean.toDF()
    typed = frame.selectExpr(*select_expressions(frame.columns, output_columns))
    output = DynamicFrame.fromDF(typed, glue_context, "output")

    glue_context.write_dynamic_frame.from_options(
        frame=output,
        connection_type="s3",
        connection_options={"path": sink_path},
        format="parquet",
        transformation_ctx="sink",
    )
    job.commit()
