import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { writeAssurance } from "../../plan/entitlements";
import { collectEntitlements } from "../../plan/entitlements/collect";
import { EntitlementReport } from "../../plan/entitlements/model";
import { renderHtml } from "../../plan/entitlements/render-html";
import { renderMarkdown } from "../../plan/entitlements/render-markdown";
import { evaluateTopology } from "../../plan/evaluate";
import { TopologyEvaluation } from "../../plan/evaluation";
import { PROJECT_DIR, topologyWith } from "../support/sample";
import { sampleEvaluation } from "../support/sample-evaluation";

const AS_OF = new Date("2026-11-22T00:00:00Z");
const AUDITOR_ROLE = "arn:aws:iam::444444444444:role/auditor-analyst";
const LAKE_ANALYST = "arn:aws:iam::111111111111:user/datasharing-lake-analyst";
const SUPPLIER_ROLE = "arn:aws:iam::555555555555:role/supplier-planning";
const LF_GRANT = "aws:lakeformation/permissions:Permissions";
/** Governance's grant of the producer's tagged tables to the auditor's account: the middle link of pattern 2's chain. */
const GOVERNANCE_TO_AUDITOR = "central-to-consumers-auditor-tagged-tables";

/** The evaluation without one registered Lake Formation grant, as if a stack had not made it. */
function withoutGrant(evaluation: TopologyEvaluation, name: string): TopologyEvaluation {
    const stacks = evaluation.stacks.map((s) => ({ ...s, resources: s.resources.filter((r) => !(r.type === LF_GRANT && r.name === name)) }));
    assert.equal(stacks.flatMap((s) => s.resources).length, evaluation.stacks.flatMap((s) => s.resources).length - 1, `one grant named ${name}`);
    return { ...evaluation, stacks };
}

/** What the partner API registers: without these, the topology still declares the partner. */
const PARTNER_API_TYPES = [
    "aws:apigateway/apiKey:ApiKey",
    "aws:apigateway/usagePlan:UsagePlan",
    "aws:apigateway/usagePlanKey:UsagePlanKey",
    "aws:lambda/function:Function",
];

