"""Tests of patterns/publishing/glue-scripts/publish_snapshot.py, with python3 alone.

``publish()`` runs against in-memory fakes of its three adapters (the lake table read
through the catalog, the Parquet sink, the bucket), whose DataFrame understands exactly
the Spark SQL the job generates; ``main()`` runs once against fake Glue, Spark and boto3
modules, to check the adapters call Glue and S3 as the job needs.
"""

import json
import os
import re
import subprocess
import sys
import types
import unittest
from datetime import date, datetime, timezone
from decimal import Decimal, InvalidOperation
from unittest import mock

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPTS = os.path.normpath(os.path.join(HERE, "..", "..", "..", "..", "patterns", "publishing", "glue-scripts"))
sys.path.insert(0, SCRIPTS)

import publish_snapshot as job  # noqa: E402

NOW = datetime(2026, 11, 20, 6, 0, 5, tzinfo=timezone.utc)
CUSTOMERS = {
    "name": "customers",
    "columns": [
        {"name": "customer_id", "type": "int", "pii": False},
        {"name": "first_name", "type": "string", "pii": False},
        {"name": "address", "type": "string", "pii": True},
        {"name": "email", "type": "string", "pii": True},
        {"name": "age", "type": "int", "pii": False},
    ],
}
SALES = {
    "name": "clean_sales",
    "columns": [
        {"name": "sale_id", "type": "int", "pii": False},
        {"name": "price", "type": "decimal(10,2)", "pii": False},
        {"name": "sold_on", "type": "date", "pii": False},
    ],
}
SOURCE = {
    "customers": [
        {"customer_id": 1, "first_name": "Ada", "address": "1 Main St", "email": "ada@example.com", "age": 41, "undeclared": "x"},
        {"customer_id": "2", "first_name": None, "address": "2 Main St", "email": "bo@example.com", "age": "37", "undeclared": "y"},
    ],
    "clean_sales": [
        {"sale_id": 10, "price": Decimal("1234.50"), "sold_on": "2026-11-19"},
        {"sale_id": 11, "price": "7.5", "sold_on": None},
    ],
}


def args(tables=(CUSTOMERS, SALES), **over):
    a = {
        "JOB_NAME": "datasharing-publish-sales-insights",
        "product": "sales_insights",
        "source_database": "db1",
        "tables": json.dumps(list(tables)),
        "output_s3_bucket_name": "published-bucket",
        "published_key_arn": "arn:aws:kms:eu-west-1:111111111111:key/published",
    }
    a.update(over)
    return a


_CAST = re.compile(r"^CAST\((?:`(\w+)`|NULL) AS ([\w(),<>: ]+)\) AS `(\w+)`$")
_CHECK = re.compile(r"^SUM\(CASE WHEN `(\w+)` IS NOT NULL AND CAST\(`(\w+)` AS ([\w(),<>: ]+)\) IS NULL THEN 1 ELSE 0 END\) AS `(\w+)`$")


def spark_cast(value, type_):
    """Spark's (non-ANSI) cast of the types the tests use: a bad value becomes None."""
    if value is None:
        return None
    try:
        if type_ == "int":
            return int(value)
        if type_.startswith("decimal("):
            scale = int(type_.rstrip(")").split(",")[1])
            return Decimal(str(value)).quantize(Decimal(1).scaleb(-scale))
        if type_ == "date":
            return value if isinstance(value, date) else date.fromisoformat(value)
        if type_ == "string":
            return str(value)
    except (ValueError, InvalidOperation):
        return None
    raise AssertionError("type not faked: " + type_)


class Row(dict):
    def asDict(self):
        return dict(self)


class FakeFrame:
    """A DataFrame over dict rows; ``selectExpr`` understands only the job's two expression forms."""

    def __init__(self, rows, columns=None):
        self.rows = rows
        self.columns = columns if columns is not None else sorted({k for r in rows for k in r})

    def selectExpr(self, *exprs):
        casts = [_CAST.match(e) for e in exprs]
        if all(casts):
            parsed = [m.groups() for m in casts]
            rows = [{t: spark_cast(r.get(s) if s else None, ty) for s, ty, t in parsed} for r in self.rows]
            return FakeFrame(rows, [t for _, _, t in parsed])
        checks = [_CHECK.match(e) for e in exprs]
        assert all(checks), exprs
        parsed = [m.groups() for m in checks]
        totals = {alias: sum(1 for r in self.rows if r.get(c) is not None and spark_cast(r[c], ty) is None) for c, _, ty, alias in parsed}
        return FakeFrame([totals], list(totals))

    def first(self):
        return Row(self.rows[0])


