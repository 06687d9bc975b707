import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { verify } from "../../../ops/verify/main";
import { VerifyReport, VerifyRow } from "../../../ops/verify/model";
import { RetrySettings } from "../../../ops/verify/retry";
import { evaluateTopology } from "../../../plan/evaluate";
import { TopologyEvaluation } from "../../../plan/evaluation";
import { PROJECT_DIR } from "../../support/sample";
import { LiveClientOptions, mockedClients } from "./live-clients";
import { LiveWorld, worldFromPlan } from "./live-world";

/**
 * `npm run verify` end to end against mocked SDK clients: the live accounts are the plan
 * deployed as planned (live-world.ts), then changed the way people change them by hand.
 */

const AS_OF = new Date("2026-11-22T00:00:00Z");
const AFTER_AUDIT = new Date("2028-02-01T00:00:00Z");
const AUDITOR = "arn:aws:iam::444444444444:role/auditor-analyst";
const ANALYST = "arn:aws:iam::111111111111:user/datasharing-lake-analyst";
const INTRUDER = "arn:aws:iam::777777777777:role/intruder";

interface Run {
    readonly code: number;
    readonly lines: string[];
    readonly report: VerifyReport;
    readonly out: string;
}

describe("npm run verify", function () {
    this.timeout(120_000);
    let plan: TopologyEvaluation;
    let planAfterAudit: TopologyEvaluation;
    const waits: number[] = [];
    const retry: RetrySettings = { attempts: 5, baseMs: 100, maxMs: 1000, sleep: async (ms) => void waits.push(ms), random: () => 0.5 };

    before(async () => {
        plan = await evaluateTopology(PROJECT_DIR, { accessAsOf: AS_OF.toISOString(), stackTraceLimit: 0 });
        planAfterAudit = await evaluateTopology(PROJECT_DIR, { accessAsOf: AFTER_AUDIT.toISOString(), stackTraceLimit: 0 });
    });

    async function run(
        world: LiveWorld,
        options: { argv?: string[]; clients?: LiveClientOptions; evaluation?: TopologyEvaluation; asOf?: Date; unreachable?: string[] } = {},
    ): Promise<Run> {
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "verify-"));
        const lines: string[] = [];
        const clientsOf = mockedClients(world, options.clients);
        const code = await verify(["--dir", PROJECT_DIR, "--out", out, ...(options.argv ?? [])], {
            write: (line) => lines.push(line),
            now: () => options.asOf ?? AS_OF,
            evaluate: async () => options.evaluation ?? plan,
            retry,
            clients: (account) => {
                if (options.unreachable?.includes(account.stack))
                    throw Object.assign(new Error("The security token included in the request is invalid"), { name: "InvalidClientTokenId" });
                return clientsOf(account.accountId);
            },
        });
        return { code, lines, report: JSON.parse(fs.readFileSync(path.join(out, "verify.json"), "utf8")), out };
    }

    const withVerdict = (report: VerifyReport, verdict: VerifyRow["verdict"]) => report.rows.filter((r) => r.verdict === verdict);

    it("verifies clean when the live accounts are the plan, deployed", async () => {
        const { code, report, lines, out } = await run(worldFromPlan(plan));
        assert.deepEqual(
            report.rows.filter((r) => r.verdict !== "ok").map((r) => `${r.verdict} ${r.principal} ${r.resource}`),
            [],
        );
        assert.equal(code, 0, lines.join("\n"));
        assert.ok(
            report.accounts.every((a) => a.status === "read"),
            JSON.stringify(report.accounts),
        );
        // Every path kind of the sample is read live and matched, not merely absent on both sides.
        const paths = new Set(report.rows.map((r) => r.path));
        for (const p of [
            "lake-formation (LF-tags)",
            "lake-formation (named)",
            "redshift datashare",
            "s3 access point",
            "s3 bucket policy",
            "kms key policy",
            "data exchange grant",
            "partner api",
        ])
            assert.ok(paths.has(p as never), `no ok row of ${p}`);
        // One progress line per account, and the three reports beside each other.
        assert.equal(lines.filter((l) => / reading account \d{12}/.test(l)).length, plan.stacks.length);
        assert.deepEqual(fs.readdirSync(out).sort(), ["verify.html", "verify.json", "verify.md"]);
    });

    it("reports a Lake Formation grant made by hand as unexpected, down to the columns it adds", async () => {
        const world = worldFromPlan(plan);
        world.get("111111111111")!.permissions.push({
            Principal: { DataLakePrincipalIdentifier: ANALYST },
            Resource: { TableWithColumns: { CatalogId: "111111111111", DatabaseName: "db1", Name: "customers", ColumnWildcard: {} } },
            Permissions: ["SELECT"],
            PermissionsWithGrantOption: [],
        });
        const { code, report } = await run(world);
        assert.equal(code, 1);
        const unexpected = withVerdict(report, "unexpected");
        assert.deepEqual(
            unexpected.map((r) => [r.principal, r.path, r.resource, r.actions, r.columns]),
            [[ANALYST, "lake-formation (named)", "111111111111:db1.customers", ["SELECT"], ["address", "email"]]],
        );
        // What the plan declares for the analyst is still there, and says so.
        assert.ok(report.rows.some((r) => r.verdict === "ok" && r.principal === ANALYST && r.resource === "111111111111:db1.customers"));
    });

    it("reports an access point policy widened to another principal, with that principal's row", async () => {
        const world = worldFromPlan(plan);
        const point = world.get("333333333333")!.accessPoints[0];
        const policy = JSON.parse(point.Policy!);
        for (const s of policy.Statement.filter((s: any) => s.Effect === "Allow")) {
            s.Condition.ArnEquals["aws:PrincipalArn"] = [...[s.Condition.ArnEquals["aws:PrincipalArn"]].flat(), INTRUDER];
        }
        point.Policy = JSON.stringify(policy);
        const { code, report } = await run(world);
        assert.equal(code, 1);
        const rows = withVerdict(report, "unexpected");
        assert.ok(rows.length > 0 && rows.every((r) => r.principal === INTRUDER && r.path === "s3 access point"), JSON.stringify(rows, null, 1));
        assert.ok(rows.some((r) => r.resource.includes("audit_reports") && r.actions.includes("s3:GetObject")));
    });

    it("reports a Lake Formation grant to an account outside the topology as unexpected", async () => {
        const world = worldFromPlan(plan);
        world.get("222222222222")!.permissions.push({
            Principal: { DataLakePrincipalIdentifier: "999999999999" },
            Resource: { TableWithColumns: { CatalogId: "222222222222", DatabaseName: "datasharing_sales_insights", Name: "customers", ColumnWildcard: {} } },
            Permissions: ["SELECT"],
            PermissionsWithGrantOption: ["SELECT"],
        });
        world.get("222222222222")!.associations.push({
            resourceShareName: "LakeFormation-V4-by-hand",
            associatedEntity: "999999999999",
            associationType: "PRINCIPAL",
            status: "ASSOCIATED",
        });
        const { code, report } = await run(world);
        assert.equal(code, 1);
        const [row, ...others] = withVerdict(report, "unexpected");
        assert.deepEqual(others, []);
        assert.equal(row.consumer, "account 999999999999 (not in the topology)");
        assert.equal(row.resource, "222222222222:datasharing_sales_insights.customers (to the whole account, with grant option)");
        assert.deepEqual(row.columns, ["customer_id", "first_name", "last_name", "address", "email", "card_id", "age"]);
        assert.ok(
            report.accounts.find((a) => a.stack === "governance")!.notes.some((n) => /reaches account 999999999999, which is not in the topology/.test(n)),
        );
    });

    it("reports a share the consumer has not accepted: its rows are missing, with the pending invitation noted", async () => {
        const world = worldFromPlan(plan);
        world.get("444444444444")!.invitations.push({
            status: "PENDING",
            receiverAccountId: "444444444444",
            senderAccountId: "222222222222",
            resourceShareName: "LakeFormation-V4-governance",
        });
        const { code, report } = await run(world);
        assert.equal(code, 0);
        const missing = withVerdict(report, "missing");
        assert.ok(
            missing.length > 0 && missing.every((r) => r.principal === AUDITOR && r.grantorAccount === "222222222222"),
            JSON.stringify(missing.map((r) => r.principal)),
        );
        assert.ok(
            report.accounts
                .find((a) => a.stack === "consumer")!
                .notes.some((n) => /invitation LakeFormation-V4-governance from 222222222222 is pending/.test(n)),
        );
    });

    it("reports a consumer past its end date whose grants were not revoked as expired but live", async () => {
        // The accounts as deployed before the auditor's end date; verify runs after it, without a pulumi up in between.
        const { code, report } = await run(worldFromPlan(plan), { evaluation: planAfterAudit, asOf: AFTER_AUDIT });
        assert.equal(code, 1);
        const expired = withVerdict(report, "expired-but-live");
        assert.ok(expired.length > 0 && expired.every((r) => r.consumer === "auditor"), JSON.stringify(expired.map((r) => r.consumer)));
        const paths = new Set(expired.map((r) => r.path));
        for (const p of ["lake-formation (LF-tags)", "redshift datashare"])
            assert.ok(paths.has(p as never), `no expired-but-live row of ${p}: ${JSON.stringify(report.rows.filter((r) => r.path === p))}`);
        assert.ok(
            expired.some((r) => r.principal === AUDITOR && r.resource === "222222222222:datasharing_sales_insights.customers" && r.endsAt === "2027-12-31"),
        );
        // Governance still grants the auditor's whole account: the row a consumer's account not held by the operator leaves.
        assert.ok(
            expired.some(
                (r) => r.principal === "444444444444" && r.resource.startsWith("222222222222:datasharing_sales_insights.customers (to the whole account"),
            ),
        );
        assert.deepEqual(withVerdict(report, "unexpected"), []);
        // Its access point and key grants ended by themselves (aws:CurrentTime): IAM enforces them, so they are not live.
        assert.ok(!report.rows.some((r) => r.consumer === "auditor" && (r.path === "s3 access point" || r.path === "kms key policy")));
    });

    it("labels a hand-made access point with the consumer whose roles it admits", async () => {
        const world = worldFromPlan(plan);
        const external = world.get("333333333333")!;
        external.accessPoints.push({
            ...external.accessPoints[0],
            Name: "by-hand",
            Policy: external.accessPoints[0].Policy!.split("datasharing-auditor").join("by-hand"),
        });
        const { report } = await run(world);
        const rows = withVerdict(report, "unexpected");
        assert.ok(
            rows.length > 0 && rows.every((r) => r.consumer === "auditor" && r.principal === AUDITOR && r.resource.startsWith("access point by-hand ")),
            JSON.stringify(rows, null, 1),
        );
    });

    it("reports a datashare whose authorization is missing as missing, and still exits 0", async () => {
        const world = worldFromPlan(plan);
        for (const share of world.get("111111111111")!.datashares) share.DataShareAssociations = [];
        const { code, report } = await run(world);
        const missing = withVerdict(report, "missing");
        assert.deepEqual(
            missing.map((r) => [r.consumer, r.path, r.principal, r.product]),
            [["supplier", "redshift datashare", "555555555555", "inventory_levels"]],
        );
        assert.equal(code, 0, "missing access is reported, not failed on");
    });

    it("pages through every list and retries throttled calls with backoff", async () => {
        const calls = new Map<string, number>();
        waits.length = 0;
        const { code, report } = await run(worldFromPlan(plan), {
            clients: { pageSize: 1, calls, throttle: { ListPermissions: 2, GetTables: 1, GetAccessPointPolicy: 3, DescribeDataShares: 1 } },
        });
        assert.deepEqual(
            report.rows.filter((r) => r.verdict !== "ok").map((r) => r.resource),
            [],
        );
        assert.equal(code, 0);
        // A page per permission (the producer's 14 among them), and each throttled call answered on a later attempt.
        assert.ok((calls.get("ListPermissions") ?? 0) > 14 + 2, `ListPermissions called ${calls.get("ListPermissions")} times`);
        assert.ok((calls.get("GetStatementResult") ?? 0) >= 2);
        // Backoff doubles from the base: 50, 100, 200 ms with the test's jitter of one half.
        assert.deepEqual(
            [...new Set(waits)].sort((a, b) => a - b),
            [50, 100, 200],
        );
    });

    it("reports an account it cannot reach, and leaves the rows only it could prove unverified", async () => {
        const { code, report, lines } = await run(worldFromPlan(plan), { unreachable: ["governance"] });
        assert.equal(code, 1, "an account that could not be read fails the run");
        const governance = report.accounts.find((a) => a.stack === "governance")!;
        assert.equal(governance.status, "unreachable");
        assert.match(governance.errors[0], /security token/);
        assert.ok(
            lines.some((l) => /\[governance\s*\] UNREACHABLE/.test(l)),
            lines.join("\n"),
        );
        const unverified = withVerdict(report, "unverified");
        assert.ok(unverified.length > 0 && unverified.every((r) => r.grantorAccount === "222222222222" || r.grantedBy === "222222222222"));
        assert.deepEqual(withVerdict(report, "missing"), []);
    });

    it("refuses a stack the topology does not have, or a malformed date, before reading anything", async () => {
        const world = worldFromPlan(plan);
        await assert.rejects(run(world, { argv: ["--stacks", "auditor"] }), /--stacks: "auditor" is a consumer; its stack is "consumer"/);
        await assert.rejects(run(world, { argv: ["--as-of", "next week"] }), /--as-of: /);
    });

    it("reads only the stacks named with --stacks", async () => {
        const { report } = await run(worldFromPlan(plan), { argv: ["--stacks", "external"] });
        assert.deepEqual(
            report.accounts.filter((a) => a.status === "read").map((a) => a.stack),
            ["external"],
        );
        assert.ok(withVerdict(report, "unverified").some((r) => r.grantorAccount === "111111111111"));
        assert.ok(withVerdict(report, "ok").every((r) => r.grantorAccount === "333333333333"));
    });
});
