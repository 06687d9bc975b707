import { strict as assert } from "assert";
import { allPages } from "../../../ops/verify/paginate";
import { isThrottling, withRetry } from "../../../ops/verify/retry";
import { policyAsOf } from "../../../ops/verify/live/ended-statements";

const throttled = () => Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" });

describe("verify's AWS calls", () => {
    describe("withRetry", () => {
        it("waits with doubling, jittered, capped backoff until the call succeeds", async () => {
            const waits: number[] = [];
            let calls = 0;
            const result = await withRetry(
                "x",
                async () => {
                    if (++calls < 5) throw throttled();
                    return "done";
                },
                { attempts: 8, baseMs: 100, maxMs: 500, sleep: async (ms) => void waits.push(ms), random: () => 0.999 },
            );
            assert.equal(result, "done");
            assert.deepEqual(waits, [99, 199, 399, 499]);
        });

        it("gives up after its attempts, saying what was throttled", async () => {
            let calls = 0;
            await assert.rejects(
                withRetry(
                    "lakeformation ListPermissions",
                    async () => {
                        calls++;
                        throw throttled();
                    },
                    { attempts: 3, baseMs: 1, maxMs: 1, sleep: async () => undefined },
                ),
                /lakeformation ListPermissions: still throttled after 3 attempts/,
            );
            assert.equal(calls, 3);
        });

        it("does not retry an error that is not throttling", async () => {
            let calls = 0;
            const denied = Object.assign(new Error("not authorized"), { name: "AccessDeniedException" });
            await assert.rejects(
                withRetry(
                    "x",
                    async () => {
                        calls++;
                        throw denied;
                    },
                    { attempts: 5, baseMs: 1, maxMs: 1, sleep: async () => undefined },
                ),
                /not authorized/,
            );
            assert.equal(calls, 1);
        });

        it("recognises throttling by name, code, the SDK's flag and HTTP 429", () => {
            assert.ok(isThrottling({ name: "TooManyRequestsException" }));
            assert.ok(isThrottling({ name: "x", Code: "SlowDown" }));
            assert.ok(isThrottling({ name: "x", $retryable: { throttling: true } }));
            assert.ok(isThrottling({ name: "x", $metadata: { httpStatusCode: 429 } }));
            assert.ok(!isThrottling({ name: "AccessDenied", $metadata: { httpStatusCode: 403 } }));
        });
    });

    describe("allPages", () => {
        it("follows next tokens to the last page", async () => {
            const pages: Record<string, { items: number[]; next?: string }> = {
                "": { items: [1, 2], next: "a" },
                a: { items: [3], next: "b" },
                b: { items: [] },
            };
            assert.deepEqual(await allPages("x", async (t) => pages[t ?? ""]), [1, 2, 3]);
        });

        it("stops on a token the service returns twice instead of looping", async () => {
            await assert.rejects(
                allPages("glue GetTables", async () => ({ items: [1], next: "same" })),
                /glue GetTables: the service returned page token same twice/,
            );
        });
    });

    describe("policyAsOf", () => {
        const policy = JSON.stringify({
            Statement: [
                {
                    Sid: "Ends",
                    Effect: "Allow",
                    Principal: "*",
                    Action: "s3:GetObject",
                    Condition: { DateLessThan: { "aws:CurrentTime": "2028-01-01T00:00:00Z" } },
                },
                {
                    Sid: "Starts",
                    Effect: "Allow",
                    Principal: "*",
                    Action: "s3:GetObject",
                    Condition: { DateGreaterThan: { "aws:CurrentTime": "2027-06-01T00:00:00Z" } },
                },
                { Sid: "Deny", Effect: "Deny", Principal: "*", Action: "s3:*", Condition: { DateLessThan: { "aws:CurrentTime": "2020-01-01T00:00:00Z" } } },
            ],
        });
        const sids = (at: string) => JSON.parse(policyAsOf(policy, new Date(at))!).Statement.map((s: { Sid: string }) => s.Sid);

        it("keeps an Allow only while its aws:CurrentTime window is open; Deny statements always", () => {
            assert.deepEqual(sids("2027-01-01T00:00:00Z"), ["Ends", "Deny"]);
            assert.deepEqual(sids("2027-12-31T23:59:59Z"), ["Ends", "Starts", "Deny"]);
            assert.deepEqual(sids("2028-01-01T00:00:00Z"), ["Starts", "Deny"]);
        });
    });
});