class FakeSource:
    def __init__(self, tables):
        self.tables, self.reads = tables, []

    def read(self, database, table):
        self.reads.append((database, table))
        return FakeFrame(self.tables[table])


class FakeStore:
    """The bucket: the sink writes part files into it, so listings see what the job wrote."""

    def __init__(self, keys=None):
        self.objects = dict(keys or {})
        self.calls = []

    def exists(self, key):
        return key in self.objects

    def purge(self, prefix):
        self.calls.append(("purge", prefix))
        for key in [k for k in self.objects if k.startswith(prefix)]:
            del self.objects[key]

    def list(self, prefix):
        return [(k, len(v)) for k, v in self.objects.items() if k.startswith(prefix)]

    def put_json(self, key, body):
        self.calls.append(("put", key))
        self.objects[key] = json.dumps(body)


class FakeSink:
    def __init__(self, store):
        self.store, self.written = store, {}

    def write(self, frame, path):
        prefix = path.split("/", 3)[3]
        self.written[prefix] = frame
        self.store.calls.append(("write", prefix))
        self.store.objects[prefix + "part-00000.snappy.parquet"] = "x" * (10 * len(frame.rows))
        self.store.objects[prefix + "_SUCCESS"] = ""


def run(store=None, source=None, **over):
    store = store if store is not None else FakeStore()
    sink = FakeSink(store)
    manifest = job.publish(args(**over), NOW, source or FakeSource(SOURCE), sink, store, log=lambda *_: None)
    return manifest, sink, store


class TransformationTest(unittest.TestCase):
    def test_drops_every_pii_column_and_keeps_the_declared_order(self):
        self.assertEqual(job.published_columns(CUSTOMERS["columns"]), [("customer_id", "int"), ("first_name", "string"), ("age", "int")])

    def test_selects_only_the_published_columns_cast_to_their_types(self):
        exprs = job.select_expressions(["age", "address", "customer_id", "undeclared"], job.published_columns(CUSTOMERS["columns"]))
        self.assertEqual(exprs, ["CAST(`customer_id` AS int) AS `customer_id`", "CAST(NULL AS string) AS `first_name`", "CAST(`age` AS int) AS `age`"])
        self.assertFalse(any("address" in e or "undeclared" in e for e in exprs))

    def test_checks_each_present_column_cast(self):
        self.assertEqual(job.cast_check_expressions(["price"], [("price", "decimal(10,2)"), ("sold_on", "date")]),
                         ["SUM(CASE WHEN `price` IS NOT NULL AND CAST(`price` AS decimal(10,2)) IS NULL THEN 1 ELSE 0 END) AS `price`"])

    def test_keys_of_a_snapshot(self):
        self.assertEqual(job.snapshot_of(NOW), "2026-11-20")
        self.assertEqual(job.table_prefix("sales_insights", "customers", "2026-11-20"), "sales_insights/customers/snapshot=2026-11-20/")
        self.assertEqual(job.manifest_key("sales_insights", "2026-11-20"), "sales_insights/_manifests/2026-11-20/_manifest.json")

    def test_data_objects_leave_out_markers(self):
        listing = [("p/t/snapshot=d/part-1.parquet", 5), ("p/t/snapshot=d/_SUCCESS", 0), ("p/t/snapshot=d/.part-1.crc", 1), ("p/t/snapshot=d_$folder$", 0), ("p/t/snapshot=d/part-0.parquet", 3)]
        self.assertEqual(job.data_objects(listing), [{"key": "p/t/snapshot=d/part-0.parquet", "size": 3}, {"key": "p/t/snapshot=d/part-1.parquet", "size": 5}])

    def test_manifest_refuses_an_object_of_another_product(self):
        with self.assertRaises(ValueError):
            job.build_manifest("sales_insights", "2026-11-20", "t", [CUSTOMERS], [{"key": "market_prices/x.parquet", "size": 1}])

    def test_parse_tables_refuses_what_could_reach_spark_sql_unchecked(self):
        for bad in [[], [{"name": "t; DROP", "columns": [{"name": "a", "type": "int"}]}], [{"name": "t", "columns": [{"name": "a", "type": "int) AS x, (1"}]}],
                    [{"name": "t", "columns": []}], [{"name": "t", "columns": [{"name": "snapshot", "type": "string"}]}]]:
            with self.subTest(bad=bad), self.assertRaises(ValueError):
                job.parse_tables(json.dumps(bad))

    def test_import_loads_no_glue_spark_or_boto3(self):
        code = "import sys; sys.path.insert(0, %r); import publish_snapshot; print(sorted(m for m in sys.modules if m.split('.')[0] in ('awsglue', 'pyspark', 'boto3')))" % SCRIPTS
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
        self.assertEqual(out, "[]")


