import { DynamoDBClient, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import {
    DescribeStatementCommand,
    ExecuteStatementCommand,
    ExecuteStatementCommandInput,
    Field,
    GetStatementResultCommand,
    RedshiftDataClient,
} from "@aws-sdk/client-redshift-data";
import { PutObjectCommand, PutObjectCommandInput, S3Client } from "@aws-sdk/client-s3";
import { strict as assert } from "assert";
import { mockClient } from "aws-sdk-client-mock";
import { microbatchConfig } from "../../../../patterns/partner-api/microbatch/config";
import { MicrobatchDeps, batchKey, exportBatch, handler } from "../../../../patterns/partner-api/microbatch/handler";
import { pollSettings } from "../../../../patterns/partner-api/microbatch/statement";
import { FakeTable, dynamoClient, serveTable } from "../api/handlers/fake-dynamodb";

type Row = Record<string, string | number | bigint | null>;

const KMS_KEY = "arn:aws:kms:eu-west-1:111111111111:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
const PREFIX = "transaction_logs/transaction_log/";
/** The declared columns, as the export selects them. */
const SELECTED = 'src."event_id", src."event_time", src."customer_email", src."card_number", src."note"';

const ENV = {
    WORKGROUP_NAME: "producer",
    DATABASE: "dev",
    SOURCE_SCHEMA: "logs",
    SOURCE_TABLE: "transaction_log",
    WATERMARK_COLUMN: "event_id",
    COLUMNS: JSON.stringify(["event_id", "event_time", "customer_email", "card_number", "note"]),
    PII_COLUMNS: JSON.stringify(["customer_email", "card_number"]),
    OUTPUT_BUCKET: "producer-published-datasets",
    OUTPUT_PREFIX: PREFIX,
    KMS_KEY_ARN: KMS_KEY,
    WATERMARK_TABLE: "microbatch-watermarks",
    BATCH_LIMIT: "3",
};

/** A log row: an id, a time, two PII columns and free text that may hold PII. */
function logRow(id: number, note = `order ORD-${1000 + id} paid 19.99`): Row {
    return {
        event_id: id,
        event_time: `2025-03-01 10:00:${String(id).padStart(2, "0")}`,
        customer_email: `customer${id}@example.com`,
        card_number: "4111111111111111",
        note,
    };
}

/**
 * A Redshift warehouse behind the Data API stub: it runs the handler's SELECTs on an
 * in-memory table (the listed columns, CAST AS VARCHAR, IS NOT NULL / > :watermark /
 * <= :until / settled before `now`, ORDER BY, LIMIT), so the tests see which rows and
 * columns each query really returns. Results come back two records a page.
 */
class FakeWarehouse {
    rows: Row[] = [];
    readonly executed: ExecuteStatementCommandInput[] = [];
    failNext?: string;
    /** GETDATE() of the warehouse, as a timestamp string. */
    now = "2025-03-01 12:00:00";
    private readonly results = new Map<string, { columns: { name: string; text: boolean }[]; rows: Row[] }>();

    execute(input: ExecuteStatementCommandInput): { Id: string } {
        this.executed.push(input);
        const id = `st-${this.executed.length}`;
        const sql = input.Sql!;
        const m = /^SELECT (.+) FROM "logs"\."transaction_log" AS src WHERE (.+?) ORDER BY src\."(\w+)"(?: LIMIT (\d+))?$/.exec(sql);
        assert.ok(m, `unexpected SQL: ${sql}`);
        const [, list, where, orderBy, limit] = m;
        const columns = list.split(", ").map((item) => {
            const c = /^(?:src\."(\w+)"|CAST\(src\."(\w+)" AS VARCHAR\(20\)\) AS "(\w+)")$/.exec(item);
            assert.ok(c && (c[1] || c[2] === c[3]), `unexpected column: ${item}`);
            return { name: c[1] ?? c[2], text: c[1] === undefined };
        });
        const params = Object.fromEntries((input.Parameters ?? []).map((p) => [p.name!, p.value!]));
        const compare = (a: string | number | bigint, b: string): number =>
            typeof a === "bigint" ? Number(a - BigInt(b)) : typeof a === "number" ? a - Number(b) : a < b ? -1 : a > b ? 1 : 0;
        const secondsBefore = (seconds: number) => new Date(Date.parse(`${this.now}Z`) - seconds * 1000).toISOString().replace("T", " ").slice(0, 19);
        let rows = this.rows.filter((row) =>
            where.split(" AND ").every((condition) => {
                const c = /^src\."(\w+)" (IS NOT NULL|> :watermark|<= :until|<= DATEADD\(second, -(\d+), GETDATE\(\)\))$/.exec(condition);
                assert.ok(c, `unexpected condition: ${condition}`);
                const value = row[c[1]];
                if (value === null || value === undefined) return false;
                if (c[2] === "IS NOT NULL") return true;
                if (c[3] !== undefined) return compare(value, secondsBefore(Number(c[3]))) <= 0;
                return c[2] === "> :watermark" ? compare(value, params.watermark) > 0 : compare(value, params.until) <= 0;
            }),
        );
        rows = [...rows].sort((a, b) => compare(a[orderBy]!, String(b[orderBy])));
        if (limit) rows = rows.slice(0, Number(limit));
        this.results.set(id, { columns, rows });
        return { Id: id };
    }

    describe(id: string): object {
        if (this.failNext) {
            const error = this.failNext;
            this.failNext = undefined;
            return { Id: id, Status: "FAILED", Error: error };
        }
        return { Id: id, Status: "FINISHED", HasResultSet: true };
    }

    result(id: string, token?: string): object {
        const { columns, rows } = this.results.get(id)!;
        const start = token ? Number(token) : 0;
        const field = (v: string | number | bigint | null | undefined, text: boolean): Field =>
            v === null || v === undefined ? { isNull: true } : text || typeof v === "string" ? { stringValue: String(v) } : { longValue: Number(v) };
        return {
            ColumnMetadata: columns.map(({ name }) => ({ name })),
            Records: rows.slice(start, start + 2).map((row) => columns.map((c) => field(row[c.name], c.text))),
            TotalNumRows: rows.length,
            ...(start + 2 < rows.length ? { NextToken: String(start + 2) } : {}),
        };
    }
}

describe("microbatch export", () => {
    const redshift = mockClient(RedshiftDataClient);
    const s3 = mockClient(S3Client);
    const ddb = mockClient(DynamoDBClient);
    const savedPoll = { ...pollSettings };
    let warehouse: FakeWarehouse;
    let watermarks: FakeTable;
    let objects: Map<string, string>;

    const puts = (): PutObjectCommandInput[] => s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
    const state = () => watermarks.plain("dev.logs.transaction_log");
    const linesOf = (key: string) =>
        objects
            .get(key)!
            .trimEnd()
            .split("\n")
            .map((l) => JSON.parse(l) as Row);

    function deps(env: Record<string, string> = ENV): MicrobatchDeps {
        return {
            redshift: new RedshiftDataClient({ region: "eu-west-1" }),
            s3: new S3Client({ region: "eu-west-1" }),
            dynamo: dynamoClient(),
            config: microbatchConfig(env),
            now: new Date("2025-03-01T12:00:00Z"),
            log: () => undefined,
        };
    }

    before(() => Object.assign(pollSettings, { intervalMs: 0, attempts: 3 }));
    after(() => {
        Object.assign(pollSettings, savedPoll);
        redshift.restore();
        s3.restore();
        ddb.restore();
    });
    beforeEach(() => {
        redshift.reset();
        s3.reset();
        ddb.reset();
        warehouse = new FakeWarehouse();
        redshift.on(ExecuteStatementCommand).callsFake(async (input: ExecuteStatementCommandInput) => warehouse.execute(input));
        redshift.on(DescribeStatementCommand).callsFake(async (input: { Id: string }) => warehouse.describe(input.Id));
        redshift.on(GetStatementResultCommand).callsFake(async (input: { Id: string; NextToken?: string }) => warehouse.result(input.Id, input.NextToken));
        objects = new Map();
        s3.on(PutObjectCommand).callsFake(async (input: PutObjectCommandInput) => {
            objects.set(input.Key!, String(input.Body));
            return { ETag: '"etag"' };
        });
        watermarks = new FakeTable("source");
        serveTable(ddb, watermarks);
    });

    it("exports new rows in watermark order, redacted, SSE-KMS encrypted, then advances the watermark; with nothing new it writes nothing", async () => {
        warehouse.rows = [
            logRow(2, "call +44 20 7946 0958"),
            logRow(1, "mail john.doe@example.com"),
            logRow(3, "card 4111 1111 1111 1111"),
            logRow(4),
            logRow(5),
        ];

        const first = await exportBatch(deps());
        assert.deepEqual(first, { rows: 3, objectKey: `${PREFIX}batch-1-3.jsonl`, watermark: "3" });
        const [put] = puts();
        assert.equal(put.Bucket, "producer-published-datasets");
        assert.equal(put.Key, `${PREFIX}batch-1-3.jsonl`);
        assert.equal(put.ServerSideEncryption, "aws:kms");
        assert.equal(put.SSEKMSKeyId, KMS_KEY);
        assert.deepEqual(linesOf(`${PREFIX}batch-1-3.jsonl`), [
            { event_id: 1, event_time: "2025-03-01 10:00:01", customer_email: "[REDACTED]", card_number: "[REDACTED]", note: "mail [EMAIL]" },
            { event_id: 2, event_time: "2025-03-01 10:00:02", customer_email: "[REDACTED]", card_number: "[REDACTED]", note: "call [PHONE]" },
            { event_id: 3, event_time: "2025-03-01 10:00:03", customer_email: "[REDACTED]", card_number: "[REDACTED]", note: "card [CARD]" },
        ]);
        assert.doesNotMatch(objects.get(`${PREFIX}batch-1-3.jsonl`)!, /@example\.com|4111/);
        assert.equal(state()?.watermark, "3");
        assert.equal(state()?.pendingUntil, undefined);
        assert.equal(state()?.lastObjectKey, `${PREFIX}batch-1-3.jsonl`);

        const second = await exportBatch(deps());
        assert.deepEqual(second, { rows: 2, objectKey: `${PREFIX}batch-4-5.jsonl`, watermark: "5" });
        // The watermark is a Data API parameter; the SQL text never holds it.
        assert.deepEqual(
            warehouse.executed.map((e) => ({ sql: e.Sql, parameters: e.Parameters })),
            [
                {
                    sql: `SELECT ${SELECTED} FROM "logs"."transaction_log" AS src WHERE src."event_id" IS NOT NULL ORDER BY src."event_id" LIMIT 4`,
                    parameters: undefined,
                },
                {
                    sql: `SELECT ${SELECTED} FROM "logs"."transaction_log" AS src WHERE src."event_id" > :watermark ORDER BY src."event_id" LIMIT 4`,
                    parameters: [{ name: "watermark", value: "3" }],
                },
            ],
        );
        assert.deepEqual(
            { WorkgroupName: warehouse.executed[0].WorkgroupName, Database: warehouse.executed[0].Database, SecretArn: warehouse.executed[0].SecretArn },
            { WorkgroupName: "producer", Database: "dev", SecretArn: undefined },
        );

        const updatesBefore = ddb.commandCalls(UpdateItemCommand).length;
        const third = await exportBatch(deps());
        assert.deepEqual(third, { rows: 0, watermark: "5" });
        assert.equal(puts().length, 2);
        assert.equal(ddb.commandCalls(UpdateItemCommand).length, updatesBefore);
    });

    it("writes nothing, and records nothing, when the table is empty", async () => {
        assert.deepEqual(await exportBatch(deps()), { rows: 0 });
        assert.equal(puts().length, 0);
        assert.equal(state(), undefined);
    });

    it("when it fails after the write but before the watermark advances, the next run rewrites the same batch under the same key, then goes on", async () => {
        warehouse.rows = [logRow(1), logRow(2)];
        ddb.on(UpdateItemCommand).callsFake(async (input) => {
            if (String(input.UpdateExpression).includes("REMOVE pendingUntil")) {
                throw Object.assign(new Error("Throughput exceeds the current capacity of your table"), { name: "ProvisionedThroughputExceededException" });
            }
            return watermarks.update(input);
        });

        await assert.rejects(exportBatch(deps()), /Throughput exceeds/);
        assert.deepEqual(
            puts().map((p) => p.Key),
            [`${PREFIX}batch-1-2.jsonl`],
        );
        assert.equal(state()?.watermark, undefined);
        assert.equal(state()?.pendingUntil, "2");

        // A row arrives before the next run; the claimed batch is still re-read exactly.
        warehouse.rows.push(logRow(3));
        serveTable(ddb, watermarks);
        const again = await exportBatch(deps());
        assert.deepEqual(again, { rows: 2, objectKey: `${PREFIX}batch-1-2.jsonl`, watermark: "2" });
        assert.equal(puts()[1].Key, puts()[0].Key);
        assert.equal(puts()[1].Body, puts()[0].Body);
        assert.equal(
            warehouse.executed[1].Sql,
            `SELECT ${SELECTED} FROM "logs"."transaction_log" AS src WHERE src."event_id" IS NOT NULL AND src."event_id" <= :until ORDER BY src."event_id"`,
        );
        assert.equal(state()?.pendingUntil, undefined);

        const next = await exportBatch(deps());
        assert.deepEqual(next, { rows: 1, objectKey: `${PREFIX}batch-3-3.jsonl`, watermark: "3" });
        // Every row in exactly one object.
        assert.deepEqual(
            [...objects.keys()].flatMap((k) => linesOf(k).map((r) => r.event_id)),
            [1, 2, 3],
        );
    });

    it("when the S3 write fails, the watermark does not move and the next run writes the same batch", async () => {
        warehouse.rows = [logRow(1), logRow(2)];
        s3.on(PutObjectCommand).rejectsOnce(Object.assign(new Error("Access Denied"), { name: "AccessDenied" }));

        await assert.rejects(exportBatch(deps()), /Access Denied/);
        assert.equal(state()?.watermark, undefined);
        assert.equal(objects.size, 0);

        s3.on(PutObjectCommand).callsFake(async (input: PutObjectCommandInput) => {
            objects.set(input.Key!, String(input.Body));
            return {};
        });
        assert.deepEqual(await exportBatch(deps()), { rows: 2, objectKey: `${PREFIX}batch-1-2.jsonl`, watermark: "2" });
        assert.equal(state()?.watermark, "2");
    });

    it("never splits rows that share a watermark value across the batch limit, so none is skipped", async () => {
        const env = { ...ENV, WATERMARK_COLUMN: "event_time" };
        const at = (id: number, second: number): Row => ({ ...logRow(id), event_time: `2025-03-01 10:00:0${second}` });
        warehouse.rows = [at(1, 0), at(2, 1), at(3, 1), at(4, 1), at(5, 1), at(6, 2)];

        const results = [];
        for (let run = 0; run < 4; run++) {
            results.push(await exportBatch(deps(env)));
        }
        assert.deepEqual(
            results.map((r) => [r.rows, r.objectKey]),
            [
                [1, `${PREFIX}batch-2025-03-01_10_00_00-2025-03-01_10_00_00.jsonl`],
                // Four rows share 10:00:01, more than the limit of 3: all of them go together.
                [4, `${PREFIX}batch-2025-03-01_10_00_01-2025-03-01_10_00_01.jsonl`],
                [1, `${PREFIX}batch-2025-03-01_10_00_02-2025-03-01_10_00_02.jsonl`],
                [0, undefined],
            ],
        );
        assert.deepEqual(
            [...objects.keys()].flatMap((k) => linesOf(k).map((r) => r.event_id)),
            [1, 2, 3, 4, 5, 6],
        );
        assert.equal(state()?.watermark, "2025-03-01 10:00:02");
    });

    it("fails with Redshift's message when the query fails, writing nothing and keeping the watermark", async () => {
        warehouse.rows = [logRow(1)];
        warehouse.failNext = "ERROR: permission denied for relation transaction_log";
        await assert.rejects(
            exportBatch(deps()),
            /^Error: Redshift statement failed: SELECT .*\nERROR: permission denied for relation transaction_log\n\(on Serverless workgroup "producer", database "dev"; Data API statement st-1\)/,
        );
        assert.equal(puts().length, 0);
        assert.equal(state(), undefined);
    });

    it("stops, without advancing, when another run moved the watermark meanwhile", async () => {
        warehouse.rows = [logRow(1)];
        s3.on(PutObjectCommand).callsFake(async () => {
            watermarks.items.set("dev.logs.transaction_log", { source: { S: "dev.logs.transaction_log" }, watermark: { S: "9" } });
            return {};
        });
        await assert.rejects(exportBatch(deps()), /watermark of dev\.logs\.transaction_log changed while this run was advancing the watermark/);
        assert.equal(state()?.watermark, "9");
    });

    it("addresses a provisioned cluster with a secret", async () => {
        warehouse.rows = [logRow(1)];
        const { WORKGROUP_NAME: _unused, ...rest } = ENV;
        const secret = "arn:aws:secretsmanager:eu-west-1:111111111111:secret:redshift!producer-admin-AbCdEf";
        await exportBatch(deps({ ...rest, CLUSTER_IDENTIFIER: "producer-cluster", SECRET_ARN: secret }));
        const input = warehouse.executed[0];
        assert.deepEqual([input.ClusterIdentifier, input.WorkgroupName, input.SecretArn], ["producer-cluster", undefined, secret]);
    });

    it("exports only the declared columns: one added to the table later stays in the warehouse", async () => {
        warehouse.rows = [{ ...logRow(1), national_id: "AB123456C" }];
        await exportBatch(deps());
        assert.deepEqual(Object.keys(linesOf(`${PREFIX}batch-1-1.jsonl`)[0]), ["event_id", "event_time", "customer_email", "card_number", "note"]);
        assert.doesNotMatch(warehouse.executed[0].Sql!, /national_id|\*/);
    });

    it("reads BIGINT columns as text, so ids beyond 2^53 keep every digit, in the export and in the watermark", async () => {
        const env = { ...ENV, TEXT_COLUMNS: JSON.stringify(["event_id"]), BATCH_LIMIT: "2" };
        const big = (id: bigint): Row => ({ ...logRow(1), event_id: id });
        warehouse.rows = [big(1700000000000000201n), big(1700000000000000202n), big(1700000000000000203n)];
        assert.deepEqual(await exportBatch(deps(env)), {
            rows: 2,
            objectKey: `${PREFIX}batch-1700000000000000201-1700000000000000202.jsonl`,
            watermark: "1700000000000000202",
        });
        assert.match(warehouse.executed[0].Sql!, /^SELECT CAST\(src\."event_id" AS VARCHAR\(20\)\) AS "event_id", src\."event_time"/);
        // Ordered and compared on the column itself, not on its text.
        assert.match(warehouse.executed[0].Sql!, /WHERE src\."event_id" IS NOT NULL ORDER BY src\."event_id" LIMIT 3$/);
        assert.deepEqual(
            linesOf(`${PREFIX}batch-1700000000000000201-1700000000000000202.jsonl`).map((r) => r.event_id),
            ["1700000000000000201", "1700000000000000202"],
        );
        // The next id is neither skipped (a watermark rounded up) nor repeated (rounded down).
        assert.deepEqual(await exportBatch(deps(env)), {
            rows: 1,
            objectKey: `${PREFIX}batch-1700000000000000203-1700000000000000203.jsonl`,
            watermark: "1700000000000000203",
        });
    });

    it("fails, writing nothing, rather than round a BIGINT it was not told to read as text", async () => {
        warehouse.rows = [{ ...logRow(1), event_id: 1700000000000000201n }];
        await assert.rejects(exportBatch(deps()), /column event_id of Redshift statement st-1 holds a BIGINT beyond 2\^53 .* read it as text/);
        assert.equal(puts().length, 0);
        assert.equal(state(), undefined);
    });

    it("with a time watermark, leaves rows stamped within the settling time for a later run, so a late commit is not skipped", async () => {
        const env = { ...ENV, WATERMARK_COLUMN: "event_time", SETTLE_SECONDS: "300" };
        const at = (id: number, time: string): Row => ({ ...logRow(id), event_time: `2025-03-01 ${time}` });
        warehouse.rows = [at(1, "09:59:00"), at(2, "10:01:00")];
        warehouse.now = "2025-03-01 10:05:00";
        assert.deepEqual(await exportBatch(deps(env)), {
            rows: 1,
            objectKey: `${PREFIX}batch-2025-03-01_09_59_00-2025-03-01_09_59_00.jsonl`,
            watermark: "2025-03-01 09:59:00",
        });
        assert.match(warehouse.executed[0].Sql!, /AND src\."event_time" <= DATEADD\(second, -300, GETDATE\(\)\) ORDER BY/);
        // A load that began at 09:59:30 commits now: its row is still above the watermark.
        warehouse.rows.push(at(3, "09:59:30"));
        warehouse.now = "2025-03-01 10:07:00";
        await exportBatch(deps(env));
        assert.deepEqual(
            [...objects.keys()].flatMap((k) => linesOf(k).map((r) => r.event_id)),
            [1, 3, 2],
        );
    });

    it("runs as a Lambda entry from the environment", async () => {
        const saved = { ...process.env };
        const consoleLog = console.log;
        try {
            Object.assign(process.env, ENV);
            console.log = () => undefined;
            warehouse.rows = [logRow(7)];
            assert.deepEqual(await handler(), { rows: 1, objectKey: `${PREFIX}batch-7-7.jsonl`, watermark: "7" });
        } finally {
            process.env = saved;
            console.log = consoleLog;
        }
    });

    it("names objects deterministically from the first and last watermark", () => {
        assert.equal(batchKey(PREFIX, "2025-03-01 10:00:00.123", "2025-03-01 10:05:00"), `${PREFIX}batch-2025-03-01_10_00_00.123-2025-03-01_10_05_00.jsonl`);
    });

    describe("refuses a configuration", () => {
        const bad: { what: string; env: Record<string, string | undefined>; message: RegExp }[] = [
            {
                what: "with both a workgroup and a cluster",
                env: { CLUSTER_IDENTIFIER: "c1" },
                message: /exactly one of WORKGROUP_NAME .* and CLUSTER_IDENTIFIER .*, not both/,
            },
            { what: "with neither a workgroup nor a cluster", env: { WORKGROUP_NAME: undefined }, message: /not neither/ },
            {
                what: "whose table name could write SQL",
                env: { SOURCE_TABLE: "transaction_log; DROP TABLE users" },
                message: /SOURCE_TABLE: table .* is not a safe Redshift identifier/,
            },
            { what: "whose watermark column is quoted", env: { WATERMARK_COLUMN: 'event_id"--' }, message: /WATERMARK_COLUMN: watermark column/ },
            {
                what: "with a PII column that is not a name",
                env: { PII_COLUMNS: JSON.stringify(["customer_email", "x' OR 1=1"]) },
                message: /PII_COLUMNS\[1\]: column/,
            },
            {
                what: "with a PII column the export does not declare",
                env: { PII_COLUMNS: JSON.stringify(["customer_name"]) },
                message: /PII_COLUMNS\[0\]: customer_name is not among COLUMNS/,
            },
            { what: "without the columns to export", env: { COLUMNS: undefined }, message: /COLUMNS is not set: it must be a JSON array of column names/ },
            { what: "with no column to export", env: { COLUMNS: "[]" }, message: /COLUMNS is empty/ },
            { what: "with a column listed twice", env: { COLUMNS: JSON.stringify(["event_id", "note", "NOTE"]) }, message: /COLUMNS lists NOTE twice/ },
            {
                what: "whose watermark column is not exported",
                env: { WATERMARK_COLUMN: "event_time", COLUMNS: JSON.stringify(["event_id", "customer_email", "card_number"]) },
                message: /WATERMARK_COLUMN event_time is not among COLUMNS/,
            },
            {
                what: "with a text column the export does not declare",
                env: { TEXT_COLUMNS: JSON.stringify(["row_id"]) },
                message: /TEXT_COLUMNS\[0\]: row_id is not among COLUMNS/,
            },
            { what: "with a settling time over a day", env: { SETTLE_SECONDS: "86401" }, message: /SETTLE_SECONDS is "86401": .* 0 to 86400/ },
            { what: "with PII_COLUMNS that is not a JSON array", env: { PII_COLUMNS: "email,card_number" }, message: /PII_COLUMNS is not valid JSON/ },
            {
                what: "whose watermark column is PII",
                env: { PII_COLUMNS: JSON.stringify(["EVENT_ID"]) },
                message: /WATERMARK_COLUMN event_id is listed in PII_COLUMNS/,
            },
            { what: "with a prefix that is not a folder", env: { OUTPUT_PREFIX: "transaction_logs" }, message: /OUTPUT_PREFIX .* ending in "\/"/ },
            { what: "with a prefix that climbs", env: { OUTPUT_PREFIX: "transaction_logs/../hr/" }, message: /OUTPUT_PREFIX/ },
            { what: "with a KMS alias instead of a key ARN", env: { KMS_KEY_ARN: "alias/lake" }, message: /KMS_KEY_ARN .* is not a KMS key ARN/ },
            { what: "with a batch limit of 0", env: { BATCH_LIMIT: "0" }, message: /BATCH_LIMIT is "0"/ },
            { what: "with a batch limit that is not a number", env: { BATCH_LIMIT: "lots" }, message: /BATCH_LIMIT is "lots"/ },
            { what: "without a watermark table", env: { WATERMARK_TABLE: "" }, message: /WATERMARK_TABLE is not set/ },
        ];
        for (const c of bad) {
            it(c.what, () => {
                assert.throws(() => microbatchConfig({ ...ENV, ...c.env }), c.message);
            });
        }
    });
});
