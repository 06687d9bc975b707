import { spawnSync } from "child_process";
import { LakeTable } from "../../components/secure-lake/tables";
import { python3 } from "./python";

/**
 * Runs SQL over CSV text with Python's standard library: its `csv` module parses the files
 * (an independent, strict RFC 4180 reader) and SQLite executes the query. Both are on every
 * machine that has python3, and neither needs a native npm package.
 */

export interface CsvTable {
    /** Schema the table lives in, e.g. "db1" (an attached in-memory database). */
    readonly schema: string;
    readonly table: LakeTable;
    readonly csv: string;
}

const SCRIPT = String.raw`
import csv, io, json, sqlite3, sys
request = json.load(sys.stdin)
con = sqlite3.connect(":memory:")
for schema in sorted({t["schema"] for t in request["tables"]}):
    con.execute(f"ATTACH DATABASE ':memory:' AS \"{schema}\"")
for t in request["tables"]:
    cols = t["columns"]
    reader = csv.reader(io.StringIO(t["csv"], newline=""), strict=True)
    header = next(reader)
    if header != [c["name"] for c in cols]:
        sys.exit(f"{t['name']}: header {header} is not {[c['name'] for c in cols]}")
    ddl = ", ".join(f"\"{c['name']}\" {'INTEGER' if c['type'] == 'int' else 'TEXT'}" for c in cols)
    con.execute(f"CREATE TABLE \"{t['schema']}\".\"{t['name']}\" ({ddl})")
    rows = []
    for line, row in enumerate(reader, start=2):
        if len(row) != len(cols):
            sys.exit(f"{t['name']} line {line}: {len(row)} fields, expected {len(cols)}")
        rows.append([int(v) if c["type"] == "int" else v for v, c in zip(row, cols)])
    marks = ", ".join("?" for _ in cols)
    con.executemany(f"INSERT INTO \"{t['schema']}\".\"{t['name']}\" VALUES ({marks})", rows)
cursor = con.execute(request["sql"])
names = [d[0] for d in cursor.description]
json.dump([dict(zip(names, r)) for r in cursor.fetchall()], sys.stdout)
`;

export function queryCsv(tables: readonly CsvTable[], sql: string): Record<string, string | number | null>[] {
    const request = { sql, tables: tables.map((t) => ({ schema: t.schema, name: t.table.name, columns: t.table.columns, csv: t.csv })) };
    const run = spawnSync(python3(), ["-c", SCRIPT], { input: JSON.stringify(request), encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    if (run.status !== 0) {
        throw new Error(`SQL over CSV failed: ${run.stderr || run.error?.message}`);
    }
    return JSON.parse(run.stdout);
}