class PublishTest(unittest.TestCase):
    def test_writes_each_table_without_its_pii_columns_and_with_its_types(self):
        _, sink, _ = run()
        customers = sink.written["sales_insights/customers/snapshot=2026-11-20/"]
        self.assertEqual(customers.columns, ["customer_id", "first_name", "age"])
        self.assertEqual(customers.rows, [{"customer_id": 1, "first_name": "Ada", "age": 41}, {"customer_id": 2, "first_name": None, "age": 37}])
        sales = sink.written["sales_insights/clean_sales/snapshot=2026-11-20/"]
        self.assertEqual(sales.rows, [
            {"sale_id": 10, "price": Decimal("1234.50"), "sold_on": date(2026, 11, 19)},
            {"sale_id": 11, "price": Decimal("7.50"), "sold_on": None},
        ])

    def test_reads_each_table_of_the_source_database_through_the_source(self):
        source = FakeSource(SOURCE)
        run(source=source)
        self.assertEqual(source.reads, [("db1", "customers"), ("db1", "clean_sales")])

    def test_writes_the_manifest_last_listing_exactly_the_data_files(self):
        manifest, _, store = run()
        self.assertEqual(store.calls[-1], ("put", "sales_insights/_manifests/2026-11-20/_manifest.json"))
        self.assertEqual([c for c in store.calls if c[0] == "put"], [store.calls[-1]], "one manifest")
        self.assertEqual(manifest["objects"], [
            {"key": "sales_insights/customers/snapshot=2026-11-20/part-00000.snappy.parquet", "size": 20},
            {"key": "sales_insights/clean_sales/snapshot=2026-11-20/part-00000.snappy.parquet", "size": 20},
        ])
        self.assertEqual((manifest["product"], manifest["snapshot"], manifest["createdAt"]), ("sales_insights", "2026-11-20", "2026-11-20T06:00:05Z"))
        self.assertEqual(manifest["tables"][0]["columns"], [{"name": "customer_id", "type": "int"}, {"name": "first_name", "type": "string"}, {"name": "age", "type": "int"}])
        self.assertNotIn("address", json.dumps(manifest))

    def test_does_nothing_when_the_day_is_already_published(self):
        key = "sales_insights/_manifests/2026-11-20/_manifest.json"
        store = FakeStore({key: "{}"})
        manifest, sink, store = run(store=store)
        self.assertIsNone(manifest)
        self.assertEqual((sink.written, store.calls), ({}, []))

    def test_clears_what_a_failed_run_of_the_day_left_before_writing(self):
        leftover = "sales_insights/customers/snapshot=2026-11-20/part-old.snappy.parquet"
        manifest, _, store = run(store=FakeStore({leftover: "old"}))
        self.assertNotIn(leftover, store.objects)
        self.assertNotIn(leftover, [o["key"] for o in manifest["objects"]])
        self.assertLess(store.calls.index(("purge", "sales_insights/customers/snapshot=2026-11-20/")), store.calls.index(("write", "sales_insights/customers/snapshot=2026-11-20/")))

    def test_fails_before_the_manifest_on_a_value_that_is_not_of_its_type(self):
        bad = dict(SOURCE, clean_sales=[{"sale_id": "ten", "price": "1.00", "sold_on": "yesterday"}])
        store = FakeStore()
        with self.assertRaises(RuntimeError) as raised:
            run(store=store, source=FakeSource(bad))
        self.assertIn('clean_sales: values that are not of the declared type, by column: {"sale_id": 1, "sold_on": 1}', str(raised.exception))
        self.assertFalse(any(c[0] == "put" for c in store.calls), "no manifest: the snapshot does not exist")

    def test_refuses_a_bad_bucket_or_product_before_reading(self):
        for over in [{"output_s3_bucket_name": "a/b"}, {"product": "../x"}]:
            source = FakeSource(SOURCE)
            with self.subTest(over=over), self.assertRaises(ValueError):
                run(source=source, **over)
            self.assertEqual(source.reads, [])


