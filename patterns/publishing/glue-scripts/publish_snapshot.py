"""Glue ETL job of each published data product: one snapshot of its tables into Published Datasets.

Reads each declared table of the product from the producer's lake through the Glue Data
Catalog (so Lake Formation decides what the job's role may read, and vends the lake
key's credentials), keeps exactly the product's declared columns that are not PII, cast to
their declared types, and writes them as Parquet to
``<product>/<table>/snapshot=<date>/`` of the Published Datasets bucket, encrypted with
the bucket's key through the job's Glue security configuration. Last, it writes
``<product>/_manifests/<date>/_manifest.json`` listing every object of the snapshot, so a
reader (the external account's Data Exchange revision function, a crawler, a person) never
acts on half a snapshot: until the manifest exists, the snapshot does not.

One snapshot per product and day: a run whose day already has a manifest does nothing,
and a run that failed before its manifest leaves files that the next run of the day
removes before writing again.

The job logic (``publish``) works on small adapters (``source``, ``sink``, ``store``) and
is plain Python, tested with python3 alone; ``main()`` builds the Glue and S3 adapters,
whose imports happen there only.

Job arguments (``--name value``; see ``JOB_ARGUMENTS``):

* ``JOB_NAME``               -- set by Glue.
* ``product``                -- the data product, also the first folder of every key.
* ``source_database``        -- the producer's Glue database holding the tables (e.g. ``db1``).
* ``tables``                 -- JSON: ``[{"name", "columns": [{"name", "type", "pii"}]}]``,
                                the product's tables as the topology declares them.
* ``output_s3_bucket_name``  -- the Published Datasets bucket.
* ``published_key_arn``      -- its key: the manifest, written with the S3 API, is encrypted with it.
"""

import json
import re

JOB_ARGUMENTS = ["JOB_NAME", "product", "source_database", "tables", "output_s3_bucket_name", "published_key_arn"]

# The partition column of every published table; the topology may not declare a column of that name.
SNAPSHOT_COLUMN = "snapshot"
# Under <product>/: one folder per snapshot, holding its manifest. Table names cannot start with "_".
MANIFESTS_FOLDER = "_manifests"
MANIFEST_NAME = "_manifest.json"
MANIFEST_VERSION = 1

_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
# One Glue type, as the topology validated it; checked again so nothing else reaches Spark SQL.
_TYPE = re.compile(r"^[a-z][a-z0-9_<>(),: ]*$")


def parse_tables(text):
    """The ``--tables`` argument as a list of ``{"name", "columns": [{"name", "type", "pii"}]}``.
    Raises ValueError on anything but catalog-safe names and plain types."""
    tables = json.loads(text)
    if not isinstance(tables, list) or not tables:
        raise ValueError("tables must be a non-empty JSON list")
    for table in tables:
        if not _NAME.match(str(table.get("name", ""))):
            raise ValueError("not a table name: %r" % (table.get("name"),))
        columns = table.get("columns")
        if not isinstance(columns, list) or not columns:
            raise ValueError("table %s lists no columns" % table["name"])
        for column in columns:
            if not _NAME.match(str(column.get("name", ""))) or not _TYPE.match(str(column.get("type", ""))):
                raise ValueError("table %s: not a column name and type: %r" % (table["name"], column))
            if column["name"] == SNAPSHOT_COLUMN:
                raise ValueError("table %s: %r is the snapshot partition column" % (table["name"], SNAPSHOT_COLUMN))
    return tables


def published_columns(columns):
    """``(name, type)`` of the columns that leave the lake: the declared ones not marked PII,
    in order. A PII column is dropped, not masked: it is not in the published files at all."""
    return [(c["name"], c["type"]) for c in columns if not c.get("pii", False)]


