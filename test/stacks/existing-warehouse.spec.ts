import { strict as assert } from "assert";
import { shareableCluster } from "../../components/redshift/existing-warehouse";
import { runStack } from "../support/run-stack";
import { topologyWith } from "../support/sample";

const PRODUCER = "111111111111";
const SUPPLIER = "555555555555";
const SECRET = `arn:aws:secretsmanager:eu-west-1:${PRODUCER}:secret:redshift!prod-dw-admin-AbCdEf`;
const AS_OF = "2026-11-22T00:00:00Z";

/** The sample with only option A left: inventory_levels, shared from production to the supplier. */
const optionAOnly = topologyWith((t) => {
    t.dataProducts = t.dataProducts.filter((p: any) => p.name !== "transaction_logs");
    t.consumers = t.consumers.filter((c: any) => c.name !== "insights-partner");
    for (const c of t.consumers) {
        c.dataProducts = c.dataProducts.filter((p: any) => (typeof p === "string" ? p : p.name) !== "transaction_logs");
        if (c.name === "auditor") c.patterns = c.patterns.filter((p: string) => p !== "redshift-datashare");
    }
    t.patterns.enabled = t.patterns.enabled.filter((p: string) => p !== "partner-api");
});

/** Outputs of the external stack (deployed before the producer) for this topology: it builds no warehouse and no API here. */
let upstream: Map<string, Record<string, unknown>>;

/** The producer stack with `warehouse` as its datasharing:warehouse (no perimeter: nothing to export). */
const producer = (warehouse: unknown) =>
    runStack("producer", {
        topology: optionAOnly,
        upstream,
        without: ["datasharing:networkPerimeter"],
        asOf: AS_OF,
        config: { "datasharing:warehouse": JSON.stringify(warehouse) },
    });

const WAREHOUSE_TYPES = [
    "aws:redshift/cluster:Cluster",
    "aws:redshiftserverless/namespace:Namespace",
    "aws:redshiftserverless/workgroup:Workgroup",
    "awsx:ec2:Vpc",
    "aws:redshift/subnetGroup:SubnetGroup",
];

