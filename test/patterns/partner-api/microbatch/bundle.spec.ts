import { strict as assert } from "assert";
import * as fs from "fs";
import * as http from "http";
import * as path from "path";
import { AddressInfo } from "net";
import { bundleHandler } from "../../../../core/lambda/code-asset";
import { runBundleAsync } from "../../../support/clean-run";

/**
 * The microbatch export as Lambda runs it: its bundle, alone in a folder without
 * node_modules, calling AWS through a fake endpoint on the loopback address (DynamoDB,
 * the Redshift Data API and S3 answer as the real services' JSON and REST protocols do).
 * It proves the SDK and the redaction libraries travel inside the bundle and work there.
 */
describe("microbatch export: the bundle runs on its own", function () {
    this.timeout(120_000);
    let server: http.Server;
    let port: number;
    const written = new Map<string, string>();
    const calls: string[] = [];

    const ROW = [
        { stringValue: "1042" },
        {
            stringValue:
                "refund for josé@example.com, card ４１１１ １１１１ １１１１ １１１１, SSN 123-45-6789, IBAN DE89 3704 0044 0532 0130 00, tel 02079460958",
        },
    ];

    before(async () => {
        server = http.createServer((req, res) => {
            let body = "";
            req.on("data", (d) => (body += d));
            req.on("end", () => {
                const target = String(req.headers["x-amz-target"] ?? "");
                calls.push(target || `${req.method} ${req.url}`);
                const json = (value: unknown) => {
                    res.writeHead(200, { "Content-Type": "application/x-amz-json-1.1" });
                    res.end(JSON.stringify(value));
                };
                if (target === "DynamoDB_20120810.GetItem" || target === "DynamoDB_20120810.UpdateItem") return json({});
                if (target === "RedshiftData.ExecuteStatement") return json({ Id: "statement-1" });
                if (target === "RedshiftData.DescribeStatement") return json({ Id: "statement-1", Status: "FINISHED", HasResultSet: true, ResultRows: 1 });
                if (target === "RedshiftData.GetStatementResult")
                    return json({ ColumnMetadata: [{ name: "event_id" }, { name: "message" }], Records: [ROW], TotalNumRows: 1 });
                if (req.method === "PUT") {
                    written.set(decodeURIComponent(String(req.url).split("?")[0]), body);
                    res.writeHead(200, { ETag: '"etag"' });
                    return res.end();
                }
                res.writeHead(400, { "Content-Type": "application/json" });
                res.end(JSON.stringify({ __type: "UnknownOperation", message: `fake AWS: ${target || req.method} not served` }));
            });
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        port = (server.address() as AddressInfo).port;
    });
    after(() => server.close());

    it("carries the redaction library it runs (ibantools), at its pinned version, and not the one that lost the measurement", () => {
        const { packages } = bundleHandler("patterns/partner-api/microbatch/handler.ts");
        assert.equal(packages.ibantools, JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../../../package.json"), "utf8")).dependencies.ibantools);
        assert.equal(packages["libphonenumber-js"], undefined);
    });

    it("reads a batch, redacts it with its bundled libraries, writes it, and advances the watermark", async () => {
        const run = await runBundleAsync(bundleHandler("patterns/partner-api/microbatch/handler.ts").code, {
            AWS_REGION: "eu-west-1",
            AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
            AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`,
            WORKGROUP_NAME: "warehouse",
            DATABASE: "dev",
            SOURCE_SCHEMA: "logs",
            SOURCE_TABLE: "transaction_log",
            WATERMARK_COLUMN: "event_id",
            COLUMNS: JSON.stringify(["event_id", "message"]),
            TEXT_COLUMNS: JSON.stringify(["event_id"]),
            PII_COLUMNS: "[]",
            SETTLE_SECONDS: "0",
            OUTPUT_BUCKET: "published",
            OUTPUT_PREFIX: "transaction_logs/transaction_log/",
            KMS_KEY_ARN: "arn:aws:kms:eu-west-1:111111111111:key/published",
            WATERMARK_TABLE: "watermarks",
            BATCH_LIMIT: "100",
        });
        assert.equal(run.error, undefined, `${run.error}\n${run.stderr}\ncalls: ${calls.join(", ")}`);
        assert.deepEqual(run.result, { rows: 1, objectKey: "transaction_logs/transaction_log/batch-1042-1042.jsonl", watermark: "1042" });
        const [[key, body]] = [...written];
        assert.match(key, /transaction_logs\/transaction_log\/batch-1042-1042\.jsonl$/);
        assert.deepEqual(JSON.parse(body), { event_id: "1042", message: "refund for [EMAIL], card [CARD], SSN [SSN], IBAN [IBAN], tel [PHONE]" });
    });
});
