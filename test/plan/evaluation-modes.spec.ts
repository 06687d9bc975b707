import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { writeBenchProject } from "../../bench/topology";
import { evaluateTopology, getDefaultStackTraceLimit } from "../../plan/evaluate";
import { TopologyEvaluation } from "../../plan/evaluation";
import { PROJECT_DIR } from "../support/sample";
import { SAMPLE_AS_OF, sampleEvaluation } from "../support/sample-evaluation";

/** Every resource of every stack as `stack|type|name|inputs`, sorted. */
async function registrations(dir: string, stackTraceLimit: number): Promise<string[]> {
    return registrationsOf(await evaluateTopology(dir, { accessAsOf: SAMPLE_AS_OF, stackTraceLimit }));
}

function registrationsOf(e: TopologyEvaluation): string[] {
    for (const s of e.stacks) assert.deepEqual(s.errors, [], s.stack);
    return e.stacks
        .flatMap((s) => s.resources.map((r) => `${s.stack}|${r.type}|${r.name}|${JSON.stringify(r.inputs, (k, v) => (k === "__provider" ? undefined : v))}`))
        .sort();
}

/** Lowering Error.stackTraceLimit makes evaluation faster; it must not change what is registered. */
describe("evaluation with and without stack traces", () => {
    it("registers the same resources, with the same inputs, in every stack of the sample", async () => {
        // The shared evaluation is the one without traces: test/support/setup.ts sets the limit to 0 for every spec.
        assert.equal(getDefaultStackTraceLimit(), 0, "the tests evaluate without stack traces");
        const fast = registrationsOf(await sampleEvaluation(SAMPLE_AS_OF));
        const [prepare, limit] = [Error.prepareStackTrace, Error.stackTraceLimit];
        const traced = await registrations(PROJECT_DIR, 10);
        assert.ok(Error.prepareStackTrace === prepare && Error.stackTraceLimit === limit, "stack trace settings restored after the evaluation");
        assert.ok(fast.length > 100);
        assert.deepEqual(fast, traced);
    });

    it("registers the same resources in every stack of a generated topology (npm run bench's, 3 consumers x 120 tables)", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "datasharing-modes-"));
        try {
            writeBenchProject(dir, { consumers: 3, tables: 120 }, "tags");
            const [fast, traced] = [await registrations(dir, 0), await registrations(dir, 10)];
            assert.ok(fast.filter((r) => r.startsWith("consumer-c2|aws:lakeformation/permissions:Permissions|")).length > 0);
            assert.deepEqual(fast, traced);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("keeps error messages whole without stack traces: the key and the fix", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "datasharing-modes-"));
        try {
            writeBenchProject(dir, { consumers: 1, tables: 1 }, "tags");
            fs.appendFileSync(path.join(dir, "Pulumi.consumer-c0.yaml"), "  datasharing:assumeRoleArn: arn:aws:iam::999999999999:role/deployer\n");
            const e = await evaluateTopology(dir, { accessAsOf: "2026-11-22T00:00:00Z", stackTraceLimit: 0 });
            const errors = e.stacks.find((s) => s.stack === "consumer-c0")!.errors.join("\n");
            assert.match(
                errors,
                /datasharing:assumeRoleArn: is a role in account 999999999999, but this stack deploys into 100000001000: use a deployment role of account 100000001000/,
            );
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
