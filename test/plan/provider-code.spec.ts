import * as pulumi from "@pulumi/pulumi";
import { strict as assert } from "assert";
import { IamAllowedPrincipalsRevocation } from "../../components/lake-formation/iam-allowed-principals-revocation";
import { STAND_IN_CODE, withoutProviderCode } from "../../core/dynamic/provider-code";
import { evaluateTopology } from "../../plan/evaluate";
import { TopologyEvaluation } from "../../plan/evaluation";
import { buildPlan, renderPlan } from "../../plan/report";
import { loadSerialized } from "../support/dynamic-provider";
import { runProgram } from "../support/run-stack";
import { PROJECT_DIR } from "../support/sample";
import { SAMPLE_AS_OF, sampleEvaluation } from "../support/sample-evaluation";

const isDynamic = (type: string) => type.startsWith("pulumi-nodejs:dynamic");

/** Every dynamic resource of the evaluation as `stack|type|name` with its `__provider` text. */
function providerTexts(e: TopologyEvaluation): Map<string, string> {
    return new Map(
        e.stacks.flatMap((s) =>
            s.resources.filter((r) => isDynamic(r.type)).map((r) => [`${s.stack}|${r.type}|${r.name}`, String(r.inputs.__provider)] as const),
        ),
    );
}

/** Every resource of every stack as `stack|type|name|inputs` without `__provider`, sorted. */
function registrations(e: TopologyEvaluation): string[] {
    for (const s of e.stacks) assert.deepEqual(s.errors, [], s.stack);
    return e.stacks
        .flatMap((s) => s.resources.map((r) => `${s.stack}|${r.type}|${r.name}|${JSON.stringify(r.inputs, (k, v) => (k === "__provider" ? undefined : v))}`))
        .sort();
}

/**
 * The plan leaves the dynamic providers' code out (core/dynamic/provider-code.ts): nothing runs
 * it under the mocks. Leaving it out must change nothing else, and must not leak into an
 * evaluation that keeps it, as `pulumi up` and the rest of the suite do.
 */
describe("evaluation without the providers' code", function () {
    this.timeout(120_000);
    let serialized: TopologyEvaluation;
    let leftOut: TopologyEvaluation;
    before(async () => {
        serialized = await sampleEvaluation(SAMPLE_AS_OF);
        leftOut = await evaluateTopology(PROJECT_DIR, { accessAsOf: SAMPLE_AS_OF, providerCode: false });
    });

    it("registers every dynamic resource with the stand-in, which refuses to load with the reason", () => {
        const texts = providerTexts(leftOut);
        assert.ok(new Set([...texts.keys()].map((k) => k.split("|")[1])).size >= 10, "the sample registers the ten kinds of dynamic resource");
        for (const [resource, text] of texts) assert.equal(text, STAND_IN_CODE, resource);
        assert.throws(() => loadSerialized(STAND_IN_CODE), /left out by an offline evaluation \(npm run plan\); `pulumi up` registers the real code/);
    });

    it("registers the same resources with the same inputs otherwise, and plans the same", () => {
        assert.deepEqual(registrations(leftOut), registrations(serialized));
        const asOf = new Date(SAMPLE_AS_OF);
        const [a, b] = [buildPlan(leftOut, asOf), buildPlan(serialized, asOf)];
        assert.equal(renderPlan(a), renderPlan(b));
        assert.deepEqual(a, b);
    });

    it("keeps the real code everywhere else: each provider's code loads and can create", () => {
        const texts = providerTexts(serialized);
        assert.ok(texts.size >= 10);
        for (const [resource, text] of texts) {
            assert.notEqual(text, STAND_IN_CODE, resource);
            assert.equal(typeof loadSerialized(text).create, "function", resource);
        }
    });

    it("serializes a provider that is not the stand-in as before, during such an evaluation and after it", async () => {
        const provider: pulumi.dynamic.ResourceProvider = { create: async () => ({ id: "plain" }) };
        /** A dynamic resource that registers its provider as given, not through providerCode. */
        class Plain extends pulumi.dynamic.Resource {
            constructor(name: string) {
                super(provider, name, {}, undefined, "test", "Plain");
            }
        }
        const program = () => ({ plain: new Plain("plain") });
        for (const run of [await withoutProviderCode(() => runProgram(program)), await runProgram(program)]) {
            const text = String(run.one("pulumi-nodejs:dynamic/test:Plain").inputs.__provider);
            assert.notEqual(text, STAND_IN_CODE);
            assert.equal(typeof loadSerialized(text).create, "function");
        }
    });

    it("does not leave the stand-in behind for a later evaluation of a provider it left out", async () => {
        // The SDK caches each provider's code by provider object, for the whole process.
        const target = { accountId: "111111111111", region: "eu-west-1" };
        const run = await runProgram(() => ({ revocation: new IamAllowedPrincipalsRevocation("revocation", { target }) }));
        const text = String(run.one("pulumi-nodejs:dynamic/datasharing:IamAllowedPrincipalsRevocation").inputs.__provider);
        assert.notEqual(text, STAND_IN_CODE);
        assert.equal(typeof loadSerialized(text).create, "function");
    });
});