describe("option A on the producer's existing warehouse (datasharing:warehouse.existing)", () => {
    before(async () => {
        const external = await runStack("external", { topology: optionAOnly, without: ["datasharing:warehouse", "datasharing:partnerApi"], asOf: AS_OF });
        assert.deepEqual(external.errors, []);
        upstream = new Map([["acme-data/datasharing/external", external.outputs!]]);
    });

    it("makes the datashare in the existing cluster and builds no warehouse", async () => {
        const run = await producer({ existing: { clusterIdentifier: "prod-dw", secretArn: SECRET }, database: "prod" });
        assert.deepEqual(run.errors, []);
        for (const type of WAREHOUSE_TYPES) assert.deepEqual(run.ofType(type), [], `no ${type}`);
        assert.ok(!run.ofType("aws:kms/key:Key").some((k) => k.name === "warehouse"), "no warehouse key");
        const share = run.one("pulumi-nodejs:dynamic/datasharing:ProducerDatashare");
        assert.deepEqual(share.inputs.warehouse, { clusterIdentifier: "prod-dw", database: "prod", secretArn: SECRET });
        assert.deepEqual(share.inputs.consumerAccounts, [SUPPLIER]);
        const cluster = run.lookups.find((l) => l.token === "aws:redshift/getCluster:getCluster")!;
        const namespaceId = cluster.result.clusterNamespaceArn.split(":").pop();
        assert.equal(run.outputs!.datashares.inventory_levels.namespaceId, namespaceId, "consumers name the existing cluster's namespace");
        assert.equal(run.outputs!.datashares.inventory_levels.accountId, PRODUCER);
        assert.equal(run.one("aws:redshift/dataShareAuthorization:DataShareAuthorization").inputs.consumerIdentifier, SUPPLIER);
    });

    it("lets a consumer receive into its own existing warehouse too", async () => {
        const produced = await producer({ existing: { clusterIdentifier: "prod-dw", secretArn: SECRET } });
        const supplierSecret = `arn:aws:secretsmanager:eu-west-1:${SUPPLIER}:secret:planning-admin-AbCdEf`;
        const run = await runStack("consumer-supplier", {
            topology: optionAOnly,
            upstream: new Map([...upstream, ["acme-data/datasharing/producer", produced.outputs!]]),
            asOf: AS_OF,
            config: { "datasharing:warehouse": JSON.stringify({ existing: { workgroupName: "planning", secretArn: supplierSecret } }) },
        });
        assert.deepEqual(run.errors, []);
        for (const type of WAREHOUSE_TYPES) assert.deepEqual(run.ofType(type), [], `no ${type}`);
        const namespace = run.lookups.find((l) => l.token === "aws:redshiftserverless/getNamespace:getNamespace")!.result;
        assert.equal(run.one("aws:redshift/dataShareConsumerAssociation:DataShareConsumerAssociation").inputs.consumerArn, namespace.arn);
        const database = run.one("pulumi-nodejs:dynamic/datasharing:ConsumerDatashareDatabase");
        assert.deepEqual(database.inputs.warehouse, { workgroupName: "planning", database: "dev", secretArn: supplierSecret });
        assert.equal(database.inputs.producerNamespace, produced.outputs!.datashares.inventory_levels.namespaceId);
    });

    it("or in an existing Serverless workgroup, whose namespace names the datashare", async () => {
        const run = await producer({ existing: { workgroupName: "prod-wg", secretArn: SECRET } });
        assert.deepEqual(run.errors, []);
        for (const type of WAREHOUSE_TYPES) assert.deepEqual(run.ofType(type), [], `no ${type}`);
        assert.deepEqual(run.one("pulumi-nodejs:dynamic/datasharing:ProducerDatashare").inputs.warehouse, {
            workgroupName: "prod-wg",
            database: "dev",
            secretArn: SECRET,
        });
        const namespace = run.lookups.find((l) => l.token === "aws:redshiftserverless/getNamespace:getNamespace")!;
        assert.equal(namespace.inputs.namespaceName, "prod-wg-namespace", "the workgroup's own namespace");
        assert.equal(run.outputs!.datashares.inventory_levels.namespaceId, namespace.result.namespaceId);
    });

    it("refuses a cluster that is not RA3 with its node type", () => {
        assert.throws(
            () => shareableCluster("prod-dw", "dc2.large"),
            /datasharing:warehouse\.existing\.clusterIdentifier: cluster prod-dw runs dc2\.large nodes, and Redshift data sharing needs RA3 ones/,
        );
        assert.doesNotThrow(() => shareableCluster("prod-dw", "ra3.4xlarge"));
    });

    const bad: [string, () => Promise<{ errors: string[]; awsResources: unknown[] }>, RegExp][] = [
        [
            "both a cluster and a workgroup",
            () => producer({ existing: { clusterIdentifier: "a", workgroupName: "bbb", secretArn: SECRET } }),
            /datasharing:warehouse\.existing: name exactly one of clusterIdentifier .* and workgroupName/,
        ],
        ["neither", () => producer({ existing: { secretArn: SECRET } }), /datasharing:warehouse\.existing: name exactly one of/],
        ["no secret", () => producer({ existing: { clusterIdentifier: "prod-dw" } }), /datasharing:warehouse\.existing\.secretArn/],
        [
            "a secret of another account",
            () => producer({ existing: { clusterIdentifier: "prod-dw", secretArn: SECRET.replace(PRODUCER, "999999999999") } }),
            /datasharing:warehouse\.existing\.secretArn: is a secret of account 999999999999/,
        ],
        [
            "settings of a built warehouse beside it",
            () => producer({ existing: { clusterIdentifier: "prod-dw", secretArn: SECRET }, nodeType: "ra3.xlplus" }),
            /datasharing:warehouse\.nodeType: describes a warehouse this stack builds/,
        ],
        [
            "option B and pattern 5 in the sample, which need a warehouse built here",
            () =>
                runStack("producer", {
                    asOf: AS_OF,
                    config: { "datasharing:warehouse": JSON.stringify({ existing: { clusterIdentifier: "prod-dw", secretArn: SECRET } }) },
                }),
            /datasharing:warehouse\.existing: option B's copy job \(transaction_logs\) runs in the warehouse's VPC; pattern 5's export \(transaction_logs\)/,
        ],
        [
            "the external stack's landing warehouse",
            () =>
                runStack("external", {
                    asOf: AS_OF,
                    config: {
                        "datasharing:warehouse": JSON.stringify({
                            existing: { clusterIdentifier: "ext-dw", secretArn: SECRET.replace(PRODUCER, "333333333333") },
                        }),
                    },
                }),
            /datasharing:warehouse\.existing: option B's landing warehouse is built by this stack/,
        ],
    ];
    for (const [what, run, expected] of bad) {
        it(`refuses ${what}, before anything is registered`, async () => {
            const result = await run();
            assert.match(result.errors.join("\n"), expected);
            assert.equal(result.awsResources.length, 0);
        });
    }
});
