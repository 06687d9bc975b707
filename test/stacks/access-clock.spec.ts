import { strict as assert } from "assert";
import { runStack } from "../support/run-stack";

describe("the clock access end dates are compared with", () => {
    it("cannot be moved by a stack file: governance refuses accessAsOf and grants the expired former auditor nothing", async () => {
        // Before the fix, 2025-01-01 here made the former auditor (ended 2025-06-30) active again in this deploy.
        const run = await runStack("governance", { config: { "datasharing:accessAsOf": "2025-01-01" } });
        assert.match(run.errors.join("\n"), /datasharing:accessAsOf: is not a stack setting/);
        assert.deepEqual(
            run.awsResources.map((r) => r.type),
            [],
            "nothing is registered",
        );
    });
});
