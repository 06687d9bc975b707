import { strict as assert } from "assert";
import { parseTopology } from "../../core/topology/parse";
import { TopologyEvaluation } from "../../plan/evaluation";
import { buildPlan, renderPlan } from "../../plan/report";
import { sampleTopology, topologyWith } from "../support/sample";
import { PATTERNS } from "../../patterns/index";

describe("plan report", () => {
    const topology = parseTopology(sampleTopology(), PATTERNS);
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
        assert.match(text, /acme-data\/datasharing\/producer {2}UNRESOLVED/);
        assert.match(text, /PROBLEMS \(2\):/);
    });

    it("lists every consumer with its status as of the plan's instant", () => {
        assert.deepEqual(
            plan.consumers.map((c) => `${c.name}:${c.status}`),
            ["auditor:active", "supplier:active", "insights-partner:active", "former-auditor:expired"],
        );
        assert.equal(plan.consumers[0].accessEndsAtInstant, "2028-01-01T00:00:00.000Z");
    });

    it("lists the pattern advice the topology goes against as warnings, not problems", () => {
        assert.deepEqual(plan.warnings, []);
        assert.match(renderPlan(plan), /Pattern advice: every choice follows the reference's decision tree/);
        const advised = parseTopology(
            topologyWith((t) => (t.consumers[0].dataProducts[0] = { name: "sales_insights", patterns: ["access-point"] })),
            PATTERNS,
        );
        const warned = buildPlan({ project: "datasharing", topology: advised, stacks: [] }, new Date("2026-11-22T00:00:00Z"));
        assert.equal(warned.warnings.length, 1);
        assert.match(warned.warnings[0], /^datasharing:topology\.consumers\[0\]\.dataProducts\[0\]\.patterns\[0\]: .*a preference, not an error/);
        assert.deepEqual(warned.problems, []);
        assert.match(renderPlan(warned), /Pattern advice \(1 warning; preferences, not errors\):\n {2}- datasharing:topology\.consumers\[0\]/);
    });
});
