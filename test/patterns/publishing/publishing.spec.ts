import { strict as assert } from "assert";
import { lakeFormationAccess } from "../../../patterns/lake-formation/access";
import { CapturedResource } from "../../../plan/mock-aws";
import { Decision, decide } from "../../support/iam";
import { evaluateTopology } from "../../../plan/evaluate";
import { StackRun } from "../../support/run-stack";
import { PROJECT_DIR } from "../../support/sample";

const PRODUCER = "111111111111";
const PUBLISHED = `arn:aws:s3:::datasharing-published-${PRODUCER}-eu-west-1`;
const LAKE = `arn:aws:s3:::datasharing-lake-${PRODUCER}-eu-west-1`;
const SALES_ROLE = `arn:aws:iam::${PRODUCER}:role/datasharing-publish-sales_insights`;
const PRICES_ROLE = `arn:aws:iam::${PRODUCER}:role/datasharing-publish-market_prices`;
const glue = (resource: string) => `arn:aws:glue:eu-west-1:${PRODUCER}:${resource}`;

/** The producer's publishing of the sample (sales_insights from db1, market_prices from a database of its own). */
describe("Publishing in the producer", () => {
    let run: StackRun;
    let policies: Record<string, unknown>;
    let keyArn: string;
    before(async () => {
        const evaluation = await evaluateTopology(PROJECT_DIR, { accessAsOf: "2026-11-22T00:00:00Z" });
        const producer = evaluation.stacks.find((s) => s.stack === "producer")!;
        run = new StackRun(producer.outputs, producer.errors, producer.resources, []);
        assert.deepEqual(run.errors, []);
        policies = Object.fromEntries(
            run
                .ofType("aws:iam/role:Role")
                .filter((r) => r.inputs.name.startsWith("datasharing-publish-"))
                .map((role) => [role.state.arn, run.policyOf(run.ofType("aws:iam/rolePolicy:RolePolicy").find((p) => p.name === role.name)!)]),
        );
        keyArn = run.ofType("aws:kms/key:Key").find((k) => k.name === "published")!.state.arn;
    });

    const can = (principal: string, action: string, resource: string, context: Record<string, string> = {}, resourcePolicy?: unknown): Promise<Decision> =>
        decide({ principal, action, resource, resourceAccount: PRODUCER, identityPolicies: [policies[principal]], resourcePolicy, context });

    it("runs one job per published product on its schedule, in the security configuration that uses the published key", () => {
        const jobs = run.ofType("aws:glue/job:Job").filter((j) => j.inputs.name.startsWith("datasharing-publish-"));
        assert.deepEqual(jobs.map((j) => j.inputs.name).sort(), ["datasharing-publish-market-prices", "datasharing-publish-sales-insights"]);
        const triggers = Object.fromEntries(run.ofType("aws:glue/trigger:Trigger").map((t) => [t.inputs.name, t.inputs]));
        assert.equal(triggers["datasharing-publish-sales-insights"].schedule, "cron(0 5 * * ? *)");
        assert.equal(triggers["datasharing-publish-market-prices"].schedule, "cron(0 6 * * ? *)");
        assert.equal(triggers["datasharing-publish-sales-insights"].type, "SCHEDULED");
        const config = run.ofType("aws:glue/securityConfiguration:SecurityConfiguration").find((c) => c.inputs.name === "datasharing-publishing")!;
        assert.equal(config.inputs.encryptionConfiguration.s3Encryption.kmsKeyArn, keyArn);
        assert.equal(config.inputs.encryptionConfiguration.cloudwatchEncryption.kmsKeyArn, keyArn);
        for (const job of jobs) {
            assert.equal(job.inputs.securityConfiguration, "datasharing-publishing");
            assert.equal(job.inputs.defaultArguments["--published_key_arn"], keyArn);
        }
        const key = run.policyOf(run.ofType("aws:kms/key:Key").find((k) => k.name === "published")!);
        assert.ok(
            key.Statement.some((s: any) => s.Sid === "CloudWatchLogsEncryptGlueLogs"),
            "Glue's logs may be encrypted with the published key",
        );
    });

    it("passes each job the product's declared tables with their PII marks: the job drops them", () => {
        const job = run.ofType("aws:glue/job:Job").find((j) => j.inputs.name === "datasharing-publish-sales-insights")!;
        const tables = JSON.parse(job.inputs.defaultArguments["--tables"]);
        assert.deepEqual(
            tables.map((t: any) => t.name),
            ["customers", "clean_cards", "clean_sales"],
        );
        assert.deepEqual(
            tables[0].columns.filter((c: any) => c.pii).map((c: any) => c.name),
            ["address", "email"],
        );
        assert.equal(job.inputs.defaultArguments["--source_database"], "db1");
    });

    it("lets a job's role read the metadata of its own source tables only", async () => {
        assert.equal(await can(SALES_ROLE, "glue:GetTable", glue("table/db1/customers")), "Allowed");
        assert.equal(await can(SALES_ROLE, "glue:GetTable", glue("table/db1/cards")), "ImplicitlyDenied", "the raw cards with full card numbers");
        assert.equal(
            await can(SALES_ROLE, "glue:GetTable", glue("table/datasharing_market_prices/daily_prices")),
            "ImplicitlyDenied",
            "another product's table",
        );
        assert.equal(await can(PRICES_ROLE, "glue:GetTable", glue("table/datasharing_market_prices/daily_prices")), "Allowed");
        assert.equal(await can(PRICES_ROLE, "glue:GetTable", glue("table/db1/customers")), "ImplicitlyDenied", "another product's table");
    });

    it("gives a job's role Lake Formation SELECT on exactly its product's source tables", () => {
        const access = lakeFormationAccess([{ accountId: PRODUCER, resources: run.resources }]);
        const selects = (role: string) =>
            access
                .filter((a) => a.principal === role && a.permission === "SELECT")
                .map((a) => `${a.database}.${a.table}`)
                .sort();
        assert.deepEqual(selects(SALES_ROLE), ["db1.clean_cards", "db1.clean_sales", "db1.customers"]);
        assert.deepEqual(selects(PRICES_ROLE), ["datasharing_market_prices.daily_prices"]);
        assert.ok(access.filter((a) => a.principal === SALES_ROLE || a.principal === PRICES_ROLE).every((a) => !a.grantable));
    });

    it("reads no lake object itself: Lake Formation vends the credentials for what it granted", async () => {
        assert.equal(await can(SALES_ROLE, "s3:GetObject", `${LAKE}/customers/customers.csv`), "ImplicitlyDenied");
        assert.equal(await can(SALES_ROLE, "lakeformation:GetDataAccess", "*"), "Allowed");
    });

    it("lets a job's role write only its product's folder of Published Datasets, with the published key through S3", async () => {
        assert.equal(await can(SALES_ROLE, "s3:PutObject", `${PUBLISHED}/sales_insights/customers/snapshot=2026-11-20/part-0.parquet`), "Allowed");
        assert.equal(await can(SALES_ROLE, "s3:PutObject", `${PUBLISHED}/sales_insights/_manifests/2026-11-20/_manifest.json`), "Allowed");
        assert.equal(await can(SALES_ROLE, "s3:PutObject", `${PUBLISHED}/market_prices/daily_prices/snapshot=2026-11-20/x.parquet`), "ImplicitlyDenied");
        assert.equal(await can(SALES_ROLE, "s3:PutObject", `${PUBLISHED}/transaction_logs/transaction_log/batch.jsonl`), "ImplicitlyDenied");
        assert.equal(await can(SALES_ROLE, "s3:PutObject", `${PUBLISHED}/sales_insights_v2/x`), "ImplicitlyDenied", "a product whose name starts alike");
        assert.equal(await can(SALES_ROLE, "s3:DeleteObject", `${PUBLISHED}/market_prices/_manifests/2026-11-20/_manifest.json`), "ImplicitlyDenied");
        assert.equal(await can(SALES_ROLE, "s3:PutObject", `${LAKE}/clean_sales/x.parquet`), "ImplicitlyDenied", "never the lake");
        assert.equal(await can(SALES_ROLE, "s3:ListBucket", PUBLISHED, { "s3:prefix": "sales_insights/customers/" }), "Allowed");
        assert.equal(await can(SALES_ROLE, "s3:ListBucket", PUBLISHED, { "s3:prefix": "market_prices/" }), "ImplicitlyDenied");
        // KMS decides with the key's policy, which leaves its account's principals to their IAM policies.
        const keyPolicy = run.policyOf(run.ofType("aws:kms/key:Key").find((k) => k.name === "published")!);
        assert.equal(await can(SALES_ROLE, "kms:GenerateDataKey", keyArn, { "kms:ViaService": "s3.eu-west-1.amazonaws.com" }, keyPolicy), "Allowed");
        assert.equal(await can(SALES_ROLE, "kms:Decrypt", keyArn, { "kms:ViaService": "glue.eu-west-1.amazonaws.com" }, keyPolicy), "ImplicitlyDenied");
    });

    it("gives market_prices a database of its own in the lake, over CSV files the pricing team writes", () => {
        const database = run.ofType("aws:glue/catalogDatabase:CatalogDatabase").find((d) => d.inputs.name === "datasharing_market_prices")!;
        assert.deepEqual(database.inputs.createTableDefaultPermissions, []);
        const table: CapturedResource = run.ofType("aws:glue/catalogTable:CatalogTable").find((t) => t.inputs.databaseName === "datasharing_market_prices")!;
        assert.equal(table.inputs.name, "daily_prices");
        assert.equal(table.inputs.storageDescriptor.location, "s3://datasharing-lake-111111111111-eu-west-1/landing/market_prices/daily_prices/");
        assert.deepEqual(table.inputs.storageDescriptor.columns, [
            { name: "price_date", type: "string" },
            { name: "product_code", type: "string" },
            { name: "price", type: "string" },
        ]);
        assert.equal(table.inputs.parameters["skip.header.line.count"], "1");
    });
});
