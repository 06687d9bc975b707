import { strict as assert } from "assert";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { HandoffDeps, handoff } from "../../../ops/handoff/main";
import { evaluateStack, evaluateTopology } from "../../../plan/evaluate";
import { TopologyEvaluation } from "../../../plan/evaluation";
import { collectEntitlements } from "../../../plan/entitlements";
import { readProject, stackConfig } from "../../../plan/project-files";
import { StackOutput } from "../../../ops/deploy/workspace";
import { RecordingWorkspace } from "../../support/fake-workspace";
import { PROJECT_DIR } from "../../support/sample";

const AS_OF = "2026-11-22T00:00:00Z";

/** One evaluation of the sample for the whole file: each is seconds of CPU. */
let evaluation: Promise<TopologyEvaluation> | undefined;
const evaluateOnce: typeof evaluateTopology = (dir, options) => (evaluation ??= evaluateTopology(dir, options));

function deps(workspace = new RecordingWorkspace()): HandoffDeps & { lines: string[]; workspace: RecordingWorkspace } {
    const lines: string[] = [];
    return { lines, workspace, local: () => workspace, write: (l) => lines.push(l), commit: () => "0123abc", evaluate: evaluateOnce };
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "handoff-"));

/** The consumer's stack run under mocks from the bundle alone: its stack file and the project file, no upstream outputs at all. */
async function evaluateFromBundle(dir: string, stack: string, org: string, account: { accountId: string; region: string }) {
    const project = readProject(dir);
    const { config, secretKeys } = stackConfig(project, stack);
    return evaluateStack({ project: project.project, stack, org, config, secretKeys, account, asOf: new Date(AS_OF) }, { stackTraceLimit: 0 });
}

/** What a stack registers, comparable across two runs (literal values resolve sooner than references, so the order differs). */
const registered = (resources: readonly { type: string; name: string; inputs: unknown }[]) =>
    resources
        .filter((r) => r.type !== "pulumi:pulumi:StackReference")
        .map((r) => ({ key: `${r.type}::${r.name}`, inputs: r.inputs }))
        .sort((a, b) => a.key.localeCompare(b.key));

const sha256 = (file: string) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");

