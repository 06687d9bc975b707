import { ConditionalCheckFailedException, DynamoDBClient, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { strict as assert } from "assert";
import { mockClient } from "aws-sdk-client-mock";
import { receiverConfig } from "../../../../../patterns/partner-api/api/handlers/config";
import { MAX_BODY_BYTES, ReceiverDeps, handler, parseRequestBody, receive } from "../../../../../patterns/partner-api/api/handlers/request-receiver";
import { FakeTable, dynamoClient, serveTable } from "./fake-dynamodb";
import { NOW, TABLE, apiEvent, captureLog, key, receiverEnv } from "./fixtures";

const ID = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

describe("partner API request receiver", () => {
    const ddb = mockClient(DynamoDBClient);
    let table: FakeTable;
    let logged: ReturnType<typeof captureLog>;

    function deps(now = NOW): ReceiverDeps {
        return { dynamo: dynamoClient(), config: receiverConfig(receiverEnv()), now, log: logged.log };
    }
    const body = (res: { body: string }) => JSON.parse(res.body) as Record<string, unknown>;
    const puts = () => ddb.commandCalls(PutItemCommand);

    beforeEach(() => {
        ddb.reset();
        table = new FakeTable("partner", {}, "requestId");
        serveTable(ddb, table);
        logged = captureLog();
    });
    after(() => ddb.restore());

    it("records a valid request as PENDING, for the partner that owns the API key, with a TTL", async () => {
        const res = await receive(apiEvent("key-acme", { requestId: ID, product: "transaction_logs", since: "2025-02-01T00:00:00+01:00" }), deps());

        assert.equal(res.statusCode, 202);
        assert.deepEqual(body(res), { requestId: ID, status: "PENDING" });
        assert.deepEqual(table.plain(key(ID)), {
            requestId: ID,
            partner: "acme",
            product: "transaction_logs",
            since: "2025-01-31T23:00:00.000Z",
            status: "PENDING",
            createdAt: NOW.toISOString(),
            expiresAt: NOW.getTime() / 1000 + 7 * 86400,
            attempts: 0,
        });
        const put = puts()[0].args[0].input;
        assert.equal(put.TableName, TABLE);
        assert.equal(put.ConditionExpression, "attribute_not_exists(requestId)");
    });

    it("accepts a request without since, and a base64-encoded body", async () => {
        const event = apiEvent("key-acme", null);
        event.body = Buffer.from(JSON.stringify({ requestId: "req-00000001", product: "sales" })).toString("base64");
        event.isBase64Encoded = true;
        const res = await receive(event, deps());
        assert.equal(res.statusCode, 202);
        assert.equal(table.plain(key("req-00000001"))?.since, undefined);
    });

    describe("refuses with 403, writing nothing,", () => {
        const cases: { what: string; key: string | null; request: Record<string, unknown>; message: RegExp; now?: Date }[] = [
            { what: "an API key of no partner", key: "key-unknown", request: { requestId: ID, product: "sales" }, message: /belongs to no registered partner/ },
            { what: "a request without an API key", key: null, request: { requestId: ID, product: "sales" }, message: /belongs to no registered partner/ },
            {
                what: "a product not shared with the partner",
                key: "key-globex",
                request: { requestId: ID, product: "transaction_logs" },
                message: /"transaction_logs" is not shared with you/,
            },
            {
                what: "a product that does not exist",
                key: "key-acme",
                request: { requestId: ID, product: "payroll" },
                message: /"payroll" is not shared with you/,
            },
            {
                what: "a partner whose access has ended",
                key: "key-former",
                request: { requestId: ID, product: "sales" },
                message: /access to this API has ended/,
            },
            {
                what: "a partner whose access ends at the end of a date that has passed",
                key: "key-globex",
                request: { requestId: ID, product: "sales" },
                now: new Date("2025-03-09T00:00:00Z"),
                message: /has ended/,
            },
        ];
        for (const c of cases) {
            it(c.what, async () => {
                const res = await receive(apiEvent(c.key, c.request), deps(c.now));
                assert.equal(res.statusCode, 403);
                assert.match(String(body(res).message), c.message);
                assert.equal(puts().length, 0);
                assert.equal(table.items.size, 0);
            });
        }

        it("but accepts that partner until its last day is over", async () => {
            const res = await receive(apiEvent("key-globex", { requestId: ID, product: "sales" }), deps(new Date("2025-03-08T23:59:59Z")));
            assert.equal(res.statusCode, 202);
        });
    });

    describe("answers 400 to a malformed body, saying what is wrong", () => {
        const cases: { what: string; body: string | null; problem: RegExp }[] = [
            { what: "no body", body: null, problem: /body is empty/ },
            { what: "not JSON", body: "requestId=1&product=sales&password=hunter2", problem: /not valid JSON/ },
            { what: "a JSON array", body: JSON.stringify([ID, "sales"]), problem: /must be a JSON object/ },
            { what: "a JSON string", body: JSON.stringify("hello"), problem: /must be a JSON object/ },
            { what: "no requestId", body: JSON.stringify({ product: "sales" }), problem: /requestId is missing/ },
            { what: "a short requestId", body: JSON.stringify({ requestId: "abc", product: "sales" }), problem: /requestId must be .*8 to 64/ },
            { what: "a requestId with quotes", body: JSON.stringify({ requestId: "abc'; DROP--x", product: "sales" }), problem: /requestId must be/ },
            { what: "a numeric requestId", body: JSON.stringify({ requestId: 12345678, product: "sales" }), problem: /requestId must be/ },
            { what: "no product", body: JSON.stringify({ requestId: ID }), problem: /product is missing/ },
            {
                what: "a product that is not a string",
                body: JSON.stringify({ requestId: ID, product: ["sales"] }),
                problem: /product must be a non-empty string/,
            },
            {
                what: "since in words",
                body: JSON.stringify({ requestId: ID, product: "sales", since: "yesterday" }),
                problem: /since must be an ISO 8601 timestamp/,
            },
            { what: "since without a zone", body: JSON.stringify({ requestId: ID, product: "sales", since: "2025-02-01T00:00:00" }), problem: /since must be/ },
            {
                what: "since on 30 February",
                body: JSON.stringify({ requestId: ID, product: "sales", since: "2025-02-30T00:00:00Z" }),
                problem: /since must be/,
            },
            {
                what: "an unexpected field",
                body: JSON.stringify({ requestId: ID, product: "sales", email: "thief@evil.example" }),
                problem: /unexpected field\(s\) "email"/,
            },
            {
                what: "a body too large",
                body: JSON.stringify({ requestId: ID, product: "sales", since: "x".repeat(MAX_BODY_BYTES) }),
                problem: /larger than 4096 bytes/,
            },
        ];
        for (const c of cases) {
            it(c.what, async () => {
                const res = await receive(apiEvent("key-acme", c.body), deps());
                assert.equal(res.statusCode, 400);
                const problems = body(res).problems as string[];
                assert.ok(
                    problems.some((p) => c.problem.test(p)),
                    JSON.stringify(problems),
                );
                assert.equal(puts().length, 0);
                // The log names the problems, never the body's content.
                if (c.body) {
                    assert.ok(!logged.text().includes("hunter2") && !logged.text().includes("thief@evil.example") && !logged.text().includes(c.body));
                }
            });
        }

        it("listing every problem at once", () => {
            const parsed = parseRequestBody(JSON.stringify({ requestId: "x", since: "soon", extra: 1 }));
            assert.ok("problems" in parsed);
            assert.equal(parsed.problems.length, 4, JSON.stringify(parsed.problems));
        });
    });

    describe("is idempotent on requestId", () => {
        it("a repeated request writes no second item and returns the existing status", async () => {
            const request = { requestId: ID, product: "sales" };
            const first = await receive(apiEvent("key-acme", request), deps());
            table.items.get(key(ID))!.status = { S: "DELIVERED" };
            const second = await receive(apiEvent("key-acme", request), deps(new Date(NOW.getTime() + 60_000)));

            assert.equal(first.statusCode, 202);
            assert.equal(second.statusCode, 202);
            assert.deepEqual(body(second), { requestId: ID, status: "DELIVERED" });
            assert.equal(puts().length, 2);
            assert.equal(table.items.size, 1);
            // The first item stands: the retry's later createdAt did not overwrite it.
            assert.equal(table.plain(key(ID))?.createdAt, NOW.toISOString());
            assert.ok(logged.lines.some((l) => l.event === "request.repeated"));
        });

        it("two concurrent identical requests: exactly one PutItem succeeds, both answer PENDING", async () => {
            const request = { requestId: ID, product: "sales" };
            const results = await Promise.all([receive(apiEvent("key-acme", request), deps()), receive(apiEvent("key-acme", request), deps())]);
            assert.deepEqual(
                results.map((r) => [r.statusCode, body(r).status]),
                [
                    [202, "PENDING"],
                    [202, "PENDING"],
                ],
            );
            const outcomes = await Promise.allSettled(
                ddb.send
                    .getCalls()
                    .filter((c) => c.args[0] instanceof PutItemCommand)
                    .map((c) => c.returnValue),
            );
            assert.deepEqual(outcomes.map((o) => o.status).sort(), ["fulfilled", "rejected"]);
            assert.equal(table.items.size, 1);
        });

        it("ids are per partner: another partner's use of an id is its own request, not a 409 that reveals the id is taken", async () => {
            const acme = await receive(apiEvent("key-acme", { requestId: ID, product: "sales" }), deps());
            const globex = await receive(apiEvent("key-globex", { requestId: ID, product: "sales" }), deps());
            assert.deepEqual([acme.statusCode, globex.statusCode], [202, 202], globex.body);
            assert.deepEqual(body(globex), { requestId: ID, status: "PENDING" });
            assert.equal(table.items.size, 2);
            assert.equal(table.plain(key(ID))?.partner, "acme");
            assert.equal(table.plain(key(ID, "globex"))?.partner, "globex");
            // A partner that tries to take another's id never learns it was used, nor touches it.
            table.items.get(key(ID))!.status = { S: "DELIVERED" };
            const again = await receive(apiEvent("key-globex", { requestId: ID, product: "sales" }), deps());
            assert.deepEqual(body(again), { requestId: ID, status: "PENDING" });
            assert.equal(table.plain(key(ID))?.status, "DELIVERED");
        });

        it("the same id for a different product from the same partner is a 409", async () => {
            await receive(apiEvent("key-acme", { requestId: ID, product: "sales" }), deps());
            const res = await receive(apiEvent("key-acme", { requestId: ID, product: "transaction_logs" }), deps());
            assert.equal(res.statusCode, 409);
            assert.equal(table.plain(key(ID))?.product, "sales");
        });

        it("reads the existing item back when DynamoDB does not return it with the failed condition", async () => {
            ddb.reset();
            ddb.on(PutItemCommand).rejects(new ConditionalCheckFailedException({ message: "The conditional request failed", $metadata: {} }));
            ddb.on(GetItemCommand).resolves({
                Item: {
                    requestId: { S: ID },
                    partner: { S: "acme" },
                    product: { S: "sales" },
                    status: { S: "PENDING" },
                    createdAt: { S: NOW.toISOString() },
                    expiresAt: { N: "1741435200" },
                    attempts: { N: "0" },
                },
            });
            const res = await receive(apiEvent("key-acme", { requestId: ID, product: "sales" }), deps());
            assert.equal(res.statusCode, 202);
            assert.equal(ddb.commandCalls(GetItemCommand)[0].args[0].input.ConsistentRead, true);
        });
    });

    describe("Lambda entry", () => {
        const saved = { ...process.env };
        const consoleLog = { log: console.log, error: console.error };
        beforeEach(() => {
            // The entry logs JSON lines to the console; keep them out of the test report.
            console.log = console.error = () => undefined;
        });
        afterEach(() => {
            process.env = { ...saved };
            Object.assign(console, consoleLog);
        });

        it("reads its configuration from the environment", async () => {
            Object.assign(process.env, receiverEnv());
            const res = await handler(apiEvent("key-acme", { requestId: ID, product: "sales" }));
            assert.equal(res.statusCode, 202);
            assert.equal(table.plain(key(ID))?.partner, "acme");
        });

        it("answers 500, revealing nothing, when the table fails or the configuration is broken", async () => {
            Object.assign(process.env, receiverEnv());
            ddb.on(PutItemCommand).rejects(
                Object.assign(new Error("User: arn:aws:sts::222222222222:assumed-role/x is not authorized"), { name: "AccessDeniedException" }),
            );
            const denied = await handler(apiEvent("key-acme", { requestId: ID, product: "sales" }));
            assert.equal(denied.statusCode, 500);
            assert.doesNotMatch(denied.body, /arn:aws|authorized/);

            process.env.PARTNERS = "not json";
            const broken = await handler(apiEvent("key-acme", { requestId: ID, product: "sales" }));
            assert.equal(broken.statusCode, 500);
        });
    });
});
