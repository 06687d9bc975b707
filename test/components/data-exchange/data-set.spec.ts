import { strict as assert } from "assert";
import { dataGrantName } from "../../../components/data-exchange/data-grant";
import { ProductDataSet, ProductDataSetArgs } from "../../../components/data-exchange/data-set";
import { importBucketStatements, importKeyGrants } from "../../../components/data-exchange/policies";
import { AccountNames } from "../../../core/naming";
import { bucketPolicy } from "../../../core/policy/bucket-policy";
import { keyPolicy } from "../../../core/policy/key-policy";
import { decide } from "../../support/iam";
import { StackRun, runProgram } from "../../support/run-stack";

const REGION = "eu-west-1";
const OWNER = "333333333333";
const names = new AccountNames("datasharing", { accountId: OWNER, region: REGION });
const BUCKET_NAME = names.bucket("external-published");
const BUCKET_ARN = names.bucketArn(BUCKET_NAME);
const KEY = `arn:aws:kms:${REGION}:${OWNER}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const DEPLOYER = `arn:aws:iam::${OWNER}:role/datasharing-deployer`;
const target = { accountId: OWNER, region: REGION, roleArn: DEPLOYER };

const base: ProductDataSetArgs = {
    names,
    target,
    bucketName: BUCKET_NAME,
    product: { name: "audit_reports", objects: ["2024/q1.pdf", "2024/q2.pdf"] },
    grants: [
        { consumer: "auditor", accountId: "444444444444", endsAt: new Date("2027-07-01T00:00:00Z") },
        { consumer: "regulator", accountId: "555555555555" },
    ],
};

function sharingAccount(args: Partial<ProductDataSetArgs> = {}): Promise<StackRun> {
    return runProgram(
        () => {
            new ProductDataSet("audit-reports", { ...base, ...args });
            return {};
        },
        { accountId: OWNER, region: REGION },
    );
}

describe("ProductDataSet", () => {
    let run: StackRun;
    before(async () => {
        run = await sharingAccount();
        assert.deepEqual(run.errors, []);
    });

    it("publishes the product as a data set of S3 snapshots", () => {
        const dataSet = run.one("aws:dataexchange/dataSet:DataSet");
        assert.equal(dataSet.inputs.assetType, "S3_SNAPSHOT");
        assert.equal(dataSet.inputs.name, "datasharing-audit-reports");
        assert.match(dataSet.inputs.description, /audit_reports/);
    });

    it("imports each listed object of the product's prefix from the sharing bucket into one finalized revision", () => {
        const revision = run.one("aws:dataexchange/revisionAssets:RevisionAssets");
        assert.equal(revision.inputs.dataSetId, run.one("aws:dataexchange/dataSet:DataSet").id);
        assert.deepEqual(
            revision.inputs.assets.map((a: any) => a.importAssetsFromS3.assetSource),
            [
                { bucket: BUCKET_NAME, key: "audit_reports/2024/q1.pdf" },
                { bucket: BUCKET_NAME, key: "audit_reports/2024/q2.pdf" },
            ],
        );
        assert.equal(revision.inputs.finalized, true);
        assert.equal(revision.inputs.forceDestroy, true);
        assert.equal(run.ofType("aws:dataexchange/revision:Revision").length, 0, "an empty Revision would carry no asset");
    });

    it("grants the data set to each consumer's account, with its end date, after the revision is final", () => {
        const grants = run.ofType("pulumi-nodejs:dynamic/datasharing:DataGrant");
        const dataSetId = run.one("aws:dataexchange/dataSet:DataSet").id;
        const revision = run.one("aws:dataexchange/revisionAssets:RevisionAssets");
        const byReceiver = Object.fromEntries(grants.map((g) => [g.inputs.receiverAccountId, g.inputs]));
        assert.deepEqual(Object.keys(byReceiver).sort(), ["444444444444", "555555555555"]);
        assert.equal(byReceiver["444444444444"].endsAt, "2027-07-01T00:00:00.000Z");
        assert.equal(byReceiver["555555555555"].endsAt, undefined, "open-ended access");
        assert.equal(byReceiver["444444444444"].name, dataGrantName(names, "audit_reports", "auditor"));
        for (const g of grants) {
            assert.equal(g.inputs.sourceDataSetId, dataSetId);
            assert.deepEqual(g.inputs.target, target);
            assert.ok(g.options.dependencies.some((urn) => urn.endsWith(`RevisionAssets::${revision.name}`)), "granted after the revision");
            assert.ok(g.options.parent.endsWith("ProductDataSet::audit-reports"));
        }
    });

    it("creates no revision and no grant while no object is listed: there is nothing to entitle to yet", async () => {
        const empty = await sharingAccount({ product: { name: "audit_reports" } });
        assert.deepEqual(empty.errors, []);
        assert.equal(empty.one("aws:dataexchange/dataSet:DataSet").inputs.assetType, "S3_SNAPSHOT");
        assert.equal(empty.ofType("aws:dataexchange/revisionAssets:RevisionAssets").length, 0);
        assert.equal(empty.ofType("pulumi-nodejs:dynamic/datasharing:DataGrant").length, 0);
    });

    it("refuses object keys that leave the product's prefix, and a consumer granted twice", async () => {
        for (const bad of ["../secrets/x.csv", "/2024/q1.pdf", "2024/*", "2024/"]) {
            const run = await sharingAccount({ product: { name: "audit_reports", objects: [bad] } });
            assert.match(run.errors.join("\n"), /give one object's key relative to the product's prefix/, bad);
        }
        const twice = await sharingAccount({ grants: [base.grants![0], base.grants![0]] });
        assert.match(twice.errors.join("\n"), /data product audit_reports: consumer auditor is granted twice/);
    });
});

describe("Data Exchange import: what the bucket and key allow the importing role", () => {
    const bucket = bucketPolicy(BUCKET_ARN, importBucketStatements([DEPLOYER], BUCKET_ARN, ["audit_reports"]));
    const key = keyPolicy(OWNER, importKeyGrants([DEPLOYER], REGION));
    const read = (principal: string, objectKey: string, context: Record<string, string | string[]>) =>
        decide({ principal, action: "s3:GetObject", resource: `${BUCKET_ARN}/${objectKey}`, resourceAccount: OWNER, resourcePolicy: bucket, context: { "aws:SecureTransport": "true", ...context } });

    it("lets the deployment role read the product's objects when Data Exchange reads for it", async () => {
        assert.equal(await read(DEPLOYER, "audit_reports/2024/q1.pdf", { "aws:CalledVia": ["dataexchange.amazonaws.com"] }), "Allowed");
    });

    it("not directly, not through another service, not outside the product's prefix, not another role", async () => {
        assert.equal(await read(DEPLOYER, "audit_reports/2024/q1.pdf", {}), "ImplicitlyDenied");
        assert.equal(await read(DEPLOYER, "audit_reports/2024/q1.pdf", { "aws:CalledVia": ["athena.amazonaws.com"] }), "ImplicitlyDenied");
        assert.equal(await read(DEPLOYER, "sales_insights/p.parquet", { "aws:CalledVia": ["dataexchange.amazonaws.com"] }), "ImplicitlyDenied");
        assert.equal(await read(`arn:aws:iam::${OWNER}:role/other`, "audit_reports/2024/q1.pdf", { "aws:CalledVia": ["dataexchange.amazonaws.com"] }), "ImplicitlyDenied");
        assert.equal(await read(DEPLOYER, "audit_reports/2024/q1.pdf", { "aws:CalledVia": ["dataexchange.amazonaws.com"], "aws:SecureTransport": "false" }), "ExplicitlyDenied");
    });

    it("lets it decrypt the bucket's key only when S3 asks", async () => {
        const decrypt = (via?: string) => decide({ principal: DEPLOYER, action: "kms:Decrypt", resource: KEY, resourceAccount: OWNER, resourcePolicy: key, context: via ? { "kms:ViaService": via } : {} });
        assert.equal(await decrypt(`s3.${REGION}.amazonaws.com`), "Allowed");
        assert.equal(await decrypt(), "ImplicitlyDenied");
        assert.equal(await decrypt(`glue.${REGION}.amazonaws.com`), "ImplicitlyDenied");
    });

    it("adds nothing when no importing role is declared", () => {
        assert.deepEqual(importBucketStatements([], BUCKET_ARN, ["audit_reports"]), []);
        assert.deepEqual(importKeyGrants([], REGION), []);
    });
});
