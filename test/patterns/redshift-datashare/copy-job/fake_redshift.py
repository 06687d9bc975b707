"""Test support for patterns/redshift-datashare/copy-job/redshift_copy.py, without Spark.

A small in-memory Redshift that understands the statements the copy script sends (and
nothing else), a Spark session whose JDBC reader and writer use it the way Spark's JDBC
source does, and the Glue modules ``main()`` imports. Column types are enforced as
Redshift enforces them, so a test shows what lands in the target, not which calls were made.
"""

import copy
import os
import re
import sys
import types
from unittest import mock

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", "..", ".."))
SCRIPTS = os.path.join(REPO, "patterns", "redshift-datashare", "copy-job")
if SCRIPTS not in sys.path:
    sys.path.insert(0, SCRIPTS)

# What Spark's JDBC writer declares when it creates a table itself (JdbcUtils.getCommonJDBCType):
# Redshift reads TEXT as VARCHAR(256), and has no BIT type.
SPARK_CREATED_TYPES = {"string": "VARCHAR(256)", "boolean": "BIT(1)", "bigint": "BIGINT", "int": "INTEGER", "timestamp": "TIMESTAMP"}

_NAME = r'"\w+"\."\w+"'


class RedshiftError(Exception):
    pass


def check_value(column, type_, value):
    """Refuses a value the column's type cannot hold, with Redshift's wording."""
    if value is None:
        return
    varchar = re.fullmatch(r"VARCHAR\((\d+)\)", type_)
    if varchar and len(value.encode("utf8")) > int(varchar.group(1)):
        raise RedshiftError(f"value too long for type character varying({varchar.group(1)}) (column {column})")
    if type_ == "BOOLEAN" and not isinstance(value, bool):
        raise RedshiftError(f"column {column} is of type boolean but expression is of another type")


class Warehouse:
    """Tables by qualified name: ``{"columns": [(name, type)], "rows": [dict]}``."""

    def __init__(self, tables=None):
        self.tables = tables or {}
        self.log = []
        self.fail_on = None  # a regex: the statement matching it fails

    def create(self, name, columns):
        for _, type_ in columns:
            if type_.startswith("BIT"):
                raise RedshiftError(f'Column type "{type_}" is not supported')
        if name in self.tables:
            raise RedshiftError(f"relation {name} already exists")
        self.tables[name] = {"columns": list(columns), "rows": []}

    def table(self, name):
        if name not in self.tables:
            raise RedshiftError(f"relation {name} does not exist")
        return self.tables[name]

    def insert(self, name, rows):
        table = self.table(name)
        for row in rows:
            for column, type_ in table["columns"]:
                check_value(column, type_, row.get(column))
            table["rows"].append({c: row.get(c) for c, _ in table["columns"]})

    def execute(self, sql):
        self.log.append(sql)
        if self.fail_on and re.search(self.fail_on, sql):
            raise RedshiftError(f"injected failure: {sql}")
        m = re.fullmatch(rf"DROP TABLE IF EXISTS ({_NAME})", sql)
        if m:
            self.tables.pop(m.group(1), None)
            return
        m = re.fullmatch(rf"CREATE TABLE ({_NAME}) \(LIKE ({_NAME})\)", sql)
        if m:
            self.create(m.group(1), self.table(m.group(2))["columns"])
            return
        m = re.fullmatch(rf"DELETE FROM ({_NAME})", sql)
        if m:
            self.table(m.group(1))["rows"] = []
            return
        m = re.fullmatch(rf"INSERT INTO ({_NAME}) SELECT \* FROM ({_NAME})", sql)
        if m:
            target, source = self.table(m.group(1)), self.table(m.group(2))
            if [t for _, t in target["columns"]] != [t for _, t in source["columns"]]:
                raise RedshiftError("INSERT has columns of other types than the target")
            self.insert(m.group(1), [dict(zip([c for c, _ in target["columns"]], r.values())) for r in source["rows"]])
            return
        raise AssertionError(f"the fake does not understand: {sql}")


class Connection:
    """A JDBC connection: autocommit, or a transaction that commits or rolls back as a whole."""

    def __init__(self, warehouse, events):
        self.warehouse, self.events = warehouse, events
        self.autocommit, self.snapshot = True, None

    def setAutoCommit(self, on):
        self.events.append(("autocommit", on))
        self.autocommit = on
        self.snapshot = None if on else copy.deepcopy(self.warehouse.tables)

    def createStatement(self):
        return types.SimpleNamespace(execute=self.warehouse.execute)

    def commit(self):
        self.events.append(("commit",))
        self.snapshot = copy.deepcopy(self.warehouse.tables)

    def rollback(self):
        self.events.append(("rollback",))
        self.warehouse.tables = self.snapshot

    def close(self):
        self.events.append(("close",))
        if not self.autocommit:  # closing without commit discards the transaction
            self.warehouse.tables = self.snapshot


