"""Option B of pattern 4: copy shared tables from the producer's Redshift warehouse to the
external account's, where the external datashare publishes them.

Each table is read over JDBC as `copy_reader` and landed, as `copy_writer`, in a staging
table created `LIKE` the target, so every column keeps the target's type: Spark's own
CREATE TABLE (its JDBC "overwrite") would make strings VARCHAR(256) and booleans BIT, and
longer strings or booleans would then fail. The staged rows are then swapped in with one
transaction (delete, insert from staging), so consumers never see a half-copied table, and
the staging table is dropped. Credentials come from the two Glue connections (their
Secrets Manager secrets); nothing secret is passed as an argument.
"""
import json
import sys

# The arguments main() resolves, less the JOB_NAME Glue adds itself; the program passes exactly these.
JOB_ARGUMENTS = ["source_connection", "target_connection", "tables", "staging_schema"]

JDBC_DRIVER = "com.amazon.redshift.jdbc42.Driver"


def quote(identifier):
    """Double-quotes a validated identifier; the program already refused anything else."""
    if not identifier or not identifier.replace("_", "").replace("$", "").isalnum():
        raise ValueError(f"unsafe identifier {identifier!r}")
    return f'"{identifier}"'


def qualified(schema, table):
    return f"{quote(schema)}.{quote(table)}"


def staging_name(schema, table):
    return f"{schema}__{table}"


def staged_table(schema, table, staging_schema):
    return qualified(staging_schema, staging_name(schema, table))


def prepare_statements(schema, table, staging_schema):
    """An empty staging table with exactly the target's columns and types (a failed run may have left one)."""
    staged = staged_table(schema, table, staging_schema)
    return [f"DROP TABLE IF EXISTS {staged}", f"CREATE TABLE {staged} (LIKE {qualified(schema, table)})"]


def swap_statements(schema, table, staging_schema):
    """Run in one transaction: the table's rows replaced by the staged ones."""
    target = qualified(schema, table)
    staged = staged_table(schema, table, staging_schema)
    return [f"DELETE FROM {target}", f"INSERT INTO {target} SELECT * FROM {staged}"]


def cleanup_statements(schema, table, staging_schema):
    """The staging copy is not kept once swapped in."""
    return [f"DROP TABLE IF EXISTS {staged_table(schema, table, staging_schema)}"]


def jdbc_options(conf):
    return {"url": conf["fullUrl"], "user": conf["user"], "password": conf["password"], "driver": JDBC_DRIVER}


def connect(spark, conf):
    """A JDBC connection through the driver's JVM (Spark has no DML API)."""
    return spark.sparkContext._jvm.java.sql.DriverManager.getConnection(conf["fullUrl"], conf["user"], conf["password"])


def run_statements(spark, conf, statements):
    """Runs each statement on its own (autocommit)."""
    connection = connect(spark, conf)
    try:
        connection.setAutoCommit(True)
        statement = connection.createStatement()
        for sql in statements:
            statement.execute(sql)
    finally:
        connection.close()


def run_transaction(spark, conf, statements):
    """Runs the statements as one transaction: all of them, or (on any error) none."""
    connection = connect(spark, conf)
    try:
        connection.setAutoCommit(False)
        statement = connection.createStatement()
        try:
            for sql in statements:
                statement.execute(sql)
            connection.commit()
        except Exception:
            connection.rollback()
            raise
    finally:
        connection.close()


def copy_table(glue_context, source, target, schema, table, staging_schema):
    spark = glue_context.spark_session
    run_statements(spark, target, prepare_statements(schema, table, staging_schema))
    rows = spark.read.format("jdbc").options(**jdbc_options(source), dbtable=qualified(schema, table)).load()
    # Append into the table made LIKE the target: Spark inserts, and never creates a table of its own types.
    rows.write.format("jdbc").options(**jdbc_options(target), dbtable=staged_table(schema, table, staging_schema)).mode("append").save()
    run_transaction(spark, target, swap_statements(schema, table, staging_schema))
    run_statements(spark, target, cleanup_statements(schema, table, staging_schema))


def main():
    # Imported here: Glue provides them, and tests import this module without them.
    from awsglue.context import GlueContext
    from awsglue.job import Job
    from awsglue.utils import getResolvedOptions
    from pyspark.context import SparkContext

    args = getResolvedOptions(sys.argv, ["JOB_NAME", *JOB_ARGUMENTS])
    glue_context = GlueContext(SparkContext.getOrCreate())
    job = Job(glue_context)
    job.init(args["JOB_NAME"], args)
    source = glue_context.extract_jdbc_conf(args["source_connection"])
    target = glue_context.extract_jdbc_conf(args["target_connection"])
    for entry in json.loads(args["tables"]):
        copy_table(glue_context, source, target, entry["schema"], entry["table"], args["staging_schema"])
        print(f"copied {entry['schema']}.{entry['table']}")
    job.commit()


if __name__ == "__main__":
    main()
