import { strict as assert } from "assert";
import { parseAccounts } from "../../../ops/deploy/accounts-file";
import { runSequence } from "../../../ops/deploy/run-sequence";
import { planSequence } from "../../../ops/deploy/sequence";
import { renderSummary } from "../../../ops/deploy/summary";
import { loadProject } from "../../../ops/project";
import { RecordingWorkspace } from "../../support/fake-workspace";
import { PROJECT_DIR } from "../../support/sample";

const topology = () => loadProject(PROJECT_DIR).topology;
const sequenceOf = (operation: "up" | "destroy" | "preview") => planSequence(topology(), { operation, project: "datasharing" });

/** Every stack started only after each stack it waits for had ended. */
function assertWaited(workspace: RecordingWorkspace, sequence: ReturnType<typeof sequenceOf>) {
    for (const step of sequence.steps) {
        const start = workspace.timeline.indexOf(`start:${step.target.stack}`);
        if (start < 0) continue;
        for (const before of step.after) {
            const end = workspace.timeline.indexOf(`end:${before}`);
            assert.ok(end >= 0 && end < start, `${step.target.stack} started before ${before} ended: ${workspace.timeline.join(" ")}`);
        }
    }
}

describe("running the sequence", () => {
    it("runs every stack in deploy order, each after the stacks it reads, with nothing else called", async () => {
        const workspace = new RecordingWorkspace();
        const sequence = sequenceOf("up");
        const report = await runSequence(sequence, { workspace, parallel: 1 });
        assert.deepEqual(workspace.started, ["external", "producer", "governance", "consumer", "consumer-supplier", "consumer-former-auditor"]);
        assert.deepEqual(new Set(workspace.calls.filter((c) => c.method === "run").map((c) => c.operation)), new Set(["up"]));
        assert.deepEqual(new Set(workspace.calls.map((c) => c.method)), new Set(["run", "resourceCount"]));
        assert.ok(report.steps.every((s) => s.outcome.status === "succeeded"));
        assert.equal(report.firstFailure, undefined);
    });

    it("runs consumers that do not read each other side by side, never more than --parallel at once", async () => {
        for (const parallel of [2, 3]) {
            // Long enough that every ready consumer overlaps the others.
            const workspace = new RecordingWorkspace({ durationMs: (s) => (s.startsWith("consumer") ? 60 : 5) });
            const sequence = sequenceOf("up");
            await runSequence(sequence, { workspace, parallel });
            assert.equal(workspace.maxConcurrent, parallel, `parallel ${parallel}: ${workspace.timeline.join(" ")}`);
            assertWaited(workspace, sequence);
        }
        // The supplier reads only external and producer: it runs while governance still deploys.
        const workspace = new RecordingWorkspace({ durationMs: (s) => (s === "governance" ? 60 : 5) });
        await runSequence(sequenceOf("up"), { workspace, parallel: 4 });
        const t = workspace.timeline;
        assert.ok(t.indexOf("start:consumer-supplier") < t.indexOf("end:governance"), t.join(" "));
        assert.ok(t.indexOf("start:consumer") > t.indexOf("end:governance"), "the auditor reads governance, so it waits");
    });

    it("destroys in reverse: a stack goes only once every stack reading it is gone", async () => {
        const workspace = new RecordingWorkspace();
        const sequence = sequenceOf("destroy");
        await runSequence(sequence, { workspace, parallel: 1 });
        assert.deepEqual(workspace.started, ["consumer-former-auditor", "consumer-supplier", "consumer", "governance", "producer", "external"]);
        assert.ok(workspace.calls.filter((c) => c.method === "run").every((c) => c.operation === "destroy"));
        const parallelRun = new RecordingWorkspace({ durationMs: () => 20 });
        await runSequence(sequence, { workspace: parallelRun, parallel: 4 });
        assertWaited(parallelRun, sequence);
        assert.equal(parallelRun.maxConcurrent, 3, "the three consumers go together");
    });

    it("stops at the first failure: running stacks finish, nothing new starts, the summary names what did not run", async () => {
        const workspace = new RecordingWorkspace({ failing: ["producer"] });
        const report = await runSequence(sequenceOf("up"), { workspace, parallel: 4 });
        assert.deepEqual(workspace.started, ["external", "producer"]);
        assert.equal(report.firstFailure, "producer");
        assert.deepEqual(
            report.steps.map((s) => [s.step.target.stack, s.outcome.status]),
            [
                ["external", "succeeded"],
                ["producer", "failed"],
                ["governance", "not run"],
                ["consumer", "not run"],
                ["consumer-supplier", "not run"],
                ["consumer-former-auditor", "not run"],
            ],
        );
        const summary = renderSummary(report);
        assert.match(summary, /^up: stopped after producer failed/);
        assert.match(summary, /producer +111111111111 +environment +FAILED \d+s +error: update failed in producer/);
        assert.match(summary, /governance +222222222222 +environment +not run +stopped after producer failed/);
        assert.match(summary, /Not run because producer failed: governance, consumer, consumer-supplier, consumer-former-auditor\./);
    });

    it("lets a stack already running finish when another fails, and starts nothing after", async () => {
        // Governance fails fast while the supplier (which does not read it) is still deploying.
        const workspace = new RecordingWorkspace({ failing: ["governance"], durationMs: (s) => (s === "consumer-supplier" ? 80 : 5) });
        const report = await runSequence(sequenceOf("up"), { workspace, parallel: 4 });
        const outcome = Object.fromEntries(report.steps.map((s) => [s.step.target.stack, s.outcome.status]));
        assert.equal(outcome["consumer-supplier"], "succeeded");
        assert.equal(outcome.consumer, "not run");
        assert.equal(outcome["consumer-former-auditor"], "not run");
        assert.ok(!workspace.started.includes("consumer"));
    });

    it("gives each stack the credentials of its own account", async () => {
        const held = parseAccounts(
            {
                stacks: {
                    external: { profile: "acme-external" },
                    producer: { roleArn: "arn:aws:iam::111111111111:role/deployer", externalId: "acme-42" },
                    governance: {},
                    consumer: { profile: "audit-co" },
                },
            },
            topology(),
        );
        const sequence = planSequence(topology(), { operation: "up", project: "datasharing", held });
        const workspace = new RecordingWorkspace();
        const report = await runSequence(sequence, { workspace, parallel: 2 });
        const runs = workspace.calls.filter((c) => c.method === "run");
        assert.deepEqual(Object.fromEntries(runs.map((c) => [c.path, c.credentials])), {
            "acme-data/datasharing/external": { kind: "profile", profile: "acme-external" },
            "acme-data/datasharing/producer": {
                kind: "role",
                roleArn: "arn:aws:iam::111111111111:role/deployer",
                externalId: "acme-42",
                sourceProfile: undefined,
                durationSeconds: undefined,
            },
            "acme-data/datasharing/governance": { kind: "environment" },
            "audit-co/datasharing/consumer": { kind: "profile", profile: "audit-co" },
        });
        const summary = renderSummary(report);
        assert.match(summary, /consumer-supplier +skipped +not held: not in deploy-accounts.yaml/);
        assert.match(summary, /producer +111111111111 +role arn:aws:iam::111111111111:role\/deployer +succeeded/);
    });

    it("refuses a parallelism below one", () => {
        assert.throws(() => runSequence(sequenceOf("preview"), { workspace: new RecordingWorkspace(), parallel: 0 }), /at least 1/);
    });
});
