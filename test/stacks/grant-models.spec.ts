import { strict as assert } from "assert";
import { benchTopology } from "../../bench/topology";
import { consumerAccountGrants, lakeShares } from "../../core/lake-formation/sharing";
import { parseTopology } from "../../core/topology/parse";
import { collectEntitlements } from "../../plan/entitlements/collect";
import { evaluateTopology } from "../../plan/evaluate";
import { PROJECT_DIR, topologyWith } from "../support/sample";

const AS_OF = new Date("2026-11-22T00:00:00Z");

/** LF-tag grants and named grants give the same access; only their number differs. */
describe("Lake Formation grant models", () => {
    const lakeAccess = async (grantBy: "tags" | "names") => {
        const e = await evaluateTopology(PROJECT_DIR, { accessAsOf: AS_OF.toISOString(), stackTraceLimit: 0, topology: topologyWith((t) => (t.patterns.lakeFormation.grantBy = grantBy)) });
        assert.deepEqual(e.stacks.flatMap((s) => s.errors), []);
        const rows = collectEntitlements(e, AS_OF).entitlements.filter((r) => r.path.startsWith("lake-formation"));
        const grants = e.stacks.flatMap((s) => s.resources).filter((r) => r.type === "aws:lakeformation/permissions:Permissions").length;
        return { access: rows.map((r) => `${r.principal} ${r.resource} ${r.columns} ${r.rowFilter ?? ""}`).sort(), grants };
    };

    it("gives every principal exactly the same tables and columns by name as by tag", async () => {
        const [tags, names] = [await lakeAccess("tags"), await lakeAccess("names")];
        assert.ok(tags.access.some((a) => a.includes("auditor-analyst") && a.includes("db1.customers")), tags.access.join("\n"));
        assert.deepEqual(names.access, tags.access);
        assert.ok(names.grants > tags.grants, `${names.grants} named grants, ${tags.grants} by tag`);
    });

    it("grows with consumers plus tables by tag, and consumers times tables by name", () => {
        const count = (consumers: number, tables: number, grantBy: "tags" | "names") => {
            const t = parseTopology(benchTopology({ consumers, tables }, grantBy));
            const shares = lakeShares(t, "lake-formation-external", AS_OF);
            return consumerAccountGrants(shares, { accountId: t.external!.accountId, isGrantor: true }).length;
        };
        assert.equal(count(10, 100, "tags"), count(10, 10, "tags"), "one database and one tag grant per consumer, whatever the tables");
        assert.equal(count(10, 100, "names"), 10 * (100 + 1), "a grant per table and consumer, plus the database");
    });

    it("refuses an unknown grant model, naming the key", () => {
        assert.throws(() => parseTopology(topologyWith((t) => (t.patterns.lakeFormation.grantBy = "roles"))), /patterns\.lakeFormation\.grantBy.*tags \(LF-tag expressions\) or names/s);
    });
});