def select_expressions(present_columns, columns):
    """Spark SQL giving exactly ``columns`` (``(name, type)`` pairs), in order, cast to their
    declared types; a declared column the source lacks becomes a typed NULL. Any other
    column of the source (a PII column, one nobody declared) is not selected."""
    present = set(present_columns)
    return [
        "CAST(%s AS %s) AS `%s`" % ("`%s`" % name if name in present else "NULL", type_, name)
        for name, type_ in columns
    ]


def cast_check_expressions(present_columns, columns):
    """Spark SQL counting, per column, the values the cast to the declared type would turn
    into NULL (Spark casts a bad value to NULL silently): the job fails on any."""
    present = set(present_columns)
    return [
        "SUM(CASE WHEN `%s` IS NOT NULL AND CAST(`%s` AS %s) IS NULL THEN 1 ELSE 0 END) AS `%s`" % (name, name, type_, name)
        for name, type_ in columns
        if name in present
    ]


def snapshot_of(now):
    """The snapshot a run at ``now`` (a datetime in UTC) writes: its day, ``YYYY-MM-DD``."""
    return now.strftime("%Y-%m-%d")


def table_prefix(product, table, snapshot):
    """``<product>/<table>/snapshot=<date>/``: one table's snapshot, a Hive partition."""
    return "%s/%s/%s=%s/" % (product, table, SNAPSHOT_COLUMN, snapshot)


def manifest_key(product, snapshot):
    """``<product>/_manifests/<date>/_manifest.json``, outside every table's folder."""
    return "%s/%s/%s/%s" % (product, MANIFESTS_FOLDER, snapshot, MANIFEST_NAME)


def data_objects(listing):
    """The data files of a listing (``(key, size)`` pairs), sorted by key: not the markers
    Spark and Hadoop leave (``_SUCCESS``, ``.crc`` files, ``$folder$``), which readers skip too."""
    kept = []
    for key, size in listing:
        name = key.rsplit("/", 1)[-1]
        if name == "" or name.startswith("_") or name.startswith(".") or name.endswith("$folder$"):
            continue
        kept.append({"key": key, "size": size})
    return sorted(kept, key=lambda o: o["key"])


def build_manifest(product, snapshot, created_at, tables, objects):
    """The manifest of a snapshot: its product, day, tables with the published columns, and
    every object, each ``{"key", "size"}``. Every key is under ``<product>/``."""
    for o in objects:
        if not o["key"].startswith(product + "/"):
            raise ValueError("object %s is not under %s/" % (o["key"], product))
    return {
        "version": MANIFEST_VERSION,
        "product": product,
        "snapshot": snapshot,
        "createdAt": created_at,
        "tables": [
            {
                "name": t["name"],
                "prefix": table_prefix(product, t["name"], snapshot),
                "columns": [{"name": n, "type": ty} for n, ty in published_columns(t["columns"])],
            }
            for t in tables
        ],
        "objects": objects,
    }


def publish(args, now, source, sink, store, log=print):
    """Publish one snapshot of the product. ``source.read(database, table)`` returns a Spark
    DataFrame-like frame (``columns``, ``selectExpr``, ``first``); ``sink.write(frame, path)``
    writes it as Parquet; ``store`` lists, purges and writes keys of the bucket. Returns the
    manifest written, or None when the day's snapshot was already published."""
    product, bucket = args["product"], args["output_s3_bucket_name"]
    if not _NAME.match(product or ""):
        raise ValueError("not a product name: %r" % (product,))
    if not bucket or "/" in bucket:
        raise ValueError("output_s3_bucket_name must be a bucket name, got %r" % (bucket,))
    tables = parse_tables(args["tables"])
    snapshot = snapshot_of(now)
    manifest = manifest_key(product, snapshot)
    if store.exists(manifest):
        log("%s: snapshot %s is already published (%s); nothing to do" % (product, snapshot, manifest))
        return None
    objects = []
    for table in tables:
        columns = published_columns(table["columns"])
        frame = source.read(args["source_database"], table["name"])
        present = list(frame.columns)
        checks = cast_check_expressions(present, columns)
        if checks:
            failed = {k: v for k, v in frame.selectExpr(*checks).first().asDict().items() if v}
            if failed:
                raise RuntimeError("%s.%s: values that are not of the declared type, by column: %s" % (product, table["name"], json.dumps(failed, sort_keys=True)))
        prefix = table_prefix(product, table["name"], snapshot)
        # What a failed run of the day left there; no manifest lists it.
        store.purge(prefix)
        sink.write(frame.selectExpr(*select_expressions(present, columns)), "s3://%s/%s" % (bucket, prefix))
        objects += data_objects(store.list(prefix))
    body = build_manifest(product, snapshot, now.strftime("%Y-%m-%dT%H:%M:%SZ"), tables, objects)
    # Last: the snapshot exists once its manifest does.
    store.put_json(manifest, body)
    log("%s: published snapshot %s, %d object(s), manifest %s" % (product, snapshot, len(objects), manifest))
    return body


