import { strict as assert } from "assert";
import { dataGrantName } from "../../../patterns/data-exchange/data-grant";
import { ProductDataSet, ProductDataSetArgs } from "../../../patterns/data-exchange/data-set";
import { AccountNames } from "../../../core/naming";
import { StackRun, runProgram } from "../../support/run-stack";

const REGION = "eu-west-1";
const OWNER = "333333333333";
const names = new AccountNames("datasharing", { accountId: OWNER, region: REGION });
const DEPLOYER = `arn:aws:iam::${OWNER}:role/datasharing-deployer`;
const target = { accountId: OWNER, region: REGION, roleArn: DEPLOYER };

const base: ProductDataSetArgs = {
    names,
    target,
    product: { name: "audit_reports" },
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

    // The design changed (issue 21): revisions come from each published snapshot's manifest, made by
    // the revision function, so the stack registers none, and the first deploy needs no object in the bucket.
    it("registers no revision: the data set has none until the first snapshot is published", () => {
        assert.equal(run.ofType("aws:dataexchange/revisionAssets:RevisionAssets").length, 0);
        assert.equal(run.ofType("aws:dataexchange/revision:Revision").length, 0);
    });

    it("grants the data set itself to each consumer's account, with its end date, so every revision reaches it", () => {
        const grants = run.ofType("pulumi-nodejs:dynamic/datasharing:DataGrant");
        const dataSetId = run.one("aws:dataexchange/dataSet:DataSet").id;
        const byReceiver = Object.fromEntries(grants.map((g) => [g.inputs.receiverAccountId, g.inputs]));
        assert.deepEqual(Object.keys(byReceiver).sort(), ["444444444444", "555555555555"]);
        assert.equal(byReceiver["444444444444"].endsAt, "2027-07-01T00:00:00.000Z");
        assert.equal(byReceiver["555555555555"].endsAt, undefined, "open-ended access");
        assert.equal(byReceiver["444444444444"].name, dataGrantName(names, "audit_reports", "auditor"));
        for (const g of grants) {
            assert.equal(g.inputs.sourceDataSetId, dataSetId);
            assert.deepEqual(g.inputs.target, target);
            assert.ok(g.options.parent.endsWith("ProductDataSet::audit-reports"));
        }
    });

    it("refuses a consumer granted twice", async () => {
        const twice = await sharingAccount({ grants: [base.grants![0], base.grants![0]] });
        assert.match(twice.errors.join("\n"), /data product audit_reports: consumer auditor is granted twice/);
    });
});
