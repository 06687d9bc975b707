import { strict as assert } from "assert";
import { ConsumerAccessPoint } from "../../../patterns/access-point/consumer-access-point";
import { consumersDecryptThroughS3, delegateToOwnAccessPoints } from "../../../patterns/access-point/delegation";
import { AccessPointConsumer } from "../../../patterns/access-point/policies";
import { PublishedDatasets } from "../../../components/published-datasets/index";
import { AccountNames } from "../../../core/naming";
import { allow, decide } from "../../support/iam";
import { StackRun, runProgram } from "../../support/run-stack";

const REGION = "eu-west-1";
const OWNER = "333333333333";
const names = new AccountNames("datasharing", { accountId: OWNER, region: REGION });
const BUCKET_NAME = names.bucket("external-published");
const BUCKET_ARN = names.bucketArn(BUCKET_NAME);

const auditor: AccessPointConsumer = {
    name: "auditor",
    accountId: "444444444444",
    principals: ["arn:aws:iam::444444444444:role/audit-reader", "arn:aws:iam::444444444444:role/audit-lead"],
    prefixes: ["audit_reports"],
};
const supplier: AccessPointConsumer = {
    name: "supplier",
    accountId: "555555555555",
    principals: ["arn:aws:iam::555555555555:role/supplier-reader"],
    prefixes: ["sales_insights", "forecasts/"],
};
const CONSUMER_VPC = "vpc-0a1b2c3d4e5f67890";

/** The external account's wiring of pattern 6: the published bucket with its delegation, and one access point per consumer. */
function sharingAccount(consumers: readonly AccessPointConsumer[], vpcs: Record<string, string> = {}): Promise<StackRun> {
    return runProgram(
        () => {
            const published = new PublishedDatasets("external-published", {
                names,
                purpose: "external-published",
                description: "External Published Datasets",
                bucketStatements: delegateToOwnAccessPoints(BUCKET_ARN, OWNER),
                keyGrants: consumersDecryptThroughS3(consumers, REGION),
                protect: true,
            });
            for (const consumer of consumers) {
                new ConsumerAccessPoint(`ap-${consumer.name}`, { names, bucketName: published.bucket.bucketName, consumer, vpcId: vpcs[consumer.name] });
            }
            return {};
        },
        { accountId: OWNER, region: REGION },
    );
}