class _CatalogSource:
    """Reads a table through the Glue Data Catalog, so Lake Formation decides (and vends the credentials)."""

    def __init__(self, glue_context):
        self.glue_context = glue_context

    def read(self, database, table):
        frame = self.glue_context.create_dynamic_frame.from_catalog(database=database, table_name=table, transformation_ctx="source_%s" % table)
        return frame.toDF()


class _ParquetSink:
    """Writes Parquet through Glue, which encrypts it as the job's security configuration says."""

    def __init__(self, glue_context, dynamic_frame):
        self.glue_context, self.dynamic_frame = glue_context, dynamic_frame

    def write(self, frame, path):
        self.glue_context.write_dynamic_frame.from_options(
            frame=self.dynamic_frame.fromDF(frame, self.glue_context, "published"),
            connection_type="s3",
            connection_options={"path": path},
            format="parquet",
        )


class _BucketStore:
    """The Published Datasets bucket, through the S3 API (the manifest is written with the bucket's key)."""

    def __init__(self, glue_context, s3, bucket, key_arn):
        self.glue_context, self.s3, self.bucket, self.key_arn = glue_context, s3, bucket, key_arn

    def exists(self, key):
        return self.s3.list_objects_v2(Bucket=self.bucket, Prefix=key, MaxKeys=1).get("KeyCount", 0) > 0

    def purge(self, prefix):
        self.glue_context.purge_s3_path("s3://%s/%s" % (self.bucket, prefix), options={"retentionPeriod": 0})

    def list(self, prefix):
        found, token = [], None
        while True:
            page = self.s3.list_objects_v2(Bucket=self.bucket, Prefix=prefix, **({"ContinuationToken": token} if token else {}))
            found += [(o["Key"], o["Size"]) for o in page.get("Contents", [])]
            token = page.get("NextContinuationToken")
            if not token:
                return found

    def put_json(self, key, body):
        self.s3.put_object(
            Bucket=self.bucket,
            Key=key,
            Body=json.dumps(body, indent=2, sort_keys=True).encode("utf-8"),
            ContentType="application/json",
            ServerSideEncryption="aws:kms",
            SSEKMSKeyId=self.key_arn,
        )


def main(now=None):
    """Run the job as Glue starts it; ``now`` (UTC) defaults to the clock."""
    import sys
    from datetime import datetime, timezone

    import boto3
    from awsglue.context import GlueContext
    from awsglue.dynamicframe import DynamicFrame
    from awsglue.job import Job
    from awsglue.utils import getResolvedOptions
    from pyspark.context import SparkContext

    args = getResolvedOptions(sys.argv, JOB_ARGUMENTS)
    glue_context = GlueContext(SparkContext.getOrCreate())
    job = Job(glue_context)
    job.init(args["JOB_NAME"], args)
    store = _BucketStore(glue_context, boto3.client("s3"), args["output_s3_bucket_name"], args["published_key_arn"])
    publish(args, now or datetime.now(timezone.utc), _CatalogSource(glue_context), _ParquetSink(glue_context, DynamicFrame), store)
    job.commit()


if __name__ == "__main__":
    main()
