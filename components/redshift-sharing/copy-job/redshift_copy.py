"""Option B of pattern 4: copy shared tables from the producer's Redshift warehouse to the
external account's, where the external datashare publishes them.

Each table is read over JDBC as `copy_reader`, landed in a staging table of the external
warehouse as `copy_writer`, then swapped in with one transaction (delete, insert from
staging), so consumers never see a half-copied table. Credentials come from the two Glue
connections (their Secrets Manager secrets); nothing secret is passed as an argument.
"""
import json
import sys

# The arguments main() resolves, less the JOB_NAME Glue adds itself; the program passes exactly these.
JOB_ARGUMENTS = ["source_connection", "target_connection", "tables", "staging_schema"]


def quote(identifier):
    """Double-quotes a validated identifier; the program already refused anything else."""
    if not identifier.replace("_", "").replace("$", "").isalnum():
        raise ValueError(f"unsafe identifier {identifier!r}")
    return f'"{identifier}"'


def qualified(schema, table):
    return f"{quote(schema)}.{quote(table)}"


def staging_name(schema, table):
    return f"{schema}__{table}"


def swap_statements(schema, table, staging_schema):
    """The transaction that replaces the table's rows with the staged ones."""
    target = qualified(schema, table)
    staged = qualified(staging_schema, staging_name(schema, table))
    return ["BEGIN", f"DELETE FROM {target}", f"INSERT INTO {target} SELECT * FROM {staged}", "COMMIT"]


def jdbc_options(conf):
    return {"url": conf["fullUrl"], "user": conf["user"], "password": conf["password"], "driver": "com.amazon.redshift.jdbc42.Driver"}


def run_statements(spark, conf, statements):
    """Runs SQL on the target through the driver's JDBC connection (Spark has no DML API)."""
    jvm = spark.sparkContext._jvm
    connection = jvm.java.sql.DriverManager.getConnection(conf["fullUrl"], conf["user"], conf["password"])
    try:
        connection.setAutoCommit(True)
        statement = connection.createStatement()
        for sql in statements:
            statement.execute(sql)
    finally:
        connection.close()


def copy_table(glue_context, source, target, schema, table, staging_schema):
    spark = glue_context.spark_session
    rows = spark.read.format("jdbc").options(**jdbc_options(source), dbtable=qualified(schema, table)).load()
    (
        rows.write.format("jdbc")
        .options(**jdbc_options(target), dbtable=qualified(staging_schema, staging_name(schema, table)))
        .mode("overwrite")
        .save()
    )
    run_statements(spark, target, swap_statements(schema, table, staging_schema))
    return rows.count()


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
        count = copy_table(glue_context, source, target, entry["schema"], entry["table"], args["staging_schema"])
        print(f"copied {count} rows of {entry['schema']}.{entry['table']}")
    job.commit()


if __name__ == "__main__":
    main()