describe("ConsumerAccessPoint", () => {
    let run: StackRun;
    before(async () => {
        run = await sharingAccount([auditor, supplier], { supplier: CONSUMER_VPC });
        assert.deepEqual(run.errors, []);
    });

    const accessPoints = () => run.ofType("aws:s3/accessPoint:AccessPoint");
    const accessPointOf = (c: AccessPointConsumer) => accessPoints().find((ap) => ap.inputs.name === names.accessPoint(c.name))!;

    it("creates one access point per consumer, on the sharing bucket, named from the topology", () => {
        assert.deepEqual(
            accessPoints()
                .map((ap) => ap.inputs.name)
                .sort(),
            ["datasharing-auditor", "datasharing-supplier"],
        );
        for (const ap of accessPoints()) {
            assert.equal(ap.inputs.bucket, BUCKET_NAME);
            assert.equal(ap.inputs.bucketAccountId, OWNER);
        }
    });

    it("writes a policy naming that consumer alone: its account and declared roles, none of the other's", () => {
        for (const [mine, other] of [
            [auditor, supplier],
            [supplier, auditor],
        ]) {
            const text = accessPointOf(mine).inputs.policy as string;
            for (const role of mine.principals) {
                assert.ok(text.includes(role), `${mine.name}'s policy should name ${role}`);
            }
            assert.ok(!text.includes(other.accountId), `${mine.name}'s policy names ${other.name}'s account`);
            for (const role of other.principals) {
                assert.ok(!text.includes(role), `${mine.name}'s policy names ${role}`);
            }
        }
    });

    it("lets each declared role read through the deployed policy, and nobody else", async () => {
        const ap = accessPointOf(auditor);
        const arn = names.accessPointArn(ap.inputs.name);
        const ask = (principal: string, key: string) =>
            decide({
                principal,
                action: "s3:GetObject",
                resource: `${arn}/object/${key}`,
                resourceAccount: OWNER,
                identityPolicies: [allow(["s3:*"], ["*"])],
                resourcePolicy: run.policyOf(ap),
                context: { "aws:PrincipalArn": principal, "aws:SecureTransport": "true" },
            });
        for (const role of auditor.principals) {
            assert.equal(await ask(role, "audit_reports/2024.pdf"), "Allowed");
        }
        assert.equal(await ask(supplier.principals[0], "audit_reports/2024.pdf"), "ImplicitlyDenied");
        assert.equal(await ask(auditor.principals[0], "forecasts/2025.csv"), "ImplicitlyDenied");
    });

    it("blocks all public access on each access point", () => {
        for (const ap of accessPoints()) {
            assert.deepEqual(ap.inputs.publicAccessBlockConfiguration, {
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            });
        }
    });

    it("restricts the network origin to the consumer's VPC only when the consumer gives one", () => {
        assert.deepEqual(accessPointOf(supplier).inputs.vpcConfiguration, { vpcId: CONSUMER_VPC });
        assert.equal(accessPointOf(auditor).inputs.vpcConfiguration, undefined);
    });

    it("leaves the bucket policy naming no consumer, TLS-only deny first, delegation after", () => {
        const policy = run.policyOf(run.one("aws:s3/bucketPolicy:BucketPolicy"));
        const text = JSON.stringify(policy);
        for (const c of [auditor, supplier]) {
            assert.ok(!text.includes(c.accountId), `bucket policy names ${c.name}'s account`);
            assert.ok(!c.principals.some((p) => text.includes(p)), `bucket policy names a role of ${c.name}`);
            assert.ok(!text.includes(c.name), `bucket policy names ${c.name}`);
        }
        assert.deepEqual(
            policy.Statement.map((s: any) => s.Sid),
            ["DenyInsecureTransport", "DelegateToOwnAccessPoints"],
        );
    });

    it("keeps the bucket policy identical whatever the consumers", async () => {
        const alone = await sharingAccount([auditor]);
        assert.deepEqual(alone.errors, []);
        assert.equal(alone.one("aws:s3/bucketPolicy:BucketPolicy").inputs.policy, run.one("aws:s3/bucketPolicy:BucketPolicy").inputs.policy);
    });

    it("parents every access point under its component", () => {
        const components = run.ofType("datasharing:access-points:ConsumerAccessPoint");
        assert.equal(components.length, 2);
        for (const ap of accessPoints()) {
            assert.ok(ap.options.parent.endsWith(`ConsumerAccessPoint::ap-${ap.inputs.tags.consumer}`), ap.options.parent);
        }
    });

    it("keeps access point names within S3's 50 characters, distinct after shortening", () => {
        const long = new AccountNames("acme-share-prod1", { accountId: OWNER, region: REGION });
        const [a, b] = [long.accessPoint("a-very-long-consumer-name-for-tests-x"), long.accessPoint("a-very-long-consumer-name-for-tests-y")];
        for (const n of [a, b]) {
            assert.ok(n.length <= 50 && /^[a-z0-9][a-z0-9-]*[a-z0-9]$/.test(n), n);
        }
        assert.notEqual(a, b);
        assert.equal(names.accessPoint("auditor"), "datasharing-auditor");
    });

    it("refuses a consumer whose declared role is in another account, naming it", async () => {
        const wrong = await sharingAccount([{ ...auditor, principals: ["arn:aws:iam::555555555555:role/audit-reader"] }]);
        assert.match(
            wrong.errors.join("\n"),
            /consumer auditor: principal arn:aws:iam::555555555555:role\/audit-reader is in account 555555555555, not the consumer's account 444444444444/,
        );
    });
});
