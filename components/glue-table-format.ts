/**
 * How a Glue catalog table reads its files, per format: one place, so the producer's lake
 * and any catalog declaring tables over the same files (governance's, pattern 2) read them
 * the same way. CSV columns are read by position, so a table over CSV files must declare
 * every column of the files, in order; Parquet columns are read by name.
 */

export type TableFormat = "csv" | "parquet";

/** Table parameters of a format; the CSV files carry a header line. */
export function tableParameters(format: TableFormat): Record<string, string> {
    return format === "csv" ? { EXTERNAL: "TRUE", classification: "csv", "skip.header.line.count": "1" } : { EXTERNAL: "TRUE", classification: "parquet" };
}

/** Storage descriptor fields of a format; the CSV SerDe understands quoted fields such as "$1,234.50". */
export const TABLE_STORAGE = {
    csv: {
        inputFormat: "org.apache.hadoop.mapred.TextInputFormat",
        outputFormat: "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
        serDeInfo: { serializationLibrary: "org.apache.hadoop.hive.serde2.OpenCSVSerde", parameters: { separatorChar: ",", quoteChar: '"', escapeChar: "\\" } },
    },
    parquet: {
        inputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
        outputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
        serDeInfo: { serializationLibrary: "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe" },
    },
} as const;
