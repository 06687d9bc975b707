import { strict as assert } from "assert";
import { evaluateTopology } from "../../plan/evaluate";
import { TopologyEvaluation } from "../../plan/evaluation";
import { holdersFor } from "../../patterns/lake-formation/report";
import { lakeFormationAccess, reachable } from "../../patterns/lake-formation/access";
import { PROJECT_DIR, topologyWith } from "../support/sample";

const AS_OF = "2026-11-22T00:00:00Z";
const GRANT = "aws:lakeformation/permissions:Permissions";

/** What every consumer principal can really use on tables: its grants, held up the chain owner -> consumer account (as in lake-sharing.spec.ts). */
function principalAccess(e: TopologyEvaluation): string[] {
    const { topology } = e;
    const all = lakeFormationAccess(e.stacks.map((s) => ({ accountId: s.account.accountId, resources: s.resources })));
    return topology.consumers
        .filter((c) => c.account)
        .flatMap((c) => {
            // Data read (SELECT); a named grant's DESCRIBE is on the whole table, a tag grant's on its shared columns.
            return c.principals.flatMap((p) =>
                reachable(all, p, holdersFor(c.account!.accountId))
                    .filter((a) => a.permission === "SELECT")
                    .map(
                        (a) =>
                            `${p} ${a.permission} ${a.catalog}:${a.database}.${a.table}(${[...(a.columns ?? [])].sort().join(",")})${a.rowFilter ? ` where ${a.rowFilter}` : ""}`,
                    ),
            );
        })
        .sort();
}

/** LF-tag grants and named grants give the same access; only their number differs. */
describe("Lake Formation grant models, end to end", () => {
    const evaluate = async (grantBy: "tags" | "names", change: (t: any) => void = () => undefined) => {
        const e = await evaluateTopology(PROJECT_DIR, {
            accessAsOf: AS_OF,
            stackTraceLimit: 0,
            topology: topologyWith((t) => {
                t.patterns.lakeFormation.grantBy = grantBy;
                change(t);
            }),
        });
        for (const s of e.stacks) assert.deepEqual(s.errors, [], s.stack);
        return { e, access: principalAccess(e), grants: e.stacks.flatMap((s) => s.resources).filter((r) => r.type === GRANT).length };
    };

    it("gives every consumer principal exactly the same tables and columns by name as by tag, through patterns 2 and 3", async () => {
        const [tags, names] = [await evaluate("tags"), await evaluate("names")];
        assert.ok(
            tags.access.some((a) => a.includes("auditor-analyst SELECT 222222222222:datasharing_sales_insights.customers(") && !a.includes("email")),
            tags.access.join("\n"),
        );
        assert.ok(
            tags.access.some((a) => a.includes(" SELECT 333333333333:")),
            "pattern 3 reaches a principal",
        );
        assert.deepEqual(names.access, tags.access);
        assert.ok(names.grants > tags.grants, `${names.grants} named grants, ${tags.grants} by tag`);
    });

    it("keeps row filters and direct principal grants the same by name as by tag", async () => {
        const change = (t: any) => {
            t.patterns.lakeFormation.directPrincipalGrants = true;
            // Filtered rows for the supplier (pattern 3); the auditor's pattern 2 product stays unfiltered, so it is granted directly.
            t.consumers[1].dataProducts[0].rowFilters = [{ table: "customers", expression: "age > 30" }];
        };
        const [tags, names] = [await evaluate("tags", change), await evaluate("names", change)];
        assert.ok(
            tags.access.some((a) => a.endsWith("where age > 30")),
            tags.access.join("\n"),
        );
        assert.deepEqual(names.access, tags.access);
        const direct = (x: typeof tags) => {
            // From governance, the owner of pattern 2's catalog.
            const governance = x.e.stacks.find((s) => s.stack === "governance")!;
            return lakeFormationAccess([{ accountId: governance.account.accountId, resources: governance.resources }])
                .filter((a) => a.principal.startsWith("arn:aws:iam::") && a.table !== undefined && a.permission === "SELECT")
                .map((a) => `${a.principal} ${a.permission} ${a.database}.${a.table}(${(a.columns ?? []).join(",")})`)
                .sort();
        };
        assert.ok(direct(tags).length > 0);
        assert.deepEqual(direct(names), direct(tags));
    });
});
