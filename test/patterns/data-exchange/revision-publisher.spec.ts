import { strict as assert } from "assert";
import { RevisionPublisher, SWEEP_SCHEDULE } from "../../../patterns/data-exchange/revision-publisher";
import { revisionFunctionPolicy } from "../../../patterns/data-exchange/policies";
import { AccountNames } from "../../../core/naming";
import { keyPolicy } from "../../../core/policy/key-policy";
import { decide } from "../../support/iam";
import { StackRun, runProgram } from "../../support/run-stack";

const REGION = "eu-west-1";
const OWNER = "333333333333";
const names = new AccountNames("datasharing", { accountId: OWNER, region: REGION });
const BUCKET = names.bucket("external-published");
const BUCKET_ARN = names.bucketArn(BUCKET);
const KEY = `arn:aws:kms:${REGION}:${OWNER}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const ROLE = `arn:aws:iam::${OWNER}:role/datasharing-data-exchange-revisions`;
const dataSet = (id: string) => `arn:aws:dataexchange:${REGION}:${OWNER}:data-sets/${id}`;

describe("RevisionPublisher", () => {
    let run: StackRun;
    before(async () => {
        run = await runProgram(
            () => {
                new RevisionPublisher("revisions", {
                    names,
                    bucket: { name: BUCKET, arn: BUCKET_ARN, keyArn: KEY },
                    products: [{ name: "market_prices", dataSetId: "ds-prices", retainRevisions: 7 }],
                    protect: false,
                });
                return {};
            },
            { accountId: OWNER, region: REGION },
        );
        assert.deepEqual(run.errors, []);
    });

    it("is invoked by the bucket for each product's manifests, once S3 may invoke it", () => {
        const notification = run.one("aws:s3/bucketNotification:BucketNotification");
        const permission = run.one("aws:lambda/permission:Permission", "revisions-s3");
        assert.deepEqual(
            [permission.inputs.principal, permission.inputs.action, permission.inputs.sourceArn, permission.inputs.sourceAccount],
            ["s3.amazonaws.com", "lambda:InvokeFunction", BUCKET_ARN, OWNER],
        );
        assert.ok(
            notification.options.dependencies.some((urn) => urn.endsWith(`Permission::${permission.name}`)),
            "S3 validates the destination when it saves the configuration",
        );
        assert.deepEqual(
            notification.inputs.lambdaFunctions.map((f: any) => [f.filterPrefix, f.filterSuffix]),
            [["market_prices/_manifests/", "_manifest.json"]],
        );
    });

    it("knows each product's data set and retention, and also runs hourly for what was not complete", () => {
        const fn = run.one("aws:lambda/function:Function");
        assert.deepEqual(JSON.parse(fn.inputs.environment.variables.PRODUCTS), { market_prices: { dataSetId: "ds-prices", retainRevisions: 7 } });
        assert.equal(fn.inputs.environment.variables.BUCKET, BUCKET);
        assert.equal(run.one("aws:cloudwatch/eventRule:EventRule").inputs.scheduleExpression, SWEEP_SCHEDULE);
    });
});

describe("Revision function's role", () => {
    const policy = revisionFunctionPolicy({ names, bucketArn: BUCKET_ARN, keyArn: KEY, products: [{ name: "market_prices", dataSetId: "ds-prices" }] });
    const can = (action: string, resource: string, context: Record<string, string | string[]> = {}, resourcePolicy?: unknown) =>
        decide({ principal: ROLE, action, resource, resourceAccount: OWNER, identityPolicies: [policy], resourcePolicy, context });

    it("makes, finalizes and revokes revisions of its products' data sets only", async () => {
        assert.equal(await can("dataexchange:CreateRevision", dataSet("ds-prices")), "Allowed");
        assert.equal(await can("dataexchange:CreateRevision", dataSet("ds-other")), "ImplicitlyDenied");
        assert.equal(await can("dataexchange:UpdateRevision", `${dataSet("ds-prices")}/revisions/r1`), "Allowed");
        assert.equal(await can("dataexchange:RevokeRevision", `${dataSet("ds-other")}/revisions/r1`), "ImplicitlyDenied");
        assert.equal(await can("dataexchange:DeleteDataSet", dataSet("ds-prices")), "ImplicitlyDenied");
    });

    it("runs import jobs, and no export job", async () => {
        const job = `arn:aws:dataexchange:${REGION}:${OWNER}:jobs/j1`;
        assert.equal(await can("dataexchange:CreateJob", job, { "dataexchange:JobType": "IMPORT_ASSETS_FROM_S3" }), "Allowed");
        assert.equal(await can("dataexchange:CreateJob", job, { "dataexchange:JobType": "EXPORT_REVISIONS_TO_S3" }), "ImplicitlyDenied");
    });

    it("reads its products' snapshots and lists their manifests only, decrypting through S3 only", async () => {
        assert.equal(
            await can("s3:GetObject", `${BUCKET_ARN}/market_prices/daily_prices/snapshot=2026-11-20/p.parquet`, {
                "aws:CalledVia": ["dataexchange.amazonaws.com"],
            }),
            "Allowed",
        );
        assert.equal(await can("s3:GetObject", `${BUCKET_ARN}/sales_insights/customers/snapshot=2026-11-20/p.parquet`), "ImplicitlyDenied");
        assert.equal(await can("s3:ListBucket", BUCKET_ARN, { "s3:prefix": "market_prices/_manifests/" }), "Allowed");
        assert.equal(await can("s3:ListBucket", BUCKET_ARN, { "s3:prefix": "sales_insights/" }), "ImplicitlyDenied");
        assert.equal(await can("s3:PutObject", `${BUCKET_ARN}/market_prices/x`), "ImplicitlyDenied", "it never writes the bucket");
        const key = keyPolicy(OWNER);
        assert.equal(await can("kms:Decrypt", KEY, { "kms:ViaService": `s3.${REGION}.amazonaws.com` }, key), "Allowed");
        assert.equal(await can("kms:Decrypt", KEY, { "kms:ViaService": `glue.${REGION}.amazonaws.com` }, key), "ImplicitlyDenied");
    });
});
