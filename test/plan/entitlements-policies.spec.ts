import { strict as assert } from "assert";
import { collectEntitlements } from "../../plan/entitlements/collect";
import { Entitlement, EntitlementReport } from "../../plan/entitlements/model";
import { renderMarkdown } from "../../plan/entitlements/render-markdown";
import { evaluateTopology } from "../../plan/evaluate";
import { PROJECT_DIR, topologyWith } from "../support/sample";
import { sampleEvaluation } from "../support/sample-evaluation";

const AS_OF = new Date("2026-11-22T00:00:00Z");
const [PRODUCER, EXTERNAL, AUDITOR, SUPPLIER] = ["111111111111", "333333333333", "444444444444", "555555555555"];
const AUDITOR_ROLE = `arn:aws:iam::${AUDITOR}:role/auditor-analyst`;
const SUPPLIER_ROLE = `arn:aws:iam::${SUPPLIER}:role/supplier-planning`;
const REPLICATION_ROLE = `arn:aws:iam::${PRODUCER}:role/datasharing-published-replication`;
const PUBLISHED_BUCKET = `arn:aws:s3:::datasharing-external-published-${EXTERNAL}-eu-west-1`;
const KEY_STATEMENT = "AccessPointConsumersDecryptThroughS3";

/** The sample with the supplier also reading audit_reports through its own access point, so one key statement names two consumers. */
function twoAccessPointConsumers(supplierEndsAt?: string): unknown {
    return topologyWith((t) => {
        const supplier = t.consumers.find((c: { name: string }) => c.name === "supplier");
        supplier.patterns.push("access-point");
        supplier.dataProducts.push({ name: "audit_reports", patterns: ["access-point"] });
        if (supplierEndsAt) supplier.accessEndsAt = supplierEndsAt;
    });
}

async function reportOf(topology?: unknown): Promise<EntitlementReport> {
    const evaluation = topology
        ? await evaluateTopology(PROJECT_DIR, { accessAsOf: AS_OF.toISOString(), stackTraceLimit: 0, topology })
        : await sampleEvaluation(AS_OF);
    return collectEntitlements(evaluation, AS_OF);
}

const roleArns = (text: string | undefined) => text?.match(/arn:aws:iam::\d{12}:role\/[\w+=,.@-]+/g) ?? [];

describe("entitlement report: key statements naming several consumers' roles", () => {
    for (const supplierEndsAt of [undefined, "2028-06-30"]) {
        it(`credits each access point consumer's role with its own key row and end date (supplier ${supplierEndsAt ?? "open-ended"})`, async () => {
            const report = await reportOf(twoAccessPointConsumers(supplierEndsAt));
            const decrypt = report.entitlements.filter((e) => e.path === "kms key policy" && e.resource.includes(`[${KEY_STATEMENT}`));
            assert.deepEqual(
                decrypt.map((e) => [e.consumer, e.principal, e.principalAccount, e.endsAt, e.status]),
                [
                    ["auditor", AUDITOR_ROLE, AUDITOR, "2027-12-31", "active"],
                    ["supplier", SUPPLIER_ROLE, SUPPLIER, supplierEndsAt, "active"],
                ],
            );
            for (const e of decrypt) {
                // Only the row's own role, in the principal and the conditions alike; the service narrowing stays.
                assert.deepEqual([...new Set([...roleArns(e.principal), ...roleArns(e.conditions)])], [e.principal], JSON.stringify(e));
                assert.match(e.conditions ?? "", /"kms:ViaService":"s3\.eu-west-1\.amazonaws\.com"/);
            }
        });
    }

    it("names one role per key row in the sample, and leaves the role out of the conditions", async () => {
        const keys = (await reportOf()).entitlements.filter((e) => e.path === "kms key policy");
        assert.deepEqual(
            keys.map((e) => [e.consumer, e.principal, e.endsAt]),
            [
                ["auditor", AUDITOR_ROLE, "2027-12-31"],
                // Pattern 2: governance's catalog reads the lake's product folders through S3.
                ["governance", "arn:aws:iam::222222222222:role/datasharing-central-catalog-data-access", undefined],
                ["producer", REPLICATION_ROLE, undefined],
                ["producer", `arn:aws:iam::${PRODUCER}:role/datasharing-redshift-copy`, undefined],
            ],
        );
        for (const e of keys) assert.ok(!(e.conditions ?? "").includes("aws:PrincipalArn") && (e.conditions ?? "").includes("kms:ViaService"), e.conditions);
    });
});

