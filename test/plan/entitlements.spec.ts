import { strict as assert } from "assert";
import { collectEntitlements } from "../../plan/entitlements/collect";
import { sharingEdges, sharingSvg } from "../../plan/entitlements/diagram";
import { EntitlementReport } from "../../plan/entitlements/model";
import { renderHtml, renderMarkdown } from "../../plan/entitlements/render";
import { TopologyEvaluation, evaluateTopology } from "../../plan/evaluate";
import { PROJECT_DIR } from "../support/sample";

const AS_OF = new Date("2026-11-22T00:00:00Z");
const AUDITOR_ROLE = "arn:aws:iam::444444444444:role/auditor-analyst";
const LAKE_ANALYST = "arn:aws:iam::111111111111:user/datasharing-lake-analyst";

describe("entitlement report of the sample topology", () => {
    let evaluation: TopologyEvaluation;
    let report: EntitlementReport;
    const rows = (where: (e: EntitlementReport["entitlements"][number]) => boolean) => report.entitlements.filter(where);

    before(async () => {
        evaluation = await evaluateTopology(PROJECT_DIR, { accessAsOf: AS_OF.toISOString(), stackTraceLimit: 0 });
        report = collectEntitlements(evaluation, AS_OF);
    });

    it("shows the analyst the customers table without address and email", () => {
        for (const principal of [LAKE_ANALYST, AUDITOR_ROLE]) {
            const [customers] = rows((e) => e.principal === principal && e.resource.endsWith("db1.customers"));
            assert.ok(customers, principal);
            assert.deepEqual([...customers.columns!].sort(), ["age", "card_id", "customer_id", "first_name", "last_name"]);
            assert.deepEqual([...customers.excludedColumns!].sort(), ["address", "email"]);
            assert.equal(customers.classification, "confidential");
        }
    });

    it("has a row for every path the sample uses, each with classification and end date", () => {
        const paths = new Set(report.entitlements.map((e) => e.path));
        for (const path of ["lake-formation (named)", "lake-formation (LF-tags)", "redshift datashare", "s3 access point", "data exchange grant", "partner api", "kms key policy"]) {
            assert.ok(paths.has(path as never), `no ${path} row`);
        }
        const auditor = rows((e) => e.consumer === "auditor" && e.path !== "kms key policy");
        assert.ok(auditor.length > 0 && auditor.every((e) => e.endsAt === "2027-12-31" && e.status === "active" && e.classification !== undefined));
        const [partner] = rows((e) => e.path === "partner api");
        assert.deepEqual([partner.principal, partner.product], ["data-intake@partner.example", "transaction_logs"]);
    });

    it("gives the expired consumer nothing", () => {
        assert.deepEqual(rows((e) => e.consumer === "former-auditor" || e.principalAccount === "666666666666"), []);
    });

    it("draws every sharing path between the accounts, and each account", async () => {
        const svg = await sharingSvg(evaluation, report);
        for (const s of evaluation.stacks) assert.ok(svg.includes(s.account.accountId), s.stack);
        const edges = sharingEdges(evaluation, report);
        assert.equal((svg.match(/class="edge"/g) ?? []).length, edges.length);
        const labels = edges.map((e) => `${e.from}->${e.to}: ${e.label}`);
        for (const expected of [
            "111111111111->222222222222: Lake Formation share (RAM): sales_insights",
            "222222222222->444444444444: Lake Formation LF-tag grants: sales_insights",
            "333333333333->444444444444: S3 access point: audit_reports",
            "333333333333->555555555555: Data Exchange grant: market_prices",
            "333333333333->partner:insights-partner: partner API (e-mailed links): transaction_logs",
            "111111111111->333333333333: S3 replication of Published Datasets",
        ]) {
            assert.ok(labels.includes(expected), `${expected}\nin\n${labels.join("\n")}`);
        }
    });

    it("renders Markdown grouped by consumer", () => {
        const md = renderMarkdown(report);
        assert.match(md, /^## auditor$/m);
        assert.match(md, /db1\.customers \| SELECT \| customer_id, first_name, last_name, card_id, age \| address, email \|/);
    });
});

describe("entitlement report: time and hostile names", () => {
    it("drops a consumer's access once its end date has passed", async () => {
        const later = new Date("2028-01-01T00:00:00Z");
        const report = collectEntitlements(await evaluateTopology(PROJECT_DIR, { accessAsOf: later.toISOString(), stackTraceLimit: 0 }), later);
        assert.deepEqual(report.entitlements.filter((e) => e.consumer === "auditor" && e.status === "active"), []);
        assert.ok(report.entitlements.some((e) => e.consumer === "supplier"), "the supplier has no end date");
    });

    it("escapes every value in the HTML page", () => {
        const html = renderHtml({
            project: "p",
            accessAsOf: "2026-11-22T00:00:00.000Z",
            entitlements: [{ consumer: "<script>alert(1)</script>", principal: 'a"b', grantorAccount: "1", path: "partner api", resource: "r&d", actions: ["x"], status: "active" }],
        });
        assert.ok(!html.includes("<script>alert"), html);
        assert.ok(html.includes("&lt;script&gt;alert(1)&lt;/script&gt;") && html.includes("a&quot;b") && html.includes("r&amp;d"));
    });
});
