import { strict as assert } from "assert";
import { evaluateTopology } from "../../plan/evaluate";
import { TopologyEvaluation } from "../../plan/evaluation";
import { CapturedResource } from "../../plan/mock-aws";
import { publishingPaths } from "../../patterns/publishing/paths";
import { runStack } from "../support/run-stack";
import { PROJECT_DIR, topologyWith } from "../support/sample";
import { PATTERNS } from "../../patterns/index";

const AS_OF = "2026-11-22T00:00:00Z";
const ofType = (e: TopologyEvaluation, stack: string, type: string): CapturedResource[] =>
    e.stacks.find((s) => s.stack === stack)!.resources.filter((r) => r.type === type);

/** Patterns 1 and 3 carry data end to end: sales_insights (pattern 3) and market_prices (pattern 1) of the sample. */
describe("publishing, end to end", () => {
    let evaluation: TopologyEvaluation;
    before(async () => {
        evaluation = await evaluateTopology(PROJECT_DIR, { accessAsOf: AS_OF });
        for (const s of evaluation.stacks) assert.deepEqual(s.errors, [], `${s.stack}: ${s.errors.join("; ")}`);
    });

    it("deploys the external stack first with no snapshot anywhere: no revision, nothing that needs an object, grants to the data set", async () => {
        const external = await runStack("external", { asOf: AS_OF });
        assert.deepEqual(external.errors, []);
        assert.deepEqual([...external.ofType("aws:dataexchange/revisionAssets:RevisionAssets"), ...external.ofType("aws:dataexchange/revision:Revision")], []);
        assert.deepEqual(
            external.ofType("aws:s3/bucketObjectv2:BucketObjectv2").filter((o) => String(o.inputs.key).startsWith("market_prices/")),
            [],
        );
        assert.deepEqual(
            external.ofType("pulumi-nodejs:dynamic/datasharing:DataGrant").map((g) => g.inputs.receiverAccountId),
            ["555555555555"],
        );
    });

    it("declares the replica's tables over the published snapshots: the declared columns, partitioned by day, crawled after the publish hour", () => {
        const tables = ofType(evaluation, "external", "aws:glue/catalogTable:CatalogTable").filter(
            (t) => t.inputs.databaseName === "datasharing_sales_insights",
        );
        const customers = tables.find((t) => t.inputs.name === "customers")!;
        assert.deepEqual(
            customers.inputs.storageDescriptor.columns.map((c: any) => c.name),
            ["customer_id", "first_name", "last_name", "address", "email", "card_id", "age"],
        );
        assert.equal(customers.inputs.storageDescriptor.location, "s3://datasharing-external-published-333333333333-eu-west-1/sales_insights/customers/");
        for (const t of tables) assert.deepEqual(t.inputs.partitionKeys, [{ name: "snapshot", type: "string" }], t.inputs.name);
        const crawler = ofType(evaluation, "external", "aws:glue/crawler:Crawler")[0];
        assert.equal(crawler.inputs.schedule, "cron(0 7 * * ? *)", "two hours after sales_insights is published at 05:00 UTC");
    });

    it("exports each new market_prices revision into the supplier's own bucket, and nothing for a consumer that did not opt in", () => {
        const [acceptance] = ofType(evaluation, "consumer-supplier", "pulumi-nodejs:dynamic/datasharing:DataGrantAcceptance");
        const [action] = ofType(evaluation, "consumer-supplier", "aws:dataexchange/eventAction:EventAction");
        assert.equal(action.inputs.event.revisionPublished.dataSetId, acceptance.state.receivedDataSetId);
        assert.equal(action.inputs.action.exportRevisionToS3.revisionDestination.bucket, "datasharing-data-exchange-exports-555555555555-eu-west-1");
        assert.deepEqual(ofType(evaluation, "consumer", "aws:dataexchange/eventAction:EventAction"), []);
    });

    it("shows each product's whole path, from the lake table to the consumer", () => {
        const paths = publishingPaths(evaluation.topology, evaluation.stacks, new Date(AS_OF), PATTERNS);
        assert.deepEqual(
            paths.map((p) => p.product),
            ["sales_insights", "market_prices"],
        );
        const [sales, prices] = paths;
        assert.deepEqual(sales.sources, ["db1.customers", "db1.clean_cards", "db1.clean_sales"]);
        assert.equal(sales.job, "datasharing-publish-sales-insights");
        assert.equal(sales.replicatedTo, "arn:aws:s3:::datasharing-external-published-333333333333-eu-west-1");
        assert.deepEqual(sales.replica, {
            database: "datasharing_sales_insights",
            tables: ["customers", "clean_cards", "clean_sales"],
            partitioned: true,
            crawlSchedule: "cron(0 7 * * ? *)",
        });
        assert.deepEqual(prices.sources, ["datasharing_market_prices.daily_prices"]);
        assert.deepEqual(prices.dataSet, {
            name: "datasharing-market-prices",
            revisionsRegistered: 0,
            revisionFunction: "datasharing-data-exchange-revisions",
        });
        for (const p of paths) {
            assert.deepEqual(p.broken, [], p.product);
            assert.deepEqual(
                p.consumers.map((c) => [c.consumer, c.reaches]),
                [["supplier", true]],
                p.product,
            );
        }
    });

    it("reports a broken path: a consumer stack that does not accept the grant", () => {
        const withoutAcceptance = evaluation.stacks.map((s) =>
            s.stack === "consumer-supplier" ? { ...s, resources: s.resources.filter((r) => !r.type.endsWith("DataGrantAcceptance")) } : s,
        );
        const prices = publishingPaths(evaluation.topology, withoutAcceptance, new Date(AS_OF), PATTERNS).find((p) => p.product === "market_prices")!;
        assert.deepEqual(prices.broken, ["supplier (data-exchange): GRANT NOT ACCEPTED"]);
    });
});

