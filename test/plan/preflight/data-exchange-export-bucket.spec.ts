import { strict as assert } from "assert";
import { dataExchangeExportStatement } from "../../../patterns/data-exchange/auto-export";
import { bucketPolicy } from "../../../core/policy/bucket-policy";
import { dataExchangeExportBucket } from "../../../plan/preflight/rules/data-exchange-export-bucket";
import { FixtureResource, fixtureStack, violations } from "../../support/preflight";

const ACCOUNT = "555555555555";
const BUCKET = `datasharing-data-exchange-exports-${ACCOUNT}-eu-west-1`;
const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";

const policyResource = (statements = [dataExchangeExportStatement(`arn:aws:s3:::${BUCKET}`, ACCOUNT)]): FixtureResource => ({
    type: BUCKET_POLICY,
    name: "exports",
    inputs: { bucket: BUCKET, policy: JSON.stringify(bucketPolicy(`arn:aws:s3:::${BUCKET}`, statements)) },
});
const action = (dependsOn: string[] = []): FixtureResource => ({
    type: "aws:dataexchange/eventAction:EventAction",
    name: "exports-market_prices",
    inputs: {
        event: { revisionPublished: { dataSetId: "ds-1" } },
        action: { exportRevisionToS3: { revisionDestination: { bucket: BUCKET, keyPattern: "${Asset.Name}" } } },
    },
    dependsOn,
});

describe("preflight: data-exchange-export-bucket", () => {
    it("refuses an auto-export created before the bucket policy that admits Data Exchange (its test object would be refused)", () => {
        const found = violations(dataExchangeExportBucket, [fixtureStack("consumer-supplier", ACCOUNT, [policyResource(), action()])]);
        assert.equal(found.length, 1);
        assert.match(found[0].message, /without waiting for the bucket policy that admits dataexchange.amazonaws.com/);
    });

    it("refuses an auto-export into a bucket whose policy does not admit Data Exchange", () => {
        const found = violations(dataExchangeExportBucket, [
            fixtureStack("consumer-supplier", ACCOUNT, [policyResource([]), action([`${BUCKET_POLICY}::exports`])]),
        ]);
        assert.match(found[0].message, /does not let dataexchange.amazonaws.com put objects in it/);
    });

    it("accepts an auto-export that waits for the policy admitting Data Exchange", () => {
        assert.deepEqual(
            violations(dataExchangeExportBucket, [fixtureStack("consumer-supplier", ACCOUNT, [policyResource(), action([`${BUCKET_POLICY}::exports`])])]),
            [],
        );
    });
});
