import { strict as assert } from "assert";
import { evaluateTopology } from "../../plan/evaluate";
import { TopologyEvaluation } from "../../plan/evaluation";
import { CapturedResource } from "../../plan/mock-aws";
import { decide } from "../support/iam";
import { PROJECT_DIR, topologyWith } from "../support/sample";
import { sampleEvaluation } from "../support/sample-evaluation";
import { runStack } from "../support/run-stack";

const PRODUCER = "111111111111";
const EXTERNAL = "333333333333";
const AS_OF = "2026-11-22T00:00:00Z";
const PUBLISHED = `arn:aws:s3:::datasharing-published-${PRODUCER}-eu-west-1`;
const EXTERNAL_PUBLISHED = `arn:aws:s3:::datasharing-external-published-${EXTERNAL}-eu-west-1`;
const EXPORT = "microbatch-transaction_logs-transaction_log";

const parse = (v: unknown) => (typeof v === "string" ? JSON.parse(v) : v);

/** Pattern 5 across the sample's stacks: the producer's export and the external account's API. */
describe("partner API and microbatch export across the stacks", () => {
    let now: TopologyEvaluation;
    const stack = (name: string) => now.stacks.find((s) => s.stack === name)!;
    const ofType = (name: string, type: string): CapturedResource[] => stack(name).resources.filter((r) => r.type === type);
    const named = (name: string, type: string, resource: string) => ofType(name, type).find((r) => r.name === resource)!;

    before(async () => {
        now = await sampleEvaluation(AS_OF);
    });

    it("exports each Redshift table a partner may request, PII columns blanked, into the product's folder", () => {
        const functions = ofType("producer", "aws:lambda/function:Function");
        assert.deepEqual(
            functions.map((f) => f.name),
            [EXPORT],
            "one export: transaction_logs has one table, and no other Redshift product is served by the API",
        );
        const env = functions[0].inputs.environment.variables;
        assert.equal(env.SOURCE_SCHEMA, "logs");
        assert.equal(env.SOURCE_TABLE, "transaction_log");
        assert.equal(env.WATERMARK_COLUMN, "event_id");
        assert.deepEqual(JSON.parse(env.PII_COLUMNS), ["customer_email", "card_number"]);
        // Exactly the declared columns; event_id is a BIGINT, read as text; an id watermark has no settling time.
        assert.deepEqual(
            [JSON.parse(env.COLUMNS), JSON.parse(env.TEXT_COLUMNS), env.SETTLE_SECONDS],
            [["event_id", "event_time", "customer_email", "card_number", "message"], ["event_id"], "0"],
        );
        assert.equal(env.OUTPUT_PREFIX, "transaction_logs/transaction_log/", "inside transaction_logs/, the folder the API serves");
        assert.equal(env.OUTPUT_BUCKET, PUBLISHED.split(":::")[1], "Published Datasets, which replication carries to the external account");
        assert.match(env.SECRET_ARN, /secretsmanager/, "signs in as its own database user, not the admin");
        const rule = named("producer", "aws:cloudwatch/eventRule:EventRule", EXPORT);
        assert.equal(rule.inputs.scheduleExpression, "rate(15 minutes)");
    });

    it("reads as a database user allowed SELECT on the exported schema only", () => {
        const users = ofType("producer", "pulumi-nodejs:dynamic/datasharing:DatabaseUser");
        const reader = users.find((u) => u.inputs.user === "microbatch_reader")!;
        assert.deepEqual(reader.inputs.privileges, [{ schema: "logs", create: false, tables: ["SELECT"] }]);
    });

    it("lets the export write its own folder of Published Datasets and nothing else", async () => {
        const grants = parse(named("producer", "aws:iam/rolePolicy:RolePolicy", `${EXPORT}-grants`).inputs.policy);
        const put = (key: string) =>
            decide({
                principal: `arn:aws:iam::${PRODUCER}:role/x`,
                action: "s3:PutObject",
                resource: `${PUBLISHED}/${key}`,
                resourceAccount: PRODUCER,
                identityPolicies: [grants],
            });
        assert.equal(await put("transaction_logs/transaction_log/batch.jsonl"), "Allowed");
        assert.equal(await put("audit_reports/forged.pdf"), "ImplicitlyDenied");
        assert.equal(await put("transaction_logs/other_table/x.jsonl"), "ImplicitlyDenied");
    });

    it("runs the export inside the perimeter: sharing subnets, HTTPS out only, through a VPC without internet gateway", () => {
        const fn = ofType("producer", "aws:lambda/function:Function")[0];
        const vpc = named("producer", "aws:ec2/vpc:Vpc", "perimeter-producer");
        const sharing = ofType("producer", "aws:ec2/subnet:Subnet").filter((s) => s.inputs.vpcId === vpc.id && s.inputs.tags.Tier === "sharing");
        assert.deepEqual([...fn.inputs.vpcConfig.subnetIds].sort(), sharing.map((s) => s.id).sort());
        const group = ofType("producer", "aws:ec2/securityGroup:SecurityGroup").find((g) => fn.inputs.vpcConfig.securityGroupIds.includes(g.id))!;
        assert.deepEqual(group.inputs.ingress, []);
        assert.deepEqual(
            group.inputs.egress.map((e: any) => [e.protocol, e.fromPort, e.toPort]),
            [["tcp", 443, 443]],
        );
        const gateways = ofType("producer", "aws:ec2/internetGateway:InternetGateway").filter((g) => g.inputs.vpcId === vpc.id);
        assert.deepEqual(gateways, []);
        const domains = ofType("producer", "aws:networkfirewall/ruleGroup:RuleGroup").flatMap(
            (g) => g.inputs.ruleGroup?.rulesSource?.rulesSourceList?.targets ?? [],
        );
        assert.ok(domains.includes("redshift-data.eu-west-1.amazonaws.com") && domains.includes("dynamodb.eu-west-1.amazonaws.com"), domains.join(", "));
        assert.ok(!domains.some((d: string) => d.includes("s3")), `S3 goes through the gateway endpoint, never the firewall: ${domains.join(", ")}`);
        const [endpoint] = ofType("producer", "aws:ec2/vpcEndpoint:VpcEndpoint").filter((e) => e.inputs.vpcId === vpc.id);
        assert.deepEqual(parse(endpoint.inputs.policy).Statement[0].Condition, { StringEquals: { "aws:ResourceAccount": [PRODUCER] } });
        const runtime = JSON.stringify(parse(named("producer", "aws:iam/rolePolicy:RolePolicy", `${EXPORT}-runtime`).inputs.policy));
        assert.ok(runtime.includes("ec2:CreateNetworkInterface") && runtime.includes("ec2:Vpc"), "network interfaces in its own VPC only");
    });

    it("serves the partners of the topology, each with its own key and usage plan, products and registered address", () => {
        const keys = ofType("external", "aws:apigateway/apiKey:ApiKey");
        assert.deepEqual(
            keys.map((k) => [k.inputs.name, k.inputs.enabled]),
            [["datasharing-partner-api-insights-partner", true]],
        );
        assert.equal(ofType("external", "aws:apigateway/usagePlan:UsagePlan")[0].inputs.throttleSettings.rateLimit, 2, "the stack's partnerThrottle");
        const receiver = named("external", "aws:lambda/function:Function", "partner-api-receiver");
        const registry = JSON.parse(receiver.inputs.environment.variables.PARTNERS);
        assert.deepEqual(
            registry.map((p: any) => [p.name, p.email, p.products]),
            [["insights-partner", "data-intake@partner.example", ["transaction_logs"]]],
        );
        const poller = named("external", "aws:lambda/function:Function", "partner-api-poller");
        assert.equal(poller.inputs.environment.variables.URL_EXPIRY_SECONDS, "3600");
        assert.equal(poller.inputs.environment.variables.SENDER_ADDRESS, "data-sharing@acme.example");
        const outputs = stack("external").outputs as any;
        assert.match(outputs.partnerApiUrl, /^https:\/\/[^/]+\.execute-api\.eu-west-1\.amazonaws\.com\/v1\/requests$/);
    });

    it("lets the links' signer read only the folders partners may receive, from the external bucket, and the poller none", async () => {
        // The links carry their signer's permissions: the signer role reads, the poller only lists and signs.
        const grants = parse(named("external", "aws:iam/rolePolicy:RolePolicy", "partner-api-link-signer").inputs.policy);
        const get = (key: string, policy = grants) =>
            decide({
                principal: `arn:aws:iam::${EXTERNAL}:role/x`,
                action: "s3:GetObject",
                resource: `${EXTERNAL_PUBLISHED}/${key}`,
                resourceAccount: EXTERNAL,
                identityPolicies: [policy],
            });
        assert.equal(await get("transaction_logs/transaction_log/batch.jsonl"), "Allowed");
        const poller = parse(named("external", "aws:iam/rolePolicy:RolePolicy", "partner-api-poller-grants").inputs.policy);
        assert.equal(await get("transaction_logs/transaction_log/batch.jsonl", poller), "ImplicitlyDenied");
        assert.equal(await get("audit_reports/2026/q3.pdf"), "ImplicitlyDenied");
        assert.equal(await get("market_prices/daily_prices/2026-11-20.csv"), "ImplicitlyDenied");
    });

    it("replicates the export's folder to the external account, where the API serves it", () => {
        const replication = ofType("producer", "aws:s3/bucketReplicationConfig:BucketReplicationConfig")[0];
        const prefixes = replication.inputs.rules.map((r: any) => r.filter?.prefix ?? "");
        assert.ok(
            prefixes.some((p: string) => "transaction_logs/transaction_log/x".startsWith(p)),
            JSON.stringify(prefixes),
        );
    });
});

