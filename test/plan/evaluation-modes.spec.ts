import { strict as assert } from "assert";
import { evaluateTopology } from "../../plan/evaluate";
import { PROJECT_DIR } from "../support/sample";

/** Lowering Error.stackTraceLimit makes evaluation faster; it must not change what is registered. */
describe("evaluation with and without stack traces", () => {
    it("registers the same resources, with the same inputs, in every stack", async () => {
        const fingerprint = async (stackTraceLimit: number) => {
            const e = await evaluateTopology(PROJECT_DIR, { accessAsOf: "2026-11-22T00:00:00Z", stackTraceLimit });
            return e.stacks.flatMap((s) => s.resources.map((r) => `${s.stack}|${r.type}|${r.name}|${JSON.stringify(r.inputs, (k, v) => (k === "__provider" ? undefined : v))}`)).sort();
        };
        const [fast, traced] = [await fingerprint(0), await fingerprint(10)];
        assert.ok(fast.length > 100);
        assert.deepEqual(fast, traced);
    });
});