describe("npm run handoff", function () {
    this.timeout(300_000);
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("from the plan: the auditor's stack evaluates from the bundle alone, resolving no stack reference, labelled as placeholders", async () => {
        const out = path.join(tmp, "auditor");
        const d = deps();
        assert.equal(await handoff(["auditor", "--from", "plan", "--out", out, "--as-of", AS_OF], d), 0);
        assert.deepEqual(fs.readdirSync(out).sort(), ["Pulumi.consumer.yaml", "Pulumi.yaml", "README.md", "entitlements.md", "handoff.json"]);
        assert.deepEqual(d.workspace.calls, [], "--from plan reads no stack");

        const fromBundle = await evaluateFromBundle(out, "consumer", "audit-co", { accountId: "444444444444", region: "eu-west-1" });
        assert.deepEqual(fromBundle.errors, []);
        assert.deepEqual(fromBundle.mocks.references, [], "no StackReference at all: the consumer needs no access to the producer's state");
        const full = (await evaluation!).stacks.find((s) => s.stack === "consumer")!;
        assert.ok(full.references.length > 0, "the sample's consumer reads its upstream stacks by reference");
        assert.deepEqual(registered(fromBundle.mocks.resources), registered(full.resources), "the same resources as when it reads the producer's state");

        const stackFile = fs.readFileSync(path.join(out, "Pulumi.consumer.yaml"), "utf8");
        assert.match(stackFile, /# PLACEHOLDERS from the offline plan \(npm run plan\), NOT the deployed stacks' outputs/);
        assert.match(stackFile, /# The auditor's warehouse/, "the project's own stack file, comments kept");
        assert.match(fs.readFileSync(path.join(out, "README.md"), "utf8"), /PLACEHOLDER VALUES, NOT FOR DEPLOYMENT/);
        const facts = JSON.parse(fs.readFileSync(path.join(out, "handoff.json"), "utf8"));
        assert.equal(facts.outputsFrom, "plan (placeholders, not for deployment)");
        assert.deepEqual(facts.upstream, ["acme-data/datasharing/external", "acme-data/datasharing/producer", "acme-data/datasharing/governance"]);
        for (const [file, sum] of Object.entries(facts.sha256)) assert.equal(sha256(path.join(out, file)), sum, file);
        assert.equal(fs.readFileSync(path.join(out, "Pulumi.yaml"), "utf8"), fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), "utf8"));
    });

    it("without the bundle's references, the same evaluation fails: the check above can fail", async () => {
        const dir = path.join(tmp, "no-references");
        fs.mkdirSync(dir, { recursive: true });
        fs.copyFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
        fs.copyFileSync(path.join(PROJECT_DIR, "Pulumi.consumer.yaml"), path.join(dir, "Pulumi.consumer.yaml"));
        const run = await evaluateFromBundle(dir, "consumer", "audit-co", { accountId: "444444444444", region: "eu-west-1" });
        assert.ok(run.errors.length > 0);
        assert.ok(run.mocks.references.some((r) => !r.resolved));
    });

    it("carries the consumer's rows of the entitlement report, exactly as the plan reports them", async () => {
        const out = path.join(tmp, "auditor");
        const md = fs.readFileSync(path.join(out, "entitlements.md"), "utf8");
        assert.deepEqual(md.match(/^## .*$/gm), ["## auditor"], "no other consumer's rows");
        const report = collectEntitlements(await evaluation!, new Date(AS_OF));
        const rows = report.entitlements.filter((e) => e.consumer === "auditor");
        assert.ok(rows.length >= 5);
        assert.equal(md.split("\n").filter((l) => l.startsWith("| arn:") || l.startsWith("| 444444444444")).length, rows.length);
        assert.match(
            md,
            /\| arn:aws:iam::444444444444:role\/auditor-analyst \| 444444444444 \| lake-formation \(LF-tags\), pattern 2 .*customers .*\| address, email \|/,
        );
    });

    it("from the deployed stacks: reads them with the held credentials, and hands over only this consumer's slice", async () => {
        const plan = await evaluateOnce(PROJECT_DIR, { accessAsOf: AS_OF });
        const deployed = (stack: string, extra: Record<string, unknown> = {}): Record<string, StackOutput> =>
            Object.fromEntries(
                Object.entries({ ...plan.stacks.find((s) => s.stack === stack)!.outputs, ...extra }).map(([k, v]) => [k, { value: v, secret: false }]),
            );
        const external = plan.stacks.find((s) => s.stack === "external")!.outputs!;
        const grants = external.dataGrants as Record<string, Record<string, string>>;
        const workspace = new RecordingWorkspace({
            outputs: {
                // Another consumer's grant, and a secret outside the contract: neither may travel.
                external: {
                    ...deployed("external", {
                        dataGrants: { market_prices: { ...grants.market_prices, rival: "arn:aws:dataexchange:eu-west-1:333333333333:data-grants/rival" } },
                    }),
                    adminPassword: { value: "hunter2", secret: true },
                },
                producer: deployed("producer"),
            },
        });
        const accounts = path.join(tmp, "accounts.yaml");
        fs.writeFileSync(accounts, "stacks:\n  external: { profile: acme-external }\n  producer: { profile: acme-production }\n");
        const out = path.join(tmp, "supplier");
        const d = deps(workspace);
        assert.equal(await handoff(["supplier", "--from", "stacks", "--out", out, "--as-of", AS_OF, "--accounts", accounts], d), 0);
        assert.deepEqual(
            workspace.calls.map((c) => [c.method, c.path, c.credentials]),
            [
                ["outputs", "acme-data/datasharing/external", { kind: "profile", profile: "acme-external" }],
                ["outputs", "acme-data/datasharing/producer", { kind: "profile", profile: "acme-production" }],
            ],
        );
        const config = parse(fs.readFileSync(path.join(out, "Pulumi.consumer-supplier.yaml"), "utf8")).config;
        const refs = config["datasharing:references"];
        assert.deepEqual(Object.keys(refs), ["external", "producer"]);
        assert.deepEqual(refs.external.dataGrants, { market_prices: { supplier: grants.market_prices.supplier } }, "its own grant only");
        assert.equal(refs.external.copyTarget, undefined, "the copy job's target is the producer's business");
        assert.equal(refs.external.datashares, undefined, "the supplier receives no datashare from external");
        assert.deepEqual(Object.keys(refs.producer.datashares), ["inventory_levels"]);
        assert.doesNotMatch(fs.readFileSync(path.join(out, "Pulumi.consumer-supplier.yaml"), "utf8"), /hunter2|rival/);
        assert.match(
            fs.readFileSync(path.join(out, "Pulumi.consumer-supplier.yaml"), "utf8"),
            /# Literal outputs of acme-data\/datasharing\/external, acme-data\/datasharing\/producer, read from the deployed stacks/,
        );
        assert.equal(JSON.parse(fs.readFileSync(path.join(out, "handoff.json"), "utf8")).outputsFrom, "deployed stacks");

        const fromBundle = await evaluateFromBundle(out, "consumer-supplier", "acme-data", { accountId: "555555555555", region: "eu-west-1" });
        assert.deepEqual(fromBundle.errors, []);
        assert.deepEqual(fromBundle.mocks.references, []);
        assert.deepEqual(registered(fromBundle.mocks.resources), registered(plan.stacks.find((s) => s.stack === "consumer-supplier")!.resources));
    });

    it("refuses what a consumer could not deploy with, and says so", async () => {
        const plan = await evaluateOnce(PROJECT_DIR, { accessAsOf: AS_OF });
        const outputs = (stack: string) =>
            Object.fromEntries(
                Object.entries(plan.stacks.find((s) => s.stack === stack)!.outputs!).map(([k, v]) => [k, { value: v, secret: k === "publishedKeyArn" }]),
            );
        const secret = new RecordingWorkspace({ outputs: { external: outputs("external"), producer: outputs("producer") } });
        await assert.rejects(
            handoff(["supplier", "--from", "stacks", "--out", path.join(tmp, "x")], deps(secret)),
            /output publishedKeyArn of acme-data\/datasharing\/external is a secret/,
        );
        const undeployed = new RecordingWorkspace({ outputs: { external: {} } });
        await assert.rejects(
            handoff(["supplier", "--from", "stacks", "--out", path.join(tmp, "x")], deps(undeployed)),
            /stack acme-data\/datasharing\/external has no outputs: deploy it first/,
        );
        await assert.rejects(handoff(["insights-partner"], deps()), /not on AWS \(no accountId\), so it deploys nothing/);
        await assert.rejects(handoff(["producer"], deps()), /"producer" is the producer stack; a hand-off is for a consumer/);
        await assert.rejects(handoff(["auditr"], deps()), /Consumers with a stack: auditor, supplier, former-auditor/);
        assert.ok(!fs.existsSync(path.join(tmp, "x")), "nothing written");
    });

    it("auto falls back to the plan when the stacks cannot be read, and says so", async () => {
        const out = path.join(tmp, "former");
        const d = deps(new RecordingWorkspace());
        assert.equal(await handoff(["former-auditor", "--out", out, "--as-of", AS_OF], d), 0);
        assert.match(d.lines.join("\n"), /Could not read the deployed stacks \(code: 255\); using the plan's values instead/);
        assert.match(d.lines.join("\n"), /PLAN's placeholder values/);
        assert.match(fs.readFileSync(path.join(out, "entitlements.md"), "utf8"), /former-auditor receives nothing as of 2026-11-22/);
    });
});