describe("partner API: end dates, topology choices and bad input", () => {
    it("keeps an expired partner's key but disables it, and marks it expired in the registry", async () => {
        const topology = topologyWith((t) => (t.consumers.find((c: any) => c.name === "insights-partner").accessEndsAt = "2026-06-30"));
        const run = await runStack("external", { topology, asOf: AS_OF });
        assert.deepEqual(run.errors, []);
        assert.equal(run.one("aws:apigateway/apiKey:ApiKey").inputs.enabled, false);
        const registry = JSON.parse(run.one("aws:lambda/function:Function", "partner-api-receiver").inputs.environment.variables.PARTNERS);
        assert.equal(registry[0].accessEndsAt, "2026-07-01T00:00:00.000Z", "through the end date, UTC");
    });

    it("builds neither the API nor the export when no consumer uses partner-api", async () => {
        const topology = topologyWith((t) => (t.consumers = t.consumers.filter((c: any) => c.name !== "insights-partner")));
        const external = await runStack("external", { topology, without: ["datasharing:partnerApi"] });
        assert.deepEqual(external.errors, []);
        assert.deepEqual(external.ofType("aws:apigateway/restApi:RestApi"), []);
        const producer = await runStack("producer", { topology, without: ["datasharing:networkPerimeter"] });
        assert.deepEqual(producer.ofType("aws:lambda/function:Function"), []);
    });

    it("holds back the last minutes of a time watermark, 300 s unless microbatch.settleSeconds says", async () => {
        const settle = async (change: (t: any) => void) => {
            const evaluation = await evaluateTopology(PROJECT_DIR, { accessAsOf: AS_OF, topology: topologyWith(change) });
            for (const s of evaluation.stacks) assert.deepEqual(s.errors, [], s.stack);
            const producer = evaluation.stacks.find((s) => s.stack === "producer")!;
            return producer.resources.find((r) => r.type === "aws:lambda/function:Function")!.inputs.environment.variables.SETTLE_SECONDS;
        };
        assert.equal(await settle((t) => (t.dataProducts[1].microbatch.watermarkColumn = "event_time")), "300");
        assert.equal(await settle((t) => Object.assign(t.dataProducts[1].microbatch, { watermarkColumn: "event_time", settleSeconds: 900 })), "900");
    });

    it("runs the export in Lambda's own network when the perimeter is off", async () => {
        const run = await runStack("producer", { config: { "datasharing:networkPerimeter": JSON.stringify({ enabled: false }) } });
        const fn = run.one("aws:lambda/function:Function");
        assert.equal(fn.inputs.vpcConfig, undefined);
        assert.deepEqual(run.ofType("aws:ec2transitgateway/transitGateway:TransitGateway"), []);
    });

    const badTopology: [string, (t: any) => void, string, string][] = [
        [
            "a Redshift product served by the API without a microbatch setting",
            (t) => delete t.dataProducts[1].microbatch,
            "dataProducts[1].microbatch",
            "watermarkColumn",
        ],
        [
            "a watermark column a table lacks",
            (t) => (t.dataProducts[1].microbatch.watermarkColumn = "ingested_at"),
            "dataProducts[1].tables[0].columns",
            "no column ingested_at",
        ],
        [
            "a PII watermark column",
            (t) => (t.dataProducts[1].microbatch.watermarkColumn = "customer_email"),
            "dataProducts[1].microbatch.watermarkColumn",
            "not personal data",
        ],
        [
            "a microbatch on a product kept in S3",
            (t) => (t.dataProducts[0].microbatch = { watermarkColumn: "customer_id" }),
            "dataProducts[0].microbatch",
            "not kept in Redshift",
        ],
        ["a malformed schedule", (t) => (t.dataProducts[1].microbatch.schedule = "every 5 minutes"), "dataProducts[1].microbatch.schedule", "rate(15 minutes)"],
        [
            "a settling time for an id watermark",
            (t) => (t.dataProducts[1].microbatch.settleSeconds = 60),
            "dataProducts[1].microbatch.settleSeconds",
            "event_id of transaction_log is bigint",
        ],
    ];
    for (const [what, change, key, fix] of badTopology) {
        it(`refuses ${what}, naming ${key}, before any resource`, async () => {
            const run = await runStack("producer", { topology: topologyWith(change) });
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

    const badSettings: [string, string, Record<string, string>, string[], string, string][] = [
        ["a missing sender address", "external", {}, ["datasharing:partnerApi"], "datasharing:partnerApi.senderAddress", "data-sharing@producer.example"],
        [
            "a link expiry over one hour (a chained signing session ends by then)",
            "external",
            { "datasharing:partnerApi": JSON.stringify({ senderAddress: "a@b.example", urlExpirySeconds: 7200 }) },
            [],
            "datasharing:partnerApi.urlExpirySeconds",
            "at most 3600 seconds",
        ],
        [
            "a reserved concurrency of 0",
            "external",
            { "datasharing:partnerApi": JSON.stringify({ senderAddress: "a@b.example", receiverReservedConcurrency: 0 }) },
            [],
            "datasharing:partnerApi.receiverReservedConcurrency",
            "leave it out to reserve none",
        ],
        [
            "an unknown account logging mode",
            "external",
            { "datasharing:partnerApi": JSON.stringify({ senderAddress: "a@b.example", apiGatewayAccountRole: "replace" }) },
            [],
            "datasharing:partnerApi.apiGatewayAccountRole",
            "existing",
        ],
        [
            "partner API settings in the producer",
            "producer",
            { "datasharing:partnerApi": JSON.stringify({ senderAddress: "a@b.example" }) },
            [],
            "datasharing:partnerApi",
            "external account",
        ],
        [
            "a public egress range",
            "producer",
            { "datasharing:networkPerimeter": JSON.stringify({ enabled: true, egressCidr: "8.8.0.0/22" }) },
            [],
            "datasharing:networkPerimeter.egressCidr",
            "not a private range",
        ],
        [
            "overlapping perimeter ranges",
            "producer",
            { "datasharing:networkPerimeter": JSON.stringify({ enabled: true, egressCidr: "10.100.0.0/22", sharingVpcCidr: "10.100.0.0/24" }) },
            [],
            "datasharing:networkPerimeter.sharingVpcCidr",
            "overlaps",
        ],
        [
            "S3 in the perimeter's allow-list",
            "producer",
            { "datasharing:networkPerimeter": JSON.stringify({ enabled: true, allowedDomains: ["api.partner.example", ".s3.eu-west-1.amazonaws.com"] }) },
            [],
            "datasharing:networkPerimeter.allowedDomains",
            "own buckets only",
        ],
        [
            "a perimeter in the external stack",
            "external",
            { "datasharing:networkPerimeter": JSON.stringify({ enabled: true }) },
            [],
            "datasharing:networkPerimeter.enabled",
            "producer's network",
        ],
    ];
    for (const [what, stackName, config, without, key, fix] of badSettings) {
        it(`refuses ${what} in ${stackName}, naming ${key}, before any resource`, async () => {
            const run = await runStack(stackName, { config, without });
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