describe("entitlement report of the sample topology", () => {
    let evaluation: TopologyEvaluation;
    let report: EntitlementReport;
    const rows = (where: (e: EntitlementReport["entitlements"][number]) => boolean) => report.entitlements.filter(where);

    before(async () => {
        evaluation = await sampleEvaluation(AS_OF);
        report = collectEntitlements(evaluation, AS_OF);
    });

    it("shows the analyst the customers table without address and email", () => {
        // The sample tags address and email as PII; the LF-tag grants up the chain leave them out.
        for (const [principal, pattern] of [
            [LAKE_ANALYST, undefined],
            [AUDITOR_ROLE, "lake-formation-central"],
            [SUPPLIER_ROLE, "lake-formation-external"],
        ]) {
            const customers = rows((e) => e.principal === principal && e.resource.endsWith(".customers"));
            assert.equal(customers.length, 1, principal);
            // Pattern 3's replica holds the published daily snapshots: its readers also get the snapshot partition column.
            const partition = pattern === "lake-formation-external" ? ["snapshot"] : [];
            assert.deepEqual([...customers[0].columns!].sort(), ["age", "card_id", "customer_id", "first_name", "last_name", ...partition].sort());
            assert.deepEqual([...customers[0].excludedColumns!].sort(), ["address", "email"]);
            assert.equal(customers[0].rowFilter, undefined);
            assert.equal(customers[0].classification, "confidential");
            assert.equal(customers[0].pattern, pattern, principal);
        }
    });

    it("has a row for every path the sample uses, each with classification and end date", () => {
        const paths = new Set(report.entitlements.map((e) => e.path));
        for (const path of [
            "lake-formation (named)",
            "lake-formation (LF-tags)",
            "redshift datashare",
            "s3 access point",
            "data exchange grant",
            "partner api",
            "kms key policy",
        ]) {
            assert.ok(paths.has(path as never), `no ${path} row`);
        }
        const auditor = rows((e) => e.consumer === "auditor" && e.path !== "kms key policy");
        assert.ok(auditor.length > 0 && auditor.every((e) => e.endsAt === "2027-12-31" && e.status === "active" && e.classification !== undefined));
        const [partner] = rows((e) => e.path === "partner api");
        assert.deepEqual([partner.principal, partner.product, partner.basis], ["data-intake@partner.example", "transaction_logs", "registered"]);
        assert.match(partner.conditions!, /API key datasharing-partner-api-insights-partner; usage plan .*: 2 requests\/s \(burst 5\), 1000 per day/);
        assert.ok(
            report.entitlements.every((e) => e.basis === "registered"),
            "the sample registers every path",
        );
    });

    it("lists an API partner as declared when no stack registers the API", () => {
        const withoutApi = {
            ...evaluation,
            stacks: evaluation.stacks.map((s) => ({ ...s, resources: s.resources.filter((r) => !PARTNER_API_TYPES.includes(r.type)) })),
        };
        const partner = collectEntitlements(withoutApi, AS_OF).entitlements.filter((e) => e.path === "partner api");
        assert.deepEqual(
            partner.map((e) => [e.consumer, e.principal, e.product, e.basis, e.status, e.grantorAccount]),
            [["insights-partner", "data-intake@partner.example", "transaction_logs", "declared", "active", "333333333333"]],
        );
        assert.match(renderMarkdown({ ...report, entitlements: partner }), /\| active, declared only \(not registered\) \|/);
    });

    it("gives the expired consumer nothing", () => {
        assert.deepEqual(
            rows((e) => e.consumer === "former-auditor" || e.principalAccount === "666666666666"),
            [],
        );
    });

    it("counts a grant passed on only while every link of its chain holds", () => {
        const auditorTables = (r: EntitlementReport) =>
            r.entitlements
                .filter((e) => e.principal === AUDITOR_ROLE && e.path.startsWith("lake-formation"))
                .map((e) => `${e.resource} by ${e.grantedBy ?? e.grantorAccount}`);
        // Governance's catalog, passed on by the auditor's admin.
        const catalog = "222222222222:datasharing_sales_insights";
        assert.deepEqual(auditorTables(report), [
            `${catalog}.clean_cards by 444444444444`,
            `${catalog}.clean_sales by 444444444444`,
            `${catalog}.customers by 444444444444`,
        ]);
        // The auditor's admin still grants its role, but governance no longer grants the auditor's account.
        assert.deepEqual(auditorTables(collectEntitlements(withoutGrant(evaluation, GOVERNANCE_TO_AUDITOR), AS_OF)), []);
    });

    // Rewritten for issue 18: it asserted the QuickSight analysts read PII ("PII and all");
    // inside the producer too, the topology's PII columns are now left out.
    it("shows the lake's QuickSight analysts without the topology's PII columns, and the raw tables as belonging to no product", () => {
        const quicksight = rows((e) => e.principal.startsWith("arn:aws:quicksight:eu-west-1:111111111111:"));
        assert.deepEqual(quicksight.map((e) => e.resource).sort(), [
            "111111111111:db1.clean_cards",
            "111111111111:db1.clean_sales",
            "111111111111:db1.customers",
        ]);
        const cards = quicksight.find((e) => e.resource.endsWith("clean_cards"))!;
        assert.ok(!cards.columns!.includes("cardholder_address") && cards.excludedColumns!.includes("cardholder_address"), JSON.stringify(cards));
        assert.ok(quicksight.every((e) => e.consumer === "producer" && e.principalAccount === "111111111111"));
        const raw = rows((e) => e.resource === "111111111111:db1.cards");
        assert.ok(
            raw.length > 0 && raw.every((e) => e.product === undefined && e.columns!.includes("card_number")),
            "db1.cards is the lake's own, not sales_insights",
        );
    });

    it("marks a registered access expired once its consumer's end date has passed", () => {
        const later = collectEntitlements(evaluation, new Date("2028-01-01T00:00:00Z"));
        const auditor = later.entitlements.filter((e) => e.consumer === "auditor");
        assert.ok(auditor.length > 0 && auditor.every((e) => e.status === "expired"), "registered until the next pulumi up, and reported as expired");
        const supplier = later.entitlements.filter((e) => e.consumer === "supplier");
        assert.ok(supplier.length > 0 && supplier.every((e) => e.status === "active"), "the supplier has no end date");
    });

    it("renders Markdown grouped by consumer", () => {
        const md = renderMarkdown(report);
        assert.match(md, /^## auditor$/m);
        assert.match(md, /db1\.customers \| SELECT \| customer_id, first_name, last_name, card_id, age \| address, email \|/);
        assert.ok(md.indexOf("## auditor") < md.indexOf("## producer"), "consumers come before the accounts' own principals");
    });

    it("writes the report three ways and the diagram, and the docs copies when asked", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "entitlements-"));
        const written = await writeAssurance(evaluation, AS_OF, path.join(dir, "out"), path.join(dir, "docs"));
        const names = written.map((f) => path.relative(dir, f).split(path.sep).join("/"));
        assert.deepEqual(names, [
            "out/entitlements.md",
            "out/entitlements.json",
            "out/entitlements.html",
            "out/sharing.svg",
            "docs/entitlements-sample.md",
            "docs/sharing.svg",
        ]);
        assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, "out", "entitlements.json"), "utf8")), JSON.parse(JSON.stringify(report)));
        assert.equal(fs.readFileSync(path.join(dir, "docs", "entitlements-sample.md"), "utf8"), renderMarkdown(report));
        assert.match(fs.readFileSync(path.join(dir, "out", "sharing.svg"), "utf8"), /^<\?xml|<svg/);
    });
});

