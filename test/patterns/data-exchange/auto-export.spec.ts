import { strict as assert } from "assert";
import { EXPORT_KEY_PATTERN, RevisionAutoExport } from "../../../patterns/data-exchange/auto-export";
import { AccountNames } from "../../../core/naming";
import { decide } from "../../support/iam";
import { StackRun, runProgram } from "../../support/run-stack";

const SUPPLIER = "555555555555";
const names = new AccountNames("datasharing", { accountId: SUPPLIER, region: "eu-west-1" });
const BUCKET = names.bucket("data-exchange-exports");
const BUCKET_ARN = names.bucketArn(BUCKET);

describe("RevisionAutoExport", () => {
    let run: StackRun;
    before(async () => {
        run = await runProgram(
            () => {
                new RevisionAutoExport("exports", { names, dataSets: { market_prices: "entitled-ds-1" }, protect: false });
                return {};
            },
            { accountId: SUPPLIER, region: "eu-west-1" },
        );
        assert.deepEqual(run.errors, []);
    });

    it("exports every new revision of each received data set into the stack's bucket, encrypted with the stack's key", () => {
        const [action] = run.ofType("aws:dataexchange/eventAction:EventAction");
        const key = run.one("aws:kms/key:Key");
        assert.equal(action.inputs.event.revisionPublished.dataSetId, "entitled-ds-1");
        assert.deepEqual(action.inputs.action.exportRevisionToS3.revisionDestination, { bucket: BUCKET, keyPattern: EXPORT_KEY_PATTERN });
        assert.deepEqual(action.inputs.action.exportRevisionToS3.encryption, { type: "aws:kms", kmsKeyArn: key.state.arn });
        assert.ok(
            action.options.dependencies.some((urn) => urn.endsWith("aws:s3/bucketPolicy:BucketPolicy::exports")),
            "after the bucket policy admitting Data Exchange",
        );
    });

    it("lets Data Exchange write into the bucket for this account's jobs only, over TLS", async () => {
        const policy = run.policyOf(run.one("aws:s3/bucketPolicy:BucketPolicy"));
        const put = (context: Record<string, string>, principal = "dataexchange.amazonaws.com") =>
            decide({
                principal,
                action: "s3:PutObject",
                resource: `${BUCKET_ARN}/market_prices/daily_prices/snapshot=2026-11-20/part-0.parquet`,
                resourceAccount: SUPPLIER,
                resourcePolicy: policy,
                context,
            });
        assert.equal(await put({ "aws:SourceAccount": SUPPLIER, "aws:SecureTransport": "true" }), "Allowed");
        assert.equal(await put({ "aws:SourceAccount": "999999999999", "aws:SecureTransport": "true" }), "ImplicitlyDenied", "an export job of another account");
        assert.equal(await put({ "aws:SourceAccount": SUPPLIER, "aws:SecureTransport": "true" }, "glue.amazonaws.com"), "ImplicitlyDenied");
        assert.equal(await put({ "aws:SourceAccount": SUPPLIER, "aws:SecureTransport": "false" }), "ExplicitlyDenied");
    });
});