describe("publishing: bad input, refused with its key before any resource", () => {
    const sales = (t: any) => t.dataProducts.find((p: any) => p.name === "sales_insights");
    const prices = (t: any) => t.dataProducts.find((p: any) => p.name === "market_prices");
    const bad: [string, string, (t: any) => void, string, string][] = [
        [
            "an hourly publish schedule",
            "producer",
            (t) => (sales(t).publish.schedule = "cron(0 * * * ? *)"),
            "dataProducts[0].publish.schedule",
            "daily Glue schedule",
        ],
        [
            "a rate() publish schedule",
            "producer",
            (t) => (sales(t).publish.schedule = "rate(1 day)"),
            "dataProducts[0].publish.schedule",
            "fixed minute and hour",
        ],
        [
            "publish on a product no pattern 1 or 3 consumer takes",
            "producer",
            (t) => (t.dataProducts[1].publish = { schedule: "cron(0 5 * * ? *)" }),
            "dataProducts[1].publish",
            "no consumer takes",
        ],
        [
            "dataExchange on a product not shared through Data Exchange",
            "external",
            (t) => (sales(t).dataExchange = { retainRevisions: 3 }),
            "dataProducts[0].dataExchange",
            "through data-exchange",
        ],
        ["no revision kept", "external", (t) => (prices(t).dataExchange.retainRevisions = 0), "dataProducts[3].dataExchange.retainRevisions", "at least 1"],
        [
            "a declared column named snapshot",
            "producer",
            (t) => sales(t).tables[0].columns.push({ name: "snapshot" }),
            "dataProducts[0].tables[0].columns[7].name",
            "partition column",
        ],
        [
            "a product kept in Redshift, through pattern 3",
            "external",
            (t) => (t.consumers[1].dataProducts[2] = { name: "inventory_levels", patterns: ["lake-formation-external"] }),
            "dataProducts[4].store",
            "kept in Redshift",
        ],
        [
            "a lake database the producer does not have",
            "producer",
            (t) => (prices(t).database = "db2"),
            "dataProducts[3].database",
            "not a database of the producer's catalog",
        ],
    ];
    for (const [what, stack, change, key, fix] of bad) {
        it(`refuses ${what}, naming ${key}`, async () => {
            const run = await runStack(stack, { topology: topologyWith(change), asOf: AS_OF });
            assert.ok(
                run.errors.some((e) => e.includes(`datasharing:topology.${key}`) && e.includes(fix)),
                run.errors.join("\n"),
            );
            assert.deepEqual(
                run.resources.map((r) => r.type),
                ["pulumi:pulumi:Stack"],
            );
        });
    }

    it("refuses auto-export in a stack that receives no data set, naming datasharing:dataExchange.autoExport", async () => {
        for (const [stack, fix] of [
            ["producer", "move it to the consumer's stack file"],
            ["consumer", `consumer "auditor" receives no data set through data-exchange`],
        ]) {
            const run = await runStack(stack, { config: { "datasharing:dataExchange": JSON.stringify({ autoExport: true }) }, asOf: AS_OF });
            assert.ok(
                run.errors.some((e) => e.includes("datasharing:dataExchange.autoExport") && e.includes(fix)),
                `${stack}: ${run.errors.join("\n")}`,
            );
            assert.deepEqual(
                run.resources.map((r) => r.type),
                ["pulumi:pulumi:Stack"],
            );
        }
    });
});
