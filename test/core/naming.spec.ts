import { strict as assert } from "assert";
import { AccountNames, NAME_RULES, partitionOf, physicalName } from "../../core/naming";

describe("naming", () => {
    const names = new AccountNames("datasharing", { accountId: "111111111111", region: "eu-west-1" });

    it("gives principals fixed names, so other accounts compute their ARNs from the topology", () => {
        assert.equal(names.role("replication"), "datasharing-replication");
        assert.equal(names.roleArn("replication"), "arn:aws:iam::111111111111:role/datasharing-replication");
        assert.equal(
            new AccountNames("datasharing", { accountId: "111111111111", region: "us-gov-west-1" }).roleArn("x"),
            "arn:aws-us-gov:iam::111111111111:role/datasharing-x",
        );
    });

    it("makes bucket names globally unique and S3-valid", () => {
        const bucket = names.bucket("Published_Datasets");
        assert.equal(bucket, "datasharing-published-datasets-111111111111-eu-west-1");
        assert.match(bucket, /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/);
        assert.equal(names.bucketArn(bucket), `arn:aws:s3:::${bucket}`);
    });

    it("keeps every kind of name inside its AWS limit, distinct and stable", () => {
        const long = "x".repeat(300);
        for (const [kind, rule] of Object.entries(NAME_RULES)) {
            const a = physicalName(kind as keyof typeof NAME_RULES, ["datasharing", long, "a"]);
            const b = physicalName(kind as keyof typeof NAME_RULES, ["datasharing", long, "b"]);
            assert.ok(a.length <= rule.max, `${kind}: ${a.length} > ${rule.max}`);
            assert.notEqual(a, b, `${kind}: truncation must not make two names collide`);
            assert.equal(a, physicalName(kind as keyof typeof NAME_RULES, ["datasharing", long, "a"]), `${kind}: deterministic`);
        }
    });

    it("uses each service's own character set", () => {
        assert.equal(names.catalog("Sales Insights"), "datasharing_sales_insights");
        assert.equal(names.keyAlias("published"), "alias/datasharing-published");
        assert.equal(physicalName("s3-bucket", ["--A_b--", "c"]), "a-b-c");
    });

    it("knows the partition of a region", () => {
        assert.equal(partitionOf("eu-west-1"), "aws");
        assert.equal(partitionOf("cn-north-1"), "aws-cn");
        assert.equal(partitionOf("us-gov-east-1"), "aws-us-gov");
    });
});
