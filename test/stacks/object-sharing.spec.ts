import { strict as assert } from "assert";
import { evaluateTopology } from "../../plan/evaluate";
import { TopologyEvaluation } from "../../plan/evaluation";
import { CapturedResource } from "../../plan/mock-aws";
import { allow, bucketLayer, decide } from "../support/iam";
import { PROJECT_DIR, topologyWith } from "../support/sample";
import { sampleEvaluation } from "../support/sample-evaluation";
import { runStack } from "../support/run-stack";

const PRODUCER = "111111111111";
const EXTERNAL = "333333333333";
const AUDITOR = "444444444444";
const SUPPLIER = "555555555555";
const AUDITOR_ROLE = `arn:aws:iam::${AUDITOR}:role/auditor-analyst`;
const EXTERNAL_BUCKET = `arn:aws:s3:::datasharing-external-published-${EXTERNAL}-eu-west-1`;
const AS_OF = "2026-11-22T00:00:00Z";

const parse = (v: unknown) => (typeof v === "string" ? JSON.parse(v) : v);

/** Access points (pattern 6) and Data Exchange (pattern 1) across the sample's stacks. */
describe("access points and Data Exchange across the stacks", () => {
    let now: TopologyEvaluation;
    const ofType = (e: TopologyEvaluation, stack: string, type: string): CapturedResource[] =>
        e.stacks.find((s) => s.stack === stack)!.resources.filter((r) => r.type === type);

    before(async () => {
        now = await sampleEvaluation(AS_OF);
    });

    it("gives each pattern-6 consumer one access point on the external bucket, reachable from its VPC only", () => {
        const points = ofType(now, "external", "aws:s3/accessPoint:AccessPoint");
        assert.deepEqual(
            points.map((p) => p.name),
            ["access-point-auditor"],
        );
        assert.equal(points[0].inputs.bucketAccountId, EXTERNAL);
        assert.deepEqual(points[0].inputs.vpcConfiguration, { vpcId: "vpc-0a1b2c3d4e5f67890" });
        assert.deepEqual(ofType(now, "producer", "aws:s3/accessPoint:AccessPoint"), [], "the topology puts them on the external bucket");
    });

    it("lets the auditor's role read audit_reports through its access point over TLS, and nobody else", async () => {
        const [point] = ofType(now, "external", "aws:s3/accessPoint:AccessPoint");
        const arn = `arn:aws:s3:eu-west-1:${EXTERNAL}:accesspoint/${point.inputs.name}`;
        const bucketPolicy = parse(ofType(now, "external", "aws:s3/bucketPolicy:BucketPolicy")[0].inputs.policy);
        const read = (principal: string, key: string, tls = "true") =>
            decide({
                principal,
                action: "s3:GetObject",
                resource: `${arn}/object/${key}`,
                resourceAccount: EXTERNAL,
                identityPolicies: [allow(["s3:GetObject"], ["*"])],
                resourcePolicy: parse(point.inputs.policy),
                context: { "aws:SecureTransport": tls, "s3:DataAccessPointAccount": EXTERNAL, "s3:DataAccessPointArn": arn },
            });
        assert.equal(await read(AUDITOR_ROLE, "audit_reports/2026/q3.pdf"), "Allowed");
        assert.equal(await read(AUDITOR_ROLE, "audit_reports/2026/q3.pdf", "false"), "ExplicitlyDenied");
        assert.equal(await read(AUDITOR_ROLE, "market_prices/daily_prices/2026-11-20.csv"), "ImplicitlyDenied", "another product's folder");
        assert.equal(await read(`arn:aws:iam::${AUDITOR}:role/someone-else`, "audit_reports/2026/q3.pdf"), "ImplicitlyDenied");
        assert.equal(await read(`arn:aws:iam::${SUPPLIER}:role/supplier-planning`, "audit_reports/2026/q3.pdf"), "ImplicitlyDenied");
        // Straight to the bucket, without an access point: the delegation statement does not apply.
        const direct = await decide({
            principal: AUDITOR_ROLE,
            action: "s3:GetObject",
            resource: `${EXTERNAL_BUCKET}/audit_reports/2026/q3.pdf`,
            resourceAccount: EXTERNAL,
            identityPolicies: [allow(["s3:GetObject"], ["*"])],
            resourcePolicy: bucketPolicy,
            context: { "aws:SecureTransport": "true" },
        });
        assert.equal(direct, "ImplicitlyDenied");
        assert.ok(!JSON.stringify(bucketPolicy).includes(AUDITOR), "the bucket policy names no consumer");
    });

    it("lets the auditor's role decrypt with the bucket key only through S3", async () => {
        const key = ofType(now, "external", "aws:kms/key:Key").find((k) => k.name === "external-published")!;
        const policy = parse(key.inputs.policy);
        const decrypt = (via: string) =>
            decide({
                principal: AUDITOR_ROLE,
                action: "kms:Decrypt",
                resource: key.state.arn,
                resourceAccount: EXTERNAL,
                identityPolicies: [allow(["kms:Decrypt"], ["*"])],
                resourcePolicy: policy,
                context: { "kms:ViaService": via },
            });
        assert.equal(await decrypt("s3.eu-west-1.amazonaws.com"), "Allowed");
        assert.equal(await decrypt("glue.eu-west-1.amazonaws.com"), "ImplicitlyDenied");
    });

    it("gives the auditor's role the access point's ARN and a VPC endpoint that reaches it only", () => {
        const [policy] = ofType(now, "consumer", "aws:iam/policy:Policy").filter((p) => p.name === "access-point");
        const doc = JSON.stringify(parse(policy.inputs.policy));
        assert.ok(doc.includes(`arn:aws:s3:eu-west-1:${EXTERNAL}:accesspoint/`), doc);
        const [attachment] = ofType(now, "consumer", "aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) => a.inputs.role === "auditor-analyst");
        assert.ok(attachment, "attached to the declared role");
        const [endpoint] = ofType(now, "consumer", "aws:ec2/vpcEndpoint:VpcEndpoint");
        assert.deepEqual(
            [endpoint.inputs.vpcId, endpoint.inputs.vpcEndpointType, endpoint.inputs.routeTableIds],
            ["vpc-0a1b2c3d4e5f67890", "Gateway", ["rtb-0a1b2c3d4e5f67890"]],
        );
        assert.deepEqual(ofType(now, "consumer-supplier", "aws:s3/accessPoint:AccessPoint"), []);
        assert.deepEqual(
            ofType(now, "consumer-supplier", "aws:iam/policy:Policy").filter((p) => p.name === "access-point"),
            [],
            "the supplier uses no access point",
        );
    });

    // Issue 21: the revision is no longer the stack's (it imported an object nothing wrote, so the first deploy
    // failed): each published snapshot's manifest becomes one, made by the revision function.
    it("publishes market_prices as a data set with no revision until the first snapshot, made into revisions on each manifest, granted to the supplier", () => {
        const [dataSet] = ofType(now, "external", "aws:dataexchange/dataSet:DataSet");
        assert.equal(dataSet.inputs.assetType, "S3_SNAPSHOT");
        assert.deepEqual(ofType(now, "external", "aws:dataexchange/revisionAssets:RevisionAssets"), []);
        assert.deepEqual(ofType(now, "external", "aws:dataexchange/revision:Revision"), []);
        const [notification] = ofType(now, "external", "aws:s3/bucketNotification:BucketNotification");
        assert.equal(notification.inputs.bucket, `datasharing-external-published-${EXTERNAL}-eu-west-1`);
        assert.deepEqual(
            notification.inputs.lambdaFunctions.map((f: any) => [f.filterPrefix, f.filterSuffix, f.events]),
            [["market_prices/_manifests/", "_manifest.json", ["s3:ObjectCreated:*"]]],
        );
        const grants = ofType(now, "external", "pulumi-nodejs:dynamic/datasharing:DataGrant");
        assert.deepEqual(
            grants.map((g) => [g.inputs.receiverAccountId, g.inputs.sourceDataSetId, g.inputs.endsAt]),
            [[SUPPLIER, dataSet.state.id ?? dataSet.id, undefined]],
        );
    });

    it("has the supplier accept the grant whose ARN the external stack exports", () => {
        const external = now.stacks.find((s) => s.stack === "external")!.outputs as any;
        const [acceptance] = ofType(now, "consumer-supplier", "pulumi-nodejs:dynamic/datasharing:DataGrantAcceptance");
        assert.equal(acceptance.inputs.senderAccountId, EXTERNAL);
        assert.equal(acceptance.inputs.dataGrantArn, external.dataGrants.market_prices.supplier);
        assert.deepEqual(ofType(now, "consumer", "pulumi-nodejs:dynamic/datasharing:DataGrantAcceptance"), [], "the auditor receives no data set");
    });
});

describe("access points and Data Exchange: topology choices and bad input", () => {
    it("puts the access points on the producer's bucket when the topology says so", async () => {
        const topology = topologyWith((t) => (t.patterns.accessPoints = { account: "producer" }));
        const e = await evaluateTopology(PROJECT_DIR, { accessAsOf: AS_OF, topology });
        const points = (stack: string) => e.stacks.find((s) => s.stack === stack)!.resources.filter((r) => r.type === "aws:s3/accessPoint:AccessPoint");
        assert.deepEqual(
            points("producer").map((p) => p.inputs.bucketAccountId),
            [PRODUCER],
        );
        assert.deepEqual(points("external"), []);
        const policy = e.stacks.find((s) => s.stack === "consumer")!.resources.find((r) => r.type === "aws:iam/policy:Policy" && r.name === "access-point")!;
        assert.ok(String(policy.inputs.policy).includes(`arn:aws:s3:eu-west-1:${PRODUCER}:accesspoint/`));
    });

    it("delegates to the access points every action a consumer declares: s3:GetObjectVersion read through the auditor's", async () => {
        const topology = topologyWith((t) => (t.consumers[0].accessPoint.actions = ["s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket"]));
        const e = await evaluateTopology(PROJECT_DIR, { accessAsOf: AS_OF, topology });
        const external = e.stacks.find((s) => s.stack === "external")!.resources;
        const point = external.find((r) => r.type === "aws:s3/accessPoint:AccessPoint")!;
        const bucketPolicy = parse(external.find((r) => r.type === "aws:s3/bucketPolicy:BucketPolicy")!.inputs.policy);
        const arn = `arn:aws:s3:eu-west-1:${EXTERNAL}:accesspoint/${point.inputs.name}`;
        const key = "audit_reports/2026/q3.pdf";
        const context = { "aws:SecureTransport": "true", "s3:DataAccessPointAccount": EXTERNAL, "s3:DataAccessPointArn": arn };
        const identity = [allow(["s3:GetObjectVersion"], ["*"])];
        // S3 allows a request through an access point only if the access point's policy and the bucket's both allow it.
        const throughPoint = (action: string) =>
            decide({
                principal: AUDITOR_ROLE,
                action,
                resource: `${arn}/object/${key}`,
                resourceAccount: EXTERNAL,
                identityPolicies: identity,
                resourcePolicy: parse(point.inputs.policy),
                context,
            });
        const byBucket = (action: string) =>
            bucketLayer({ principal: AUDITOR_ROLE, action, resource: `${EXTERNAL_BUCKET}/${key}`, resourceAccount: EXTERNAL, bucketPolicy, context });
        assert.equal(await throughPoint("s3:GetObjectVersion"), "Allowed", "the access point's policy");
        assert.equal(byBucket("s3:GetObjectVersion"), "Allowed", "the bucket's delegation");
        // Nobody declared tagging reads: the bucket does not delegate them.
        assert.equal(byBucket("s3:GetObjectTagging"), "ImplicitlyDenied");
    });

    it("removes the access point of a consumer whose access has ended", async () => {
        const e = await evaluateTopology(PROJECT_DIR, { accessAsOf: "2028-01-01T00:00:00Z", topology: topologyWith(() => undefined) });
        const external = e.stacks.find((s) => s.stack === "external")!;
        assert.deepEqual(
            external.resources.filter((r) => r.type === "aws:s3/accessPoint:AccessPoint"),
            [],
        );
        const key = external.resources.find((r) => r.type === "aws:kms/key:Key" && r.name === "external-published")!;
        assert.ok(!String(key.inputs.policy).includes(AUDITOR), "nor may it decrypt");
    });

    it("refuses a Data Exchange consumer whose end date has passed, naming the key, before any resource", async () => {
        const topology = topologyWith((t) => (t.consumers.find((c: any) => c.name === "supplier").accessEndsAt = "2026-01-31"));
        for (const stack of ["external", "consumer-supplier"]) {
            const run = await runStack(stack, { topology, asOf: AS_OF });
            assert.equal(run.outputs, undefined);
            assert.ok(
                run.errors.some((e) => e.includes("datasharing:topology.consumers[1].accessEndsAt") && e.includes("remove data-exchange")),
                run.errors.join("\n"),
            );
            assert.deepEqual(
                run.resources.map((r) => r.type),
                ["pulumi:pulumi:Stack"],
            );
        }
    });

    const bad: [string, (t: any) => void, string, string][] = [
        [
            "access points on a missing external account",
            (t) => {
                delete t.accounts.external;
                t.patterns.accessPoints = { account: "external" };
            },
            "patterns.accessPoints.account",
            "no external account",
        ],
        [
            "accessPoint settings on a consumer without access points",
            (t) => (t.consumers[1].accessPoint = { actions: ["s3:GetObject"] }),
            "consumers[1].accessPoint",
            "add access-point",
        ],
        ["a write action", (t) => (t.consumers[0].accessPoint.actions = ["s3:PutObject"]), "consumers[0].accessPoint.actions[0]", "read action"],
        ["a malformed VPC id", (t) => (t.consumers[0].accessPoint.vpc.id = "my-vpc"), "consumers[0].accessPoint.vpc.id", "vpc-"],
        [
            "the removed dataExchange.objects",
            (t) => (t.dataProducts.find((p: any) => p.name === "market_prices").dataExchange.objects = ["daily_prices/2026-11-20.csv"]),
            "dataExchange.objects",
            "Remove objects",
        ],
        ["an access-point consumer without principals", (t) => (t.consumers[0].principals = []), "consumers[0].principals", "named roles"],
    ];
    for (const [what, change, key, fix] of bad) {
        it(`refuses ${what}, naming ${key}`, async () => {
            const run = await runStack("external", { topology: topologyWith(change) });
            assert.ok(
                run.errors.some((e) => e.includes(key) && e.includes(fix)),
                run.errors.join("\n"),
            );
            assert.deepEqual(
                run.resources.map((r) => r.type),
                ["pulumi:pulumi:Stack"],
            );
        });
    }
});