class JdbcBuilder:
    """What Spark's JDBC reader and writer share: the format, always jdbc here, and the options."""

    def format(self, f):
        assert f == "jdbc", f
        return self

    def options(self, **kw):
        self.kw = kw
        return self


class Frame:
    """Rows read from a table, with Spark's types, and the JDBC writer Spark gives them."""

    def __init__(self, session, columns, rows):
        self.session, self.columns, self.rows = session, columns, rows

    @property
    def write(self):
        frame = self

        class Writer(JdbcBuilder):
            def mode(self, m):
                self.m = m
                return self

            def save(self):
                frame.session.save(frame, self.kw, self.m)

        return Writer()

    def count(self):
        return len(self.rows)


class Session:
    """Spark as far as the script uses it: JDBC read and write, and the driver's JVM."""

    def __init__(self, warehouses):
        self.warehouses = warehouses  # by JDBC URL
        self.events = []
        session = self
        driver_manager = types.SimpleNamespace(getConnection=lambda url, user, password: session.connect(url, user, password))
        self.sparkContext = types.SimpleNamespace(_jvm=types.SimpleNamespace(java=types.SimpleNamespace(sql=types.SimpleNamespace(DriverManager=driver_manager))))

    def connect(self, url, user, password):
        self.events.append(("connect", url, user))
        return Connection(self.warehouses[url], self.events)

    @property
    def read(self):
        session = self

        class Reader(JdbcBuilder):
            def load(self):
                session.events.append(("read", self.kw["url"], self.kw["dbtable"]))
                table = session.warehouses[self.kw["url"]].table(self.kw["dbtable"])
                spark_types = [(c, spark_type(t)) for c, t in table["columns"]]
                return Frame(session, spark_types, copy.deepcopy(table["rows"]))

        return Reader()

    def save(self, frame, kw, mode):
        """Spark's JDBC writer: "overwrite" drops and creates the table with Spark's types; "append" inserts."""
        self.events.append(("write", kw["url"], kw["dbtable"], mode))
        warehouse = self.warehouses[kw["url"]]
        name = kw["dbtable"]
        if mode == "overwrite":
            warehouse.tables.pop(name, None)
            warehouse.create(name, [(c, SPARK_CREATED_TYPES[t]) for c, t in frame.columns])
        elif mode != "append":
            raise AssertionError(f"unexpected save mode {mode}")
        warehouse.insert(name, frame.rows)


def spark_type(redshift_type):
    if redshift_type.startswith("VARCHAR"):
        return "string"
    return {"BOOLEAN": "boolean", "BIGINT": "bigint", "INTEGER": "int", "TIMESTAMP": "timestamp"}[redshift_type]


def conf(url, user):
    """What ``GlueContext.extract_jdbc_conf`` returns for a connection."""
    return {"fullUrl": url, "user": user, "password": f"{user}-password"}


def glue_modules(session, confs, calls):
    """The awsglue/pyspark modules ``main()`` imports, over ``session``; ``calls`` records the job's life."""

    class GlueContext:
        def __init__(self, sc):
            self.spark_session = session

        def extract_jdbc_conf(self, name):
            return confs[name]

    class Job:
        def __init__(self, ctx):
            pass

        def init(self, name, args):
            calls.append(("init", name))

        def commit(self):
            calls.append(("commit",))

    def getResolvedOptions(argv, names):
        pairs = dict(zip(argv[1::2], argv[2::2]))
        return {n: pairs["--" + n] for n in names}

    return {
        "awsglue": types.ModuleType("awsglue"),
        "awsglue.context": types.SimpleNamespace(GlueContext=GlueContext),
        "awsglue.job": types.SimpleNamespace(Job=Job),
        "awsglue.utils": types.SimpleNamespace(getResolvedOptions=getResolvedOptions),
        "pyspark": types.ModuleType("pyspark"),
        "pyspark.context": types.SimpleNamespace(SparkContext=types.SimpleNamespace(getOrCreate=lambda: object())),
    }


def run_main(main, modules, argv):
    with mock.patch.dict(sys.modules, modules), mock.patch.object(sys, "argv", argv):
        main()
