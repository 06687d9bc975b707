import { strict as assert } from "assert";
import { topologyWith } from "../support/sample";
import { runStack } from "../support/run-stack";

/** Advice the topology goes against reaches the person running `pulumi up`, without stopping it. */
describe("pattern advice in the stacks", () => {
    const warned: string[] = [];
    const original = console.warn;

    beforeEach(() => {
        warned.length = 0;
        // Under mocks there is no engine, so pulumi.log.warn writes to console.warn.
        console.warn = (...args: unknown[]) => void warned.push(args.join(" "));
    });
    afterEach(() => {
        console.warn = original;
    });

    it("warns with the key and says it is a preference, and deploys anyway", async () => {
        const topology = topologyWith((t) => (t.consumers[0].dataProducts[0] = { name: "sales_insights", patterns: ["access-point"] }));
        const run = await runStack("external", { topology });
        assert.deepEqual(run.errors, []);
        const advice = warned.filter((w) => w.includes("datasharing:topology.consumers[0].dataProducts[0].patterns[0]"));
        assert.equal(advice.length, 1, warned.join("\n"));
        assert.match(advice[0], /a preference, not an error/);
    });

    it("warns about nothing for the sample topology", async () => {
        await runStack("governance");
        assert.deepEqual(
            warned.filter((w) => w.includes("preference")),
            [],
        );
    });
});
