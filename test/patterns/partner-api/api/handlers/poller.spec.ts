import { DynamoDBClient, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { SESv2Client, SendEmailCommand, SendEmailCommandInput } from "@aws-sdk/client-sesv2";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { strict as assert } from "assert";
import { mockClient } from "aws-sdk-client-mock";
import { pollerConfig, receiverConfig } from "../../../../../patterns/partner-api/api/handlers/config";
import {
    LEASE_FIELDS,
    LEASE_SECONDS,
    MAX_LINKS_PER_EMAIL,
    PollerDeps,
    isResultKey,
    poll,
    sesRegion,
} from "../../../../../patterns/partner-api/api/handlers/poller";
import { receive } from "../../../../../patterns/partner-api/api/handlers/request-receiver";
import { FakeTable, dynamoClient, serveTable } from "./fake-dynamodb";
import { BUCKET, IDENTITY_ARN, NOW, PARTNERS, SENDER, SIGNER_ROLE_ARN, STATUS_INDEX, apiEvent, captureLog, key, pollerEnv, receiverEnv } from "./fixtures";

/** An object listing entry. */
const object = (Key: string, LastModified: string) => ({ Key, LastModified: new Date(LastModified), Size: 100 });

describe("partner API poller", () => {
    const ddb = mockClient(DynamoDBClient);
    const s3mock = mockClient(S3Client);
    const sesmock = mockClient(SESv2Client);
    const stsmock = mockClient(STSClient);
    // The function's own session: it would expire ten minutes after the run, long before a link should.
    const FUNCTION_KEY = "ASIAFUNCTIONSESSION1";
    const s3 = new S3Client({
        region: "eu-west-1",
        credentials: {
            accessKeyId: FUNCTION_KEY,
            secretAccessKey: "function-secret",
            sessionToken: "function-token",
            expiration: new Date(NOW.getTime() + 10 * 60_000),
        },
    });
    const SIGNER_KEY = "ASIASIGNERSESSION001";
    /** The signer role's session as STS returns it: as long as asked, unless `lifetime` says otherwise. */
    let runStart = NOW;
    const signerSession = (lifetime?: number) => async (input: { DurationSeconds?: number }) => ({
        Credentials: {
            AccessKeyId: SIGNER_KEY,
            SecretAccessKey: "signer-secret",
            SessionToken: "signer-token",
            // STS stamps the session from the moment it is assumed: the run's start here.
            Expiration: new Date(runStart.getTime() + (lifetime ?? input.DurationSeconds ?? 3600) * 1000),
        },
    });
    const ses = new SESv2Client({ region: "eu-west-1" });
    let table: FakeTable;
    let logged: ReturnType<typeof captureLog>;

    function pollerDeps(now = NOW, env: Record<string, string> = pollerEnv()): PollerDeps {
        runStart = now;
        return {
            dynamo: dynamoClient(),
            s3,
            sts: new STSClient({ region: "eu-west-1" }),
            ses,
            config: pollerConfig(env),
            now,
            runId: `run-${now.getTime()}`,
            log: logged.log,
        };
    }
    async function request(apiKeyId: string, body: Record<string, unknown>, now = NOW): Promise<void> {
        const res = await receive(apiEvent(apiKeyId, body), { dynamo: dynamoClient(), config: receiverConfig(receiverEnv()), now, log: logged.log });
        assert.equal(res.statusCode, 202, res.body);
    }
    const emails = (): SendEmailCommandInput[] => sesmock.commandCalls(SendEmailCommand).map((c) => c.args[0].input);
    const urlsIn = (text: string): URL[] => (text.match(/https:\/\/\S+/g) ?? []).map((u) => new URL(u));

    beforeEach(() => {
        ddb.reset();
        s3mock.reset();
        sesmock.reset();
        stsmock.reset();
        stsmock.on(AssumeRoleCommand).callsFake(signerSession());
        table = new FakeTable("partner", { [STATUS_INDEX]: { hash: "status", range: "createdAt" } }, "requestId");
        serveTable(ddb, table);
        sesmock.on(SendEmailCommand).resolves({ MessageId: "m-1" });
        s3mock.on(ListObjectsV2Command).resolves({ Contents: [] });
        logged = captureLog();
    });
    after(() => {
        ddb.restore();
        s3mock.restore();
        sesmock.restore();
        stsmock.restore();
    });

    it("end to end: an accepted request is found, its results presigned, e-mailed to the registered address, and marked DELIVERED", async () => {
        await request("key-acme", { requestId: "req-e2e-0001", product: "transaction_logs", since: "2025-02-01T00:00:00Z" });
        s3mock.on(ListObjectsV2Command, { Bucket: BUCKET, Prefix: "transaction_logs/" }).callsFake(async (input: { ContinuationToken?: string }) =>
            input.ContinuationToken === undefined
                ? {
                      IsTruncated: true,
                      NextContinuationToken: "page-2",
                      Contents: [
                          object("transaction_logs/transaction_log/batch-1-500.jsonl", "2025-02-10T00:00:00Z"),
                          object("transaction_logs/transaction_log/_SUCCESS", "2025-02-10T00:00:00Z"),
                          object("transaction_logs/_temporary/0/part-0.jsonl", "2025-02-10T00:00:00Z"),
                          object("transaction_logs/transaction_log/", "2025-01-01T00:00:00Z"),
                      ],
                  }
                : {
                      IsTruncated: false,
                      Contents: [
                          object("transaction_logs/transaction_log/batch-501-900.jsonl", "2025-02-20T00:00:00Z"),
                          object("transaction_logs/transaction_log/batch-0-0.jsonl", "2025-01-15T00:00:00Z"),
                      ],
                  },
        );

        const summary = await poll(pollerDeps(new Date(NOW.getTime() + 5 * 60_000)));

        assert.deepEqual(summary, { examined: 1, delivered: 1, waiting: 0, refused: 0, failed: 0, unreadable: 0 });
        const [email] = emails();
        assert.equal(emails().length, 1);
        assert.deepEqual(email.Destination, { ToAddresses: ["data@acme.example"] });
        assert.equal(email.FromEmailAddress, SENDER);
        assert.equal(email.FromEmailAddressIdentityArn, IDENTITY_ARN);
        const text = email.Content!.Simple!.Body!.Text!.Data!;
        const urls = urlsIn(text);
        // Modified since `since`, not `_`-prefixed, not a folder marker, oldest first.
        assert.deepEqual(
            urls.map((u) => decodeURIComponent(u.pathname)),
            ["/transaction_logs/transaction_log/batch-1-500.jsonl", "/transaction_logs/transaction_log/batch-501-900.jsonl"],
        );
        for (const url of urls) {
            assert.equal(url.hostname, `${BUCKET}.s3.eu-west-1.amazonaws.com`);
            assert.equal(url.searchParams.get("X-Amz-Expires"), "900");
            assert.ok(url.searchParams.get("X-Amz-Signature"));
        }
        assert.match(text, /work until 2025-03-01T12:20:00.000Z/);
        assert.deepEqual(
            {
                status: table.plain(key("req-e2e-0001"))?.status,
                deliveredAt: table.plain(key("req-e2e-0001"))?.deliveredAt,
                objectCount: table.plain(key("req-e2e-0001"))?.objectCount,
                attempts: table.plain(key("req-e2e-0001"))?.attempts,
            },
            { status: "DELIVERED", deliveredAt: "2025-03-01T12:05:00.000Z", objectCount: 2, attempts: 0 },
        );
        // Every change is conditioned on the request being PENDING: the lease taken, then the delivery made under it.
        const conditions = ddb.commandCalls(UpdateItemCommand).map((c) => c.args[0].input.ConditionExpression);
        assert.deepEqual(conditions, [
            "#status = :pending AND (attribute_not_exists(#leaseUntil) OR #leaseUntil < :now)",
            "#status = :pending AND #leaseOwner = :owner",
        ]);
        assert.equal(table.plain(key("req-e2e-0001"))?.[LEASE_FIELDS.owner], undefined, "the lease is released with the delivery");

        // Delivered means done: the next run finds nothing to do.
        assert.deepEqual(await poll(pollerDeps()), { examined: 0, delivered: 0, waiting: 0, refused: 0, failed: 0, unreadable: 0 });
        assert.equal(emails().length, 1);
    });

    it("uses the configured link lifetime", async () => {
        await request("key-acme", { requestId: "req-expiry-01", product: "sales" });
        s3mock.on(ListObjectsV2Command).resolves({ Contents: [object("sales/part-1.jsonl", "2025-02-10T00:00:00Z")] });
        await poll(pollerDeps(NOW, { ...pollerEnv(), URL_EXPIRY_SECONDS: "3600" }));
        const [url] = urlsIn(emails()[0].Content!.Simple!.Body!.Text!.Data!);
        assert.equal(url.searchParams.get("X-Amz-Expires"), "3600");
    });

    describe("signs links that work as long as the e-mail says", () => {
        it("with a session of the signer role assumed for at least the links' lifetime, never the function's own credentials", async () => {
            await request("key-acme", { requestId: "req-signer-01", product: "sales" });
            s3mock.on(ListObjectsV2Command).resolves({ Contents: [object("sales/part-1.jsonl", "2025-02-10T00:00:00Z")] });
            await poll(pollerDeps(NOW, { ...pollerEnv(), URL_EXPIRY_SECONDS: "3600" }));

            const [assume] = stsmock.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input);
            assert.equal(assume.RoleArn, SIGNER_ROLE_ARN);
            assert.ok(assume.DurationSeconds! >= 3600, `the session lasts ${assume.DurationSeconds} s, the links 3600 s`);
            const text = emails()[0].Content!.Simple!.Body!.Text!.Data!;
            const [url] = urlsIn(text);
            assert.match(url.searchParams.get("X-Amz-Credential")!, new RegExp(`^${SIGNER_KEY}/`));
            assert.equal(url.searchParams.get("X-Amz-Security-Token"), "signer-token");
            assert.ok(!text.includes(FUNCTION_KEY), "the function's own session signs nothing");
            assert.equal(url.searchParams.get("X-Amz-Date"), "20250301T120000Z");
            assert.equal(url.searchParams.get("X-Amz-Expires"), "3600");
            assert.match(text, /work until 2025-03-01T13:00:00.000Z/);
        });

        it("asks for STS's 15-minute minimum session when links live shorter, and assumes the role once per run", async () => {
            await request("key-acme", { requestId: "req-signer-02", product: "sales" });
            await request("key-globex", { requestId: "req-signer-03", product: "sales" });
            s3mock.on(ListObjectsV2Command).resolves({ Contents: [object("sales/part-1.jsonl", "2025-02-10T00:00:00Z")] });
            await poll(pollerDeps(NOW, { ...pollerEnv(), URL_EXPIRY_SECONDS: "120" }));
            assert.equal(emails().length, 2);
            assert.deepEqual(
                stsmock.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input.DurationSeconds),
                [900],
            );
            assert.match(emails()[0].Content!.Simple!.Body!.Text!.Data!, /work until 2025-03-01T12:02:00.000Z/);
        });

        it("states the session's end when STS grants a shorter session than the links' lifetime", async () => {
            stsmock.on(AssumeRoleCommand).callsFake(signerSession(1800));
            await request("key-acme", { requestId: "req-signer-04", product: "sales" });
            s3mock.on(ListObjectsV2Command).resolves({ Contents: [object("sales/part-1.jsonl", "2025-02-10T00:00:00Z")] });
            await poll(pollerDeps(NOW, { ...pollerEnv(), URL_EXPIRY_SECONDS: "3600" }));
            assert.match(emails()[0].Content!.Simple!.Body!.Text!.Data!, /work until 2025-03-01T12:30:00.000Z/);
            assert.ok(logged.lines.some((l) => l.level === "warn" && l.event === "links.short-lived"));
        });

        it("counts a failed AssumeRole as a failed attempt, sending nothing", async () => {
            stsmock.on(AssumeRoleCommand).rejects(Object.assign(new Error("not authorized to perform sts:AssumeRole"), { name: "AccessDenied" }));
            await request("key-acme", { requestId: "req-signer-05", product: "sales" });
            s3mock.on(ListObjectsV2Command).resolves({ Contents: [object("sales/part-1.jsonl", "2025-02-10T00:00:00Z")] });
            const summary = await poll(pollerDeps());
            assert.equal(summary.failed, 1);
            assert.equal(emails().length, 0);
            assert.equal(table.plain(key("req-signer-05"))?.status, "PENDING");
            assert.equal(table.plain(key("req-signer-05"))?.[LEASE_FIELDS.owner], undefined, "the lease is released for the next run");
        });
    });

    describe("runs may overlap (no reserved concurrency)", () => {
        it("two runs at once e-mail each request once: the second finds it leased", async () => {
            await request("key-acme", { requestId: "req-overlap-1", product: "sales" });
            await request("key-globex", { requestId: "req-overlap-2", product: "sales" });
            s3mock.on(ListObjectsV2Command).resolves({ Contents: [object("sales/part-1.jsonl", "2025-02-10T00:00:00Z")] });
            const [a, b] = await Promise.all([poll({ ...pollerDeps(), runId: "run-a" }), poll({ ...pollerDeps(), runId: "run-b" })]);
            assert.equal(a.delivered + b.delivered, 2);
            assert.equal(emails().length, 2, "one e-mail per request");
            assert.deepEqual(
                emails()
                    .map((e) => e.Destination!.ToAddresses![0])
                    .sort(),
                ["data@acme.example", "feeds@globex.example"],
            );
        });

        it("takes over a request whose lease expired (its run died), never one still leased", async () => {
            await request("key-acme", { requestId: "req-leased-01", product: "sales" });
            s3mock.on(ListObjectsV2Command).resolves({ Contents: [object("sales/part-1.jsonl", "2025-02-10T00:00:00Z")] });
            const until = new Date(NOW.getTime() + LEASE_SECONDS * 1000);
            Object.assign(table.items.get(key("req-leased-01"))!, {
                [LEASE_FIELDS.owner]: { S: "run-dead" },
                [LEASE_FIELDS.until]: { S: until.toISOString() },
            });
            const during = await poll(pollerDeps(new Date(until.getTime() - 1000)));
            assert.deepEqual([during.waiting, during.delivered, emails().length], [1, 0, 0]);
            const after = await poll(pollerDeps(new Date(until.getTime() + 1000)));
            assert.deepEqual([after.delivered, emails().length], [1, 1]);
        });
    });

    it("leaves a request without results PENDING, untouched, and sends nothing", async () => {
        await request("key-acme", { requestId: "req-waiting-1", product: "sales", since: "2025-02-25T00:00:00Z" });
        s3mock
            .on(ListObjectsV2Command)
            .resolves({ Contents: [object("sales/old.jsonl", "2025-02-01T00:00:00Z"), object("sales/_SUCCESS", "2025-02-26T00:00:00Z")] });
        const summary = await poll(pollerDeps());
        assert.equal(summary.waiting, 1);
        assert.equal(emails().length, 0);
        assert.equal(ddb.commandCalls(UpdateItemCommand).length, 0);
        assert.equal(table.plain(key("req-waiting-1"))?.status, "PENDING");
    });

    it("on an SES failure keeps the request PENDING with the attempt counted, goes on with the others, and delivers it on the next run", async () => {
        await request("key-acme", { requestId: "req-ses-fails", product: "sales" });
        await request("key-globex", { requestId: "req-ses-works", product: "sales" }, new Date(NOW.getTime() + 1000));
        s3mock.on(ListObjectsV2Command).resolves({ Contents: [object("sales/part-1.jsonl", "2025-02-10T00:00:00Z")] });
        sesmock
            .on(SendEmailCommand, { Destination: { ToAddresses: ["data@acme.example"] } })
            .rejectsOnce(Object.assign(new Error("Maximum sending rate exceeded."), { name: "TooManyRequestsException" }))
            .resolves({ MessageId: "m-2" });

        const first = await poll(pollerDeps());
        assert.deepEqual(first, { examined: 2, delivered: 1, waiting: 0, refused: 0, failed: 1, unreadable: 0 });
        const failed = table.plain(key("req-ses-fails"))!;
        assert.equal(failed.status, "PENDING");
        assert.equal(failed.attempts, 1);
        assert.equal(failed.lastError, "TooManyRequestsException: Maximum sending rate exceeded.");
        assert.equal(table.plain(key("req-ses-works", "globex"))?.status, "DELIVERED");
        assert.ok(logged.lines.some((l) => l.level === "error" && l.event === "request.attempt-failed"));

        const second = await poll(pollerDeps(new Date(NOW.getTime() + 60_000)));
        assert.deepEqual(second, { examined: 1, delivered: 1, waiting: 0, refused: 0, failed: 0, unreadable: 0 });
        assert.equal(table.plain(key("req-ses-fails"))?.status, "DELIVERED");
        assert.equal(table.plain(key("req-ses-fails"))?.attempts, 1);
        assert.deepEqual(
            emails().map((e) => e.Destination!.ToAddresses),
            [["data@acme.example"], ["feeds@globex.example"], ["data@acme.example"]],
        );
    });

    it("counts an attempt when listing the results fails, too", async () => {
        await request("key-acme", { requestId: "req-s3-fails", product: "sales" });
        s3mock.on(ListObjectsV2Command).rejects(Object.assign(new Error("Access Denied"), { name: "AccessDenied" }));
        const summary = await poll(pollerDeps());
        assert.equal(summary.failed, 1);
        assert.equal(table.plain(key("req-s3-fails"))?.attempts, 1);
        assert.equal(table.plain(key("req-s3-fails"))?.status, "PENDING");
        assert.equal(emails().length, 0);
    });

    describe("refuses, sending nothing, a request whose", () => {
        const cases = [
            {
                what: "partner's access ended since it was accepted",
                partners: PARTNERS.map((p) => (p.name === "acme" ? { ...p, accessEndsAt: "2025-03-01T12:30:00Z" } : p)),
                reason: /access ended at 2025-03-01T12:30:00.000Z/,
            },
            { what: "partner was removed from the registry", partners: PARTNERS.filter((p) => p.name !== "acme"), reason: /no longer registered/ },
            {
                what: "product is no longer shared with the partner",
                partners: PARTNERS.map((p) => (p.name === "acme" ? { ...p, products: ["transaction_logs"] } : p)),
                reason: /no longer shared/,
            },
        ];
        for (const c of cases) {
            it(c.what, async () => {
                await request("key-acme", { requestId: "req-refused-1", product: "sales" });
                s3mock.on(ListObjectsV2Command).resolves({ Contents: [object("sales/part-1.jsonl", "2025-02-10T00:00:00Z")] });
                const summary = await poll(pollerDeps(new Date("2025-03-01T13:00:00Z"), { ...pollerEnv(), PARTNERS: JSON.stringify(c.partners) }));
                assert.equal(summary.refused, 1);
                assert.equal(emails().length, 0);
                assert.equal(s3mock.commandCalls(ListObjectsV2Command).length, 0);
                const item = table.plain(key("req-refused-1"))!;
                assert.equal(item.status, "REFUSED");
                assert.match(String(item.refusedReason), c.reason);
            });
        }
    });

    it("does not send a product's objects to a request for another product whose name it extends", async () => {
        await request("key-globex", { requestId: "req-prefix-01", product: "sales" });
        s3mock.on(ListObjectsV2Command, { Prefix: "sales/" }).resolves({ Contents: [object("sales/part-1.jsonl", "2025-02-10T00:00:00Z")] });
        s3mock.on(ListObjectsV2Command, { Prefix: "sales" }).resolves({ Contents: [object("sales_eu/part-1.jsonl", "2025-02-10T00:00:00Z")] });
        await poll(pollerDeps());
        assert.deepEqual(
            s3mock.commandCalls(ListObjectsV2Command).map((c) => c.args[0].input.Prefix),
            ["sales/"],
        );
        assert.doesNotMatch(emails()[0].Content!.Simple!.Body!.Text!.Data!, /sales_eu/);
    });

    it(`sends at most ${MAX_LINKS_PER_EMAIL} links, saying how to fetch the rest`, async () => {
        await request("key-acme", { requestId: "req-many-0001", product: "sales" });
        const contents = Array.from({ length: MAX_LINKS_PER_EMAIL + 5 }, (_, i) =>
            object(`sales/part-${String(i).padStart(4, "0")}.jsonl`, new Date(Date.UTC(2025, 1, 1, 0, i)).toISOString()),
        );
        s3mock.on(ListObjectsV2Command).resolves({ Contents: contents });
        await poll(pollerDeps());
        const text = emails()[0].Content!.Simple!.Body!.Text!.Data!;
        assert.equal(urlsIn(text).length, MAX_LINKS_PER_EMAIL);
        assert.match(text, /first 100 of 105 files.*"since": "2025-02-01T01:39:00.000Z"/s);
        assert.equal(table.plain(key("req-many-0001"))?.objectCount, MAX_LINKS_PER_EMAIL);
    });

    it("does not overwrite a request another run changed meanwhile (the state change is conditioned on PENDING)", async () => {
        await request("key-acme", { requestId: "req-raced-001", product: "sales" });
        s3mock.on(ListObjectsV2Command).callsFake(async () => {
            // Another run marks it DELIVERED while this one lists.
            table.items.get(key("req-raced-001"))!.status = { S: "DELIVERED" };
            return { Contents: [object("sales/part-1.jsonl", "2025-02-10T00:00:00Z")] };
        });
        await poll(pollerDeps());
        // The lease is conditioned on PENDING too: the change is seen before anything is sent.
        assert.ok(logged.lines.some((l) => l.event === "request.busy"));
        assert.equal(emails().length, 0);
        assert.equal(table.plain(key("req-raced-001"))?.deliveredAt, undefined);
        assert.equal(table.plain(key("req-raced-001"))?.status, "DELIVERED");
    });

    it("skips an unreadable item and processes the rest", async () => {
        await request("key-acme", { requestId: "req-readable1", product: "sales" });
        table.items.set(key("broken-item"), {
            partner: { S: "acme" },
            requestId: { S: "broken-item" },
            status: { S: "PENDING" },
            createdAt: { S: "2025-01-01T00:00:00Z" },
        });
        s3mock.on(ListObjectsV2Command).resolves({ Contents: [object("sales/part-1.jsonl", "2025-02-10T00:00:00Z")] });
        const summary = await poll(pollerDeps());
        assert.equal(summary.unreadable, 1);
        assert.equal(summary.delivered, 1);
    });

    it("recognises result keys", () => {
        assert.equal(isResultKey("sales/2025/part-1.jsonl", "sales/"), true);
        assert.equal(isResultKey("sales/_SUCCESS", "sales/"), false);
        assert.equal(isResultKey("sales/_temporary/0/part-1", "sales/"), false);
        assert.equal(isResultKey("sales/2025/", "sales/"), false);
        assert.equal(isResultKey("sales_eu/part-1", "sales/"), false);
        assert.equal(sesRegion(IDENTITY_ARN), "eu-west-1");
    });
});
