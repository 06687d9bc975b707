import { strict as assert } from "assert";
import { SharingEdge, sharingDot, sharingEdges, sharingSvg } from "../../plan/diagram";
import { collectEntitlements } from "../../plan/entitlements/collect";
import { EntitlementReport } from "../../plan/entitlements/model";
import { TopologyEvaluation } from "../../plan/evaluation";
import { sampleEvaluation } from "../support/sample-evaluation";

const AS_OF = new Date("2026-11-22T00:00:00Z");
const [PRODUCER, GOVERNANCE, EXTERNAL, AUDITOR, SUPPLIER, FORMER_AUDITOR] = [
    "111111111111",
    "222222222222",
    "333333333333",
    "444444444444",
    "555555555555",
    "666666666666",
];

describe("sharing diagram of the sample topology", () => {
    let evaluation: TopologyEvaluation;
    let report: EntitlementReport;
    let edges: SharingEdge[];
    let svg: string;

    before(async () => {
        evaluation = await sampleEvaluation(AS_OF);
        report = collectEntitlements(evaluation, AS_OF);
        edges = sharingEdges(evaluation, report);
        svg = await sharingSvg(evaluation, report);
    });

    const label = (e: SharingEdge) => `${e.from}->${e.to}: ${e.label}`;

    it("draws each account as a cluster holding its stack, and the partner outside AWS", () => {
        const text = svg.replace(/&#45;/g, "-");
        assert.equal((svg.match(/class="cluster"/g) ?? []).length, evaluation.stacks.length);
        assert.equal(evaluation.stacks.length, 6, "the sample's six stacks");
        for (const s of evaluation.stacks) {
            assert.ok(text.includes(`account ${s.account.accountId}`), `no cluster for ${s.stack}`);
            assert.ok(text.includes(`stack ${s.stack}`), `no node for ${s.stack}`);
        }
        const partners = evaluation.topology.consumers.filter((c) => !c.account).length;
        assert.equal((svg.match(/class="node"/g) ?? []).length, evaluation.stacks.length + partners);
        assert.match(text, /insights-partner \(not on AWS\)/);
    });

    it("draws one edge per sharing path, of every kind the sample uses", () => {
        assert.equal((svg.match(/class="edge"/g) ?? []).length, edges.length);
        assert.equal(new Set(edges.map(label)).size, edges.length, "no path drawn twice");
        const labels = edges.map(label);
        for (const expected of [
            `${PRODUCER}->${GOVERNANCE}: S3 read of the lake's shared folders (central catalog)`,
            `${GOVERNANCE}->${AUDITOR}: Lake Formation LF-tag grants: sales_insights`,
            `${EXTERNAL}->${SUPPLIER}: Lake Formation LF-tag grants: sales_insights`,
            `${PRODUCER}->${EXTERNAL}: S3 replication of Published Datasets`,
            `${PRODUCER}->${EXTERNAL}: Redshift copy by Glue (pattern 4, option B)`,
            `${EXTERNAL}->${AUDITOR}: Redshift datashare: transaction_logs`,
            `${PRODUCER}->${SUPPLIER}: Redshift datashare: inventory_levels`,
            `${EXTERNAL}->${AUDITOR}: S3 access point: audit_reports`,
            `${EXTERNAL}->${SUPPLIER}: Data Exchange grant: market_prices`,
            `${EXTERNAL}->partner:insights-partner: partner API (e-mailed links): transaction_logs`,
        ]) {
            assert.ok(labels.includes(expected), `${expected}\nin\n${labels.join("\n")}`);
        }
        // The external bucket's policy admits the producer's replication role: part of the replication arrow, not a share of its own.
        assert.deepEqual(
            labels.filter((l) => l.includes("S3 bucket policy")),
            [],
        );
    });

    it("draws no path to the expired consumer, and marks its stack", () => {
        assert.deepEqual(
            edges.filter((e) => e.to === FORMER_AUDITOR || e.from === FORMER_AUDITOR),
            [],
        );
        assert.match(sharingDot(evaluation, report), /stack consumer-former-auditor \(no access\)/);
    });

    it("quotes labels so a name cannot add nodes or edges to the DOT source", async () => {
        const hostile = { ...report, entitlements: report.entitlements.map((e) => (e.path === "partner api" ? { ...e, product: 'x" -> "evil' } : e)) };
        assert.ok(sharingDot(evaluation, hostile).includes('partner API (e-mailed links): x\\" -> \\"evil"'));
        const drawn = (await sharingSvg(evaluation, hostile)).replace(/&#45;/g, "-");
        assert.equal((drawn.match(/class="edge"/g) ?? []).length, edges.length);
        assert.equal((drawn.match(/class="node"/g) ?? []).length, (svg.match(/class="node"/g) ?? []).length);
    });
});