describe("entitlement report: cross-account bucket policies", () => {
    let report: EntitlementReport;
    let bucketRows: Entitlement[];

    before(async () => {
        report = await reportOf();
        bucketRows = report.entitlements.filter((e) => e.path === "s3 bucket policy");
    });

    it("lists what the external account's bucket policy lets the producer's replication role do", () => {
        const replication = bucketRows.filter((e) => e.principal === REPLICATION_ROLE);
        assert.deepEqual(
            replication.map((e) => [e.consumer, e.principalAccount, e.grantorAccount, e.status, e.endsAt, e.basis]),
            [
                ["producer", PRODUCER, EXTERNAL, "active", undefined, "registered"],
                ["producer", PRODUCER, EXTERNAL, "active", undefined, "registered"],
            ],
        );
        const byActions = (action: string) => replication.find((e) => e.actions.includes(action));
        const versioning = byActions("s3:GetBucketVersioning");
        assert.ok(versioning, "no row for the versioning check");
        // Rewritten: it expected s3:ListBucket here; the role now only reads the versioning state.
        assert.deepEqual(versioning.actions, ["s3:GetBucketVersioning"], "neither listing nor changing the partners' bucket");
        assert.ok(versioning.resource.includes(PUBLISHED_BUCKET) && !versioning.resource.includes(`${PUBLISHED_BUCKET}/*`), versioning.resource);
        const replicate = byActions("s3:ReplicateObject");
        assert.ok(replicate, "no row for the replication writes");
        assert.ok(replicate.resource.includes(`${PUBLISHED_BUCKET}/*`), replicate.resource);
        // The role is the row's principal, so the conditions do not repeat it.
        for (const e of replication) assert.ok(!(e.conditions ?? "").includes("aws:PrincipalArn"), e.conditions);
    });

    it("leaves the delegation to access points to the access point rows", () => {
        assert.ok(bucketRows.length > 0);
        for (const e of bucketRows) {
            assert.ok(!/DataAccessPointAccount/i.test(`${e.conditions ?? ""} ${e.resource}`), JSON.stringify(e));
            assert.ok(!e.resource.includes("DelegateToOwnAccessPoints"), e.resource);
            assert.notEqual(e.principal, "*");
        }
        assert.ok(
            report.entitlements.some((e) => e.path === "s3 access point" && e.principal === AUDITOR_ROLE),
            "the access point row stays",
        );
    });

    it("reaches only the listed roles of the statement's account, never the bucket's own, and skips the delegation", async () => {
        const statements = [
            {
                Sid: "OwnRoleReads",
                Effect: "Allow",
                Principal: { AWS: `arn:aws:iam::${EXTERNAL}:root` },
                Action: "s3:GetObject",
                Resource: `${PUBLISHED_BUCKET}/*`,
                Condition: { ArnEquals: { "aws:PrincipalArn": `arn:aws:iam::${EXTERNAL}:role/reader` } },
            },
            {
                Sid: "ConsumersRead",
                Effect: "Allow",
                Principal: { AWS: [`arn:aws:iam::${AUDITOR}:root`, `arn:aws:iam::${SUPPLIER}:root`] },
                Action: ["s3:GetObject"],
                Resource: `${PUBLISHED_BUCKET}/audit_reports/*`,
                Condition: {
                    ArnEquals: { "aws:PrincipalArn": [AUDITOR_ROLE, `arn:aws:iam::${EXTERNAL}:role/reader`] },
                    Bool: { "aws:SecureTransport": "true" },
                },
            },
            {
                Effect: "Allow",
                Principal: "*",
                Action: "s3:GetObject",
                Resource: `${PUBLISHED_BUCKET}/*`,
                Condition: { StringEquals: { "s3:DataAccessPointAccount": EXTERNAL } },
            },
            { Sid: "NotAnAllow", Effect: "Deny", Principal: { AWS: `arn:aws:iam::${SUPPLIER}:root` }, Action: "s3:*", Resource: `${PUBLISHED_BUCKET}/*` },
        ];
        const evaluation = await sampleEvaluation(AS_OF);
        const withPolicy = {
            ...evaluation,
            stacks: evaluation.stacks.map((s) => ({
                ...s,
                resources: s.resources.map((r) =>
                    r.type === "aws:s3/bucketPolicy:BucketPolicy" && r.name === "external-published"
                        ? { ...r, inputs: { ...r.inputs, policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }) } }
                        : r,
                ),
            })),
        };
        const rows = collectEntitlements(withPolicy, AS_OF).entitlements.filter(
            (e) => e.path === "s3 bucket policy" && e.resource.startsWith(PUBLISHED_BUCKET),
        );
        assert.deepEqual(
            rows.map((e) => [e.consumer, e.principal, e.principalAccount, e.endsAt, e.product, e.resource, e.actions.join(","), e.conditions]),
            [
                [
                    "auditor",
                    AUDITOR_ROLE,
                    AUDITOR,
                    "2027-12-31",
                    "audit_reports",
                    `${PUBLISHED_BUCKET}/audit_reports/* [ConsumersRead]`,
                    "s3:GetObject",
                    JSON.stringify({ Bool: { "aws:SecureTransport": "true" } }),
                ],
            ],
        );
    });

    it("reports no bucket policy grant within the bucket's own account", () => {
        assert.ok(bucketRows.length > 0 && bucketRows.every((e) => e.principalAccount !== e.grantorAccount));
    });

    it("renders the bucket policy rows in Markdown under the producer's own principals", () => {
        const md = renderMarkdown(report);
        const producer = md.slice(md.indexOf("## producer"));
        assert.match(producer, new RegExp(`\\| ${REPLICATION_ROLE} \\| ${PRODUCER} \\| s3 bucket policy \\| ${EXTERNAL} \\|`));
    });
});