class MainTest(unittest.TestCase):
    """main() with fake awsglue, pyspark and boto3 modules: the adapters call Glue and S3 as the job needs."""

    def test_reads_through_the_catalog_writes_parquet_and_an_encrypted_manifest(self):
        calls = []

        class DynamicFrame:
            def __init__(self, df):
                self.df = df

            def toDF(self):
                return self.df

            @classmethod
            def fromDF(cls, df, ctx, name):
                return cls(df)

        class GlueContext:
            def __init__(self, sc):
                self.create_dynamic_frame = types.SimpleNamespace(from_catalog=self.from_catalog)
                self.write_dynamic_frame = types.SimpleNamespace(from_options=self.from_options)

            def from_catalog(self, **kw):
                calls.append(("read", kw["database"], kw["table_name"]))
                return DynamicFrame(FakeFrame(SOURCE[kw["table_name"]]))

            def from_options(self, **kw):
                calls.append(("write", kw["connection_options"]["path"], kw["format"], kw["frame"].df.columns))

            def purge_s3_path(self, path, options):
                calls.append(("purge", path, options))

        class Job:
            def __init__(self, ctx):
                pass

            def init(self, name, a):
                calls.append(("init", name))

            def commit(self):
                calls.append(("commit",))

        class S3:
            def list_objects_v2(self, **kw):
                calls.append(("list", kw["Prefix"]))
                if kw["Prefix"].endswith("/"):
                    return {"Contents": [{"Key": kw["Prefix"] + "part-0.parquet", "Size": 7}], "KeyCount": 1}
                return {"KeyCount": 0}

            def put_object(self, **kw):
                calls.append(("put", kw["Key"], kw["ServerSideEncryption"], kw["SSEKMSKeyId"]))

        def getResolvedOptions(argv, names):
            pairs = dict(zip(argv[1::2], argv[2::2]))
            return {n: pairs["--" + n] for n in names}

        modules = {
            "boto3": types.SimpleNamespace(client=lambda name: S3()),
            "awsglue": types.ModuleType("awsglue"),
            "awsglue.context": types.SimpleNamespace(GlueContext=GlueContext),
            "awsglue.job": types.SimpleNamespace(Job=Job),
            "awsglue.utils": types.SimpleNamespace(getResolvedOptions=getResolvedOptions),
            "awsglue.dynamicframe": types.SimpleNamespace(DynamicFrame=DynamicFrame),
            "pyspark": types.ModuleType("pyspark"),
            "pyspark.context": types.SimpleNamespace(SparkContext=types.SimpleNamespace(getOrCreate=lambda: object())),
        }
        argv = ["publish_snapshot.py"] + [x for k, v in args(tables=[CUSTOMERS]).items() for x in ("--" + k, v)]
        with mock.patch.dict(sys.modules, modules), mock.patch.object(sys, "argv", argv):
            job.main(now=NOW)
        snapshot = "2026-11-20"
        prefix = "sales_insights/customers/snapshot=%s/" % snapshot
        self.assertEqual(calls, [
            ("init", "datasharing-publish-sales-insights"),
            ("list", "sales_insights/_manifests/%s/_manifest.json" % snapshot),
            ("read", "db1", "customers"),
            ("purge", "s3://published-bucket/" + prefix, {"retentionPeriod": 0}),
            ("write", "s3://published-bucket/" + prefix, "parquet", ["customer_id", "first_name", "age"]),
            ("list", prefix),
            ("put", "sales_insights/_manifests/%s/_manifest.json" % snapshot, "aws:kms", "arn:aws:kms:eu-west-1:111111111111:key/published"),
            ("commit",),
        ])


if __name__ == "__main__":
    unittest.main()
