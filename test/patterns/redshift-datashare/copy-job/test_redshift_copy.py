"""Tests of patterns/redshift-datashare/copy-job/redshift_copy.py against the in-memory
Redshift and Spark of ``fake_redshift``: what lands in the external warehouse, with which
types, and what a failure leaves behind."""

import json
import subprocess
import sys
import unittest

from fake_redshift import SCRIPTS, RedshiftError, Session, Warehouse, conf, glue_modules, run_main

import redshift_copy  # found through the scripts' folder fake_redshift puts on sys.path

SOURCE_URL = "jdbc:redshift://production:5439/dev"
TARGET_URL = "jdbc:redshift://external-copy-endpoint:5439/dev"
LOG = '"logs"."transaction_log"'
STAGED = '"copy_staging"."logs__transaction_log"'
COLUMNS = [("event_id", "BIGINT"), ("message", "VARCHAR(65535)"), ("refunded", "BOOLEAN")]
LONG_MESSAGE = "refund sent; " * 100  # 1300 characters: longer than Spark's VARCHAR(256)
ROWS = [
    {"event_id": 1, "message": LONG_MESSAGE, "refunded": True},
    {"event_id": 2, "message": "short", "refunded": False},
    {"event_id": 3, "message": None, "refunded": None},
]
OLD_ROWS = [{"event_id": 0, "message": "yesterday", "refunded": False}]


def warehouses():
    source = Warehouse({LOG: {"columns": list(COLUMNS), "rows": [dict(r) for r in ROWS]}})
    target = Warehouse({LOG: {"columns": list(COLUMNS), "rows": [dict(r) for r in OLD_ROWS]}})
    return source, target


def copy(source, target):
    session = Session({SOURCE_URL: source, TARGET_URL: target})
    glue_context = type("GlueContext", (), {"spark_session": session})()
    redshift_copy.copy_table(glue_context, conf(SOURCE_URL, "copy_reader"), conf(TARGET_URL, "copy_writer"), "logs", "transaction_log", "copy_staging")
    return session


class StatementsTest(unittest.TestCase):
    def test_staging_table_is_made_like_the_target(self):
        self.assertEqual(redshift_copy.prepare_statements("logs", "transaction_log", "copy_staging"), [
            f"DROP TABLE IF EXISTS {STAGED}",
            f"CREATE TABLE {STAGED} (LIKE {LOG})",
        ])

    def test_swap_replaces_the_rows_from_staging(self):
        self.assertEqual(redshift_copy.swap_statements("logs", "transaction_log", "copy_staging"), [f"DELETE FROM {LOG}", f"INSERT INTO {LOG} SELECT * FROM {STAGED}"])
        self.assertEqual(redshift_copy.cleanup_statements("logs", "transaction_log", "copy_staging"), [f"DROP TABLE IF EXISTS {STAGED}"])

    def test_refuses_names_that_could_carry_sql(self):
        for bad in ['x"; drop table y; --', "a b", "", "t;"]:
            with self.subTest(bad=bad):
                with self.assertRaises(ValueError):
                    redshift_copy.qualified("logs", bad)


class CopyTest(unittest.TestCase):
    def test_long_strings_and_booleans_arrive_with_the_targets_types(self):
        source, target = warehouses()
        copy(source, target)
        self.assertEqual(target.tables[LOG]["rows"], ROWS)
        self.assertEqual(target.tables[LOG]["columns"], COLUMNS, "the target's types are never changed")
        self.assertNotIn(STAGED, target.tables, "the staging copy is dropped once swapped in")

    def test_never_lets_spark_create_a_table(self):
        source, target = warehouses()
        session = copy(source, target)
        writes = [e for e in session.events if e[0] == "write"]
        self.assertEqual(writes, [("write", TARGET_URL, STAGED, "append")])

    def test_reads_as_the_reader_and_writes_as_the_writer(self):
        source, target = warehouses()
        session = copy(source, target)
        self.assertEqual([e for e in session.events if e[0] == "read"], [("read", SOURCE_URL, LOG)])
        self.assertEqual({e[2] for e in session.events if e[0] == "connect"}, {"copy_writer"}, "statements run on the target only")
        self.assertEqual(source.log, [], "nothing is run on the production warehouse")

    def test_swaps_in_one_transaction(self):
        source, target = warehouses()
        session = copy(source, target)
        self.assertIn([("autocommit", False), ("commit",), ("close",)], [session.events[i:i + 3] for i in range(len(session.events))])
        self.assertEqual(target.log[-3:], [f"DELETE FROM {LOG}", f"INSERT INTO {LOG} SELECT * FROM {STAGED}", f"DROP TABLE IF EXISTS {STAGED}"])

    def test_a_failed_swap_leaves_the_previous_rows(self):
        source, target = warehouses()
        target.fail_on = r"^INSERT INTO"
        with self.assertRaises(RedshiftError):
            copy(source, target)
        self.assertEqual(target.tables[LOG]["rows"], OLD_ROWS, "the DELETE was rolled back with the failed INSERT")

    def test_a_failed_load_never_touches_the_target(self):
        source, target = warehouses()
        # A value the target's column cannot hold stops the load into staging.
        source.tables[LOG]["rows"].append({"event_id": 4, "message": "x" * 70000, "refunded": False})
        with self.assertRaises(RedshiftError):
            copy(source, target)
        self.assertEqual(target.tables[LOG]["rows"], OLD_ROWS)
        self.assertFalse(any(sql.startswith("DELETE") for sql in target.log))

    def test_a_staging_table_left_by_a_failed_run_is_replaced(self):
        source, target = warehouses()
        target.tables[STAGED] = {"columns": [("event_id", "BIGINT")], "rows": [{"event_id": 99}]}
        copy(source, target)
        self.assertEqual(target.tables[LOG]["rows"], ROWS)


class MainTest(unittest.TestCase):
    def test_job_arguments(self):
        self.assertEqual(redshift_copy.JOB_ARGUMENTS, ["source_connection", "target_connection", "tables", "staging_schema"])

    def test_main_copies_every_listed_table_then_commits_the_job(self):
        source, target = warehouses()
        source.tables['"logs"."other"'] = {"columns": [("id", "INTEGER")], "rows": [{"id": 7}]}
        target.tables['"logs"."other"'] = {"columns": [("id", "INTEGER")], "rows": []}
        session = Session({SOURCE_URL: source, TARGET_URL: target})
        calls = []
        confs = {"src": conf(SOURCE_URL, "copy_reader"), "dst": conf(TARGET_URL, "copy_writer")}
        tables = json.dumps([{"schema": "logs", "table": "transaction_log"}, {"schema": "logs", "table": "other"}])
        argv = ["redshift_copy.py", "--JOB_NAME", "copy", "--source_connection", "src", "--target_connection", "dst", "--tables", tables, "--staging_schema", "copy_staging"]
        run_main(redshift_copy.main, glue_modules(session, confs, calls), argv)
        self.assertEqual(calls, [("init", "copy"), ("commit",)])
        self.assertEqual(target.tables[LOG]["rows"], ROWS)
        self.assertEqual(target.tables['"logs"."other"']["rows"], [{"id": 7}])

    def test_import_does_not_load_glue_or_spark(self):
        code = ("import sys; sys.path.insert(0, %r); import redshift_copy; "
                "print(sorted(m for m in sys.modules if m.split('.')[0] in ('awsglue', 'pyspark')))") % SCRIPTS
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
        self.assertEqual(out, "[]")


if __name__ == "__main__":
    unittest.main()
