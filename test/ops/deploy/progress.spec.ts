import { strict as assert } from "assert";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { formatChanges } from "../../../ops/deploy/changes";
import { ProgressLines, firstLine } from "../../../ops/deploy/progress";
import { SequenceStep } from "../../../ops/deploy/sequence";

const step = (stack: string): SequenceStep => ({
    target: {
        stack,
        path: `acme-data/datasharing/${stack}`,
        account: { role: "producer", accountId: "111111111111", region: "eu-west-1", pulumiOrg: "acme-data", stack },
        credentials: { kind: "environment" },
    },
    after: [],
    outside: [],
});

const meta = (n: number) => ({ op: "create" as const, urn: `urn:r${n}`, type: "aws:s3/bucket:Bucket", provider: "" });
const pre = (n: number): EngineEvent => ({ sequence: 0, timestamp: 0, resourcePreEvent: { metadata: meta(n) } });
const done = (n: number): EngineEvent => ({ sequence: 0, timestamp: 0, resOutputsEvent: { metadata: meta(n) } });
const failed = (n: number): EngineEvent => ({ sequence: 0, timestamp: 0, resOpFailedEvent: { metadata: meta(n), status: 1, steps: 1 } });

describe("progress lines", () => {
    it("counts resources done of those known, with elapsed time, at most one line per interval per stack", () => {
        let t = 0;
        const lines: string[] = [];
        const progress = new ProgressLines({ write: (l) => lines.push(l), operation: "up", intervalMs: 10_000, now: () => t }, ["producer", "external"]);
        progress.started(step("producer"), 4);
        progress.event(step("producer"), pre(1));
        t = 5_000;
        progress.event(step("producer"), done(1));
        t = 12_000;
        progress.event(step("producer"), pre(2));
        for (const n of [3, 4, 5, 6]) progress.event(step("producer"), pre(n));
        t = 65_000;
        progress.event(step("producer"), failed(2));
        progress.finished(step("producer"), {
            status: "failed",
            error: "code: 255\n stdout: Updating\n    error: creating S3 Bucket: AccessDenied\n stderr: \n",
            seconds: 65,
        });
        assert.deepEqual(lines, [
            "[producer] up started (acme-data/datasharing/producer, 4 resources in its state)",
            // The state held 4; the program has registered 2 so far: the larger is the total.
            "[producer] 1/4 resources, 12s",
            "[producer] 2/6 resources, 1 failed, 1m05s",
            "[producer] FAILED: 2/6 resources, 1 failed, 1m05s; error: creating S3 Bucket: AccessDenied",
        ]);
    });

    it("says what changed, leaving out what did not", () => {
        assert.equal(formatChanges({ create: 3, update: 1, same: 40, read: 2 }), "3 create, 1 update (40 unchanged)");
        assert.equal(formatChanges({ same: 40 }), "no changes (40 unchanged)");
        assert.equal(formatChanges({}), "no changes");
    });

    it("picks Pulumi's error line out of the Automation API's command result", () => {
        assert.equal(
            firstLine("code: 255\n stdout: Previewing update (producer)\n\n  error: Missing required configuration variable\n stderr: \n err?: "),
            "error: Missing required configuration variable",
        );
        assert.equal(firstLine("the Pulumi CLI is not installed"), "the Pulumi CLI is not installed");
    });
});
