import { strict as assert } from "assert";
import { parseTopology } from "../../core/topology/parse";
import { TopologyEvaluation } from "../../plan/evaluate";
import { buildPlan, renderPlan } from "../../plan/report";
import { sampleTopology } from "../support/sample";

describe("plan report", () => {
    const topology = parseTopology(sampleTopology());
    const governance: TopologyEvaluation["stacks"][number] = {
        stack: "governance",
        path: "acme-data/datasharing/governance",
        account: topology.governance!,
        resources: [],
        references: [{ stack: "acme-data/datasharing/producer", resolved: false }],
        errors: ['stack acme-data/datasharing/producer has no output "accountId"'],
    };
    const plan = buildPlan({ project: "datasharing", topology, stacks: [governance] }, new Date("2026-11-22T00:00:00Z"));

    it("turns an unresolved reference and a failed program into problems", () => {
        assert.deepEqual(plan.problems, [
            "acme-data/datasharing/governance: unresolved reference to acme-data/datasharing/producer",
            'acme-data/datasharing/governance: stack acme-data/datasharing/producer has no output "accountId"',
        ]);
        const text = renderPlan(plan);
        assert.match(text, /acme-data\/datasharing\/producer  UNRESOLVED/);
        assert.match(text, /PROBLEMS \(2\):/);
    });

    it("lists every consumer with its status as of the plan's instant", () => {
        assert.deepEqual(plan.consumers.map((c) => `${c.name}:${c.status}`), ["auditor:active", "supplier:active", "insights-partner:active", "former-auditor:expired"]);
        assert.equal(plan.consumers[0].accessEndsAtInstant, "2028-01-01T00:00:00.000Z");
    });
});
