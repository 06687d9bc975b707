import { strict as assert } from "assert";
import { ConfigError } from "../../core/config-error";
import { ContractRole, contractKeys } from "../../core/contract/exports";
import { PATTERNS } from "../../patterns";
import { evaluateTopology } from "../../plan/evaluate";
import { TopologyEvaluation } from "../../plan/evaluation";
import { runPreflight, worldOf } from "../../plan/preflight";
import { PROJECT_DIR, topologyWith } from "../support/sample";
import { sampleEvaluation } from "../support/sample-evaluation";
import { runStack } from "../support/run-stack";

/** Every stack of the committed config, in deploy order, each fed the outputs of the ones before. */
describe("topology: all stacks in deploy order", () => {
    let evaluation: TopologyEvaluation;
    before(async () => {
        evaluation = await sampleEvaluation("2026-11-22T00:00:00Z");
    });
    /** The sample's six stacks; a loop over none would pass every check vacuously. */
    const stacks = () => {
        assert.equal(evaluation.stacks.length, 6, "the sample evaluates six stacks");
        return evaluation.stacks;
    };
    /** References of the sample's stacks: producer 1, governance 1, the auditor 3, the supplier and the former auditor 2 each. */
    const REFERENCES = 9;

    it("deploys external, producer, governance, then each consumer on AWS", () => {
        assert.deepEqual(
            evaluation.stacks.map((s) => s.stack),
            ["external", "producer", "governance", "consumer", "consumer-supplier", "consumer-former-auditor"],
        );
    });

    it("runs every program without error and resolves every reference", () => {
        let references = 0;
        for (const s of stacks()) {
            assert.deepEqual(s.errors, [], `${s.stack}: ${s.errors.join("; ")}`);
            for (const r of s.references) assert.ok(r.resolved, `${s.stack} reads ${r.stack}, which is not evaluated`);
            references += s.references.length;
        }
        assert.equal(references, REFERENCES, "every reference of the sample checked");
    });

    it("passes every preflight rule: nothing AWS would refuse at deploy time", () => {
        assert.deepEqual(runPreflight(worldOf(evaluation)), []);
    });

    it("reads only stacks deployed before it", () => {
        const seen = new Set<string>();
        let references = 0;
        for (const s of stacks()) {
            for (const r of s.references) assert.ok(seen.has(r.stack), `${s.stack} reads ${r.stack} before it is deployed`);
            references += s.references.length;
            seen.add(s.path);
        }
        assert.equal(references, REFERENCES, "every reference of the sample checked");
    });

    it("exports each role's full contract, with the account it deployed into", () => {
        for (const s of stacks()) {
            const role = s.account.role as ContractRole;
            const { upstreamStacks, ...all } = s.outputs as Record<string, unknown>;
            const contract = Object.fromEntries(contractKeys(PATTERNS.contracts, role).map((k) => [k, all[k]]));
            const parsed = PATTERNS.contracts[role].safeParse(contract);
            assert.ok(parsed.success, `${s.stack}: ${JSON.stringify(parsed.error?.issues)}`);
            assert.equal(contract.accountId, s.account.accountId);
            assert.equal(typeof upstreamStacks, "object");
        }
    });

    it("verifies every upstream stack against the topology", () => {
        const consumer = evaluation.stacks.find((s) => s.stack === "consumer")!;
        assert.deepEqual(
            consumer.outputs?.upstreamStacks,
            {
                external: "acme-data/datasharing/external (333333333333)",
                producer: "acme-data/datasharing/producer (111111111111)",
                governance: "acme-data/datasharing/governance (222222222222)",
            },
            "the auditor reads the external stack for its option B datashare",
        );
        const supplier = evaluation.stacks.find((s) => s.stack === "consumer-supplier")!;
        assert.deepEqual(
            Object.keys(supplier.outputs?.upstreamStacks as object),
            ["external", "producer"],
            "the supplier uses patterns hosted in the external account",
        );
    });

    it("puts every AWS resource of a stack in that stack's account, through a provider pinned to it", () => {
        for (const s of stacks()) {
            const providers = s.resources.filter((r) => r.type === "pulumi:providers:aws");
            assert.equal(providers.length, 1, `${s.stack}: one pinned provider`);
            const inputs = providerInputs(providers[0].inputs);
            assert.deepEqual(inputs.allowedAccountIds, [s.account.accountId]);
            assert.equal(inputs.region, s.account.region);
            assert.equal(inputs.defaultTags.tags["datasharing:account-role"], s.account.role);
            const resources = s.resources.filter((x) => x.type.startsWith("aws:"));
            assert.ok(resources.length > 0, `${s.stack}: no AWS resource to check`);
            for (const r of resources) {
                assert.equal(r.accountId, s.account.accountId, `${s.stack}: ${r.type} ${r.name} lands in ${r.accountId}`);
            }
        }
    });

    it("protects every bucket and key", () => {
        let checked = 0;
        for (const s of stacks()) {
            for (const r of s.resources.filter((x) => x.type === "aws:s3/bucket:Bucket" || x.type === "aws:kms/key:Key")) {
                assert.equal(r.options.protect, true, `${s.stack}: ${r.type} ${r.name}`);
                checked++;
            }
        }
        assert.ok(checked > 0, "no bucket or key in the sample to check");
    });

    it("refuses an invalid topology before evaluating any stack", async () => {
        const topology = topologyWith((t) => (t.accounts.external.accountId = "33333"));
        await assert.rejects(
            evaluateTopology(PROJECT_DIR, { topology }),
            (err: unknown) => err instanceof ConfigError && /accounts\.external\.accountId/.test(err.message),
        );
    });
});

describe("stack programs with a malformed account id", () => {
    const topology = topologyWith((t) => (t.accounts.producer.accountId = "1111-1111-1111"));
    for (const stack of ["external", "producer", "governance", "consumer"]) {
        it(`${stack}: fails naming the key, and registers no AWS resource`, async () => {
            const run = await runStack(stack, { topology });
            assert.equal(run.outputs, undefined);
            assert.ok(
                run.errors.some((e) => e.includes("datasharing:topology.accounts.producer.accountId") && e.includes("12 digits")),
                run.errors.join("\n"),
            );
            assert.deepEqual(
                run.resources.map((r) => r.type),
                ["pulumi:pulumi:Stack"],
                "nothing but the stack itself",
            );
        });
    }
});

/** Provider inputs reach the engine JSON-encoded when they are not strings. */
function providerInputs(inputs: Record<string, any>): Record<string, any> {
    return Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, typeof v === "string" && /^[[{]/.test(v) ? JSON.parse(v) : v]));
}
