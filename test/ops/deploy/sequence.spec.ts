import { strict as assert } from "assert";
import { parseTopology } from "../../../core/topology/parse";
import { parseAccounts } from "../../../ops/deploy/accounts-file";
import { planSequence } from "../../../ops/deploy/sequence";
import { loadProject } from "../../../ops/project";
import { PROJECT_DIR, topologyWith } from "../../support/sample";
import { PATTERNS } from "../../../patterns/index";

const sample = () => loadProject(PROJECT_DIR).topology;
const names = (steps: readonly { target: { stack: string } }[]) => steps.map((s) => s.target.stack);

describe("deploy sequence", () => {
    it("follows the topology's deploy order, each stack waiting for exactly the stacks it reads", () => {
        const seq = planSequence(sample(), { operation: "up", project: "datasharing" });
        assert.deepEqual(names(seq.steps), ["external", "producer", "governance", "consumer", "consumer-supplier", "consumer-former-auditor"]);
        const after = Object.fromEntries(seq.steps.map((s) => [s.target.stack, s.after]));
        assert.deepEqual(after, {
            external: [],
            producer: ["external"],
            governance: ["producer"],
            // The auditor reads governance (pattern 2) and external (option B datashare, access point).
            consumer: ["external", "producer", "governance"],
            // The supplier's patterns are served from external and producer: it need not wait for governance.
            "consumer-supplier": ["external", "producer"],
            "consumer-former-auditor": ["producer", "governance"],
        });
        assert.deepEqual(seq.skipped, []);
        assert.equal(seq.steps[3].target.path, "audit-co/datasharing/consumer", "the path other stacks reference, with the consumer's own organisation");
        assert.ok(
            seq.steps.every((s) => s.target.credentials.kind === "environment"),
            "without an accounts file, the environment's credentials",
        );
    });

    it("reverses for destroy: a stack waits for every stack that reads it", () => {
        const seq = planSequence(sample(), { operation: "destroy", project: "datasharing" });
        assert.deepEqual(names(seq.steps), ["consumer-former-auditor", "consumer-supplier", "consumer", "governance", "producer", "external"]);
        const after = Object.fromEntries(seq.steps.map((s) => [s.target.stack, s.after]));
        assert.deepEqual(after.governance, ["consumer", "consumer-former-auditor"]);
        assert.deepEqual(after.producer, ["governance", "consumer", "consumer-supplier", "consumer-former-auditor"]);
        assert.deepEqual(after.external, ["producer", "consumer", "consumer-supplier"]);
        assert.deepEqual(after.consumer, []);
    });

    it("runs only the stacks the accounts file holds, with their credentials, and notes the others as skipped", () => {
        const topology = sample();
        const held = parseAccounts(
            { stacks: { external: { profile: "acme-external" }, producer: { roleArn: "arn:aws:iam::111111111111:role/deployer" }, governance: {} } },
            topology,
        );
        const seq = planSequence(topology, { operation: "up", project: "datasharing", held });
        assert.deepEqual(names(seq.steps), ["external", "producer", "governance"]);
        assert.deepEqual(
            seq.steps.map((s) => s.target.credentials),
            [
                { kind: "profile", profile: "acme-external" },
                {
                    kind: "role",
                    roleArn: "arn:aws:iam::111111111111:role/deployer",
                    externalId: undefined,
                    sourceProfile: undefined,
                    durationSeconds: undefined,
                },
                { kind: "environment" },
            ],
        );
        assert.deepEqual(
            seq.skipped.map((s) => [s.stack, s.reason]),
            [
                ["consumer", "not held: not in deploy-accounts.yaml"],
                ["consumer-supplier", "not held: not in deploy-accounts.yaml"],
                ["consumer-former-auditor", "not held: not in deploy-accounts.yaml"],
            ],
        );
    });

    it("--stacks narrows the run; a stack read but not run is named, not waited for", () => {
        const seq = planSequence(sample(), { operation: "up", project: "datasharing", only: ["consumer-supplier", "governance"] });
        assert.deepEqual(names(seq.steps), ["governance", "consumer-supplier"]);
        assert.deepEqual(
            seq.steps.map((s) => s.after),
            [[], []],
        );
        assert.deepEqual(
            seq.steps.map((s) => s.outside),
            [["producer"], ["external", "producer"]],
        );
    });

    it("refuses a --stacks name that is no stack, a consumer's name, or a stack the accounts file does not hold", () => {
        const topology = sample();
        assert.throws(
            () => planSequence(topology, { operation: "up", project: "p", only: ["producr"] }),
            /no stack "producr" in the topology \(did you mean "producer"\?\)/,
        );
        assert.throws(
            () => planSequence(topology, { operation: "up", project: "p", only: ["supplier"] }),
            /"supplier" is a consumer; its stack is "consumer-supplier"/,
        );
        const held = parseAccounts({ stacks: { producer: {} } }, topology);
        assert.throws(
            () => planSequence(topology, { operation: "up", project: "p", held, only: ["governance"] }),
            /governance is not in deploy-accounts.yaml, so this operator has no credentials for it/,
        );
    });

    it("without an external account, the producer waits for nothing", () => {
        const topology = parseTopology(
            topologyWith((t) => {
                delete t.accounts.external;
                t.patterns.enabled = ["lake-formation-central"];
                t.dataProducts = t.dataProducts.filter((p: { name: string }) => p.name === "sales_insights");
                // Publishing serves patterns 1 and 3, which this topology drops.
                delete t.dataProducts[0].publish;
                t.consumers = [t.consumers[0]];
                t.consumers[0].patterns = ["lake-formation-central"];
                t.consumers[0].dataProducts = [{ name: "sales_insights", patterns: ["lake-formation-central"] }];
                delete t.consumers[0].accessPoint;
            }),
            PATTERNS,
        );
        const seq = planSequence(topology, { operation: "up", project: "datasharing" });
        assert.deepEqual(
            seq.steps.map((s) => [s.target.stack, s.after]),
            [
                ["producer", []],
                ["governance", ["producer"]],
                ["consumer", ["producer", "governance"]],
            ],
        );
    });
});