describe("entitlement report: time and hostile names", () => {
    it("drops a consumer's access once its end date has passed", async () => {
        const later = new Date("2028-01-01T00:00:00Z");
        const report = collectEntitlements(await sampleEvaluation(later), later);
        assert.deepEqual(
            report.entitlements.filter((e) => e.consumer === "auditor" || e.principalAccount === "444444444444"),
            [],
        );
        assert.ok(
            report.entitlements.some((e) => e.consumer === "supplier"),
            "the supplier has no end date",
        );
    });

    it("reports a direct grant from the tables' owner as its own path, which no chain link can take away", async () => {
        const direct = await evaluateTopology(PROJECT_DIR, {
            accessAsOf: AS_OF.toISOString(),
            stackTraceLimit: 0,
            topology: topologyWith((t) => (t.patterns.lakeFormation.directPrincipalGrants = true)),
        });
        const auditor = (e: TopologyEvaluation) =>
            collectEntitlements(e, AS_OF)
                .entitlements.filter((x) => x.principal === AUDITOR_ROLE && x.resource.endsWith("datasharing_sales_insights.customers"))
                .map((x) => `${x.grantedBy ?? x.grantorAccount}: ${x.columns!.join(",")}`);
        // Granted directly by governance, the catalog's owner, and passed on by the auditor's admin: two paths, two rows.
        assert.deepEqual(auditor(direct), [
            "222222222222: customer_id,first_name,last_name,card_id,age",
            "444444444444: customer_id,first_name,last_name,card_id,age",
        ]);
        assert.deepEqual(auditor(withoutGrant(direct, GOVERNANCE_TO_AUDITOR)), ["222222222222: customer_id,first_name,last_name,card_id,age"]);
    });

    it("escapes every value in the HTML page", () => {
        const html = renderHtml({
            project: "p",
            accessAsOf: "2026-11-22T00:00:00.000Z",
            entitlements: [
                {
                    consumer: "<script>alert(1)</script>",
                    principal: 'a"b',
                    grantorAccount: "1",
                    path: "partner api",
                    resource: "r&d",
                    actions: ["x"],
                    status: "active",
                    basis: "registered",
                },
            ],
        });
        assert.ok(!html.includes("<script>alert"), html);
        assert.ok(html.includes("&lt;script&gt;alert(1)&lt;/script&gt;") && html.includes("a&quot;b") && html.includes("r&amp;d"));
    });
});
