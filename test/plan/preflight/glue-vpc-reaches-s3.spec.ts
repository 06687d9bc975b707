import { strict as assert } from "assert";
import { glueVpcReachesS3 } from "../../../plan/preflight/rules/glue-vpc-reaches-s3";
import { FixtureResource, fixtureStack, violations } from "../../support/preflight";

const S3_LIST = "pl-6da54004";
const lookups = [
    {
        token: "aws:ec2/getPrefixList:getPrefixList",
        inputs: { name: "com.amazonaws.eu-west-1.s3" },
        result: { id: S3_LIST, name: "com.amazonaws.eu-west-1.s3" },
    },
];
const INSIDE_VPC = { protocol: "tcp", fromPort: 0, toPort: 65535, cidrBlocks: ["10.10.0.0/16"] };
const SELF = { protocol: "-1", fromPort: 0, toPort: 0, self: true };

const securityGroup = (egress: unknown[]): FixtureResource => ({
    type: "aws:ec2/securityGroup:SecurityGroup",
    name: "glue-sg",
    inputs: { name: "glue-sg", egress },
});
const connection = (securityGroupIds = ["glue-sg"]): FixtureResource => ({
    type: "aws:glue/connection:Connection",
    name: "source",
    inputs: {
        name: "copy-source",
        connectionType: "JDBC",
        physicalConnectionRequirements: { subnetId: "subnet-1", availabilityZone: "eu-west-1a", securityGroupIdLists: securityGroupIds },
    },
});
const job: FixtureResource = { type: "aws:glue/job:Job", name: "copy", inputs: { name: "copy-transaction-logs", connections: ["copy-source"] } };
const producer = (resources: FixtureResource[]) => [{ ...fixtureStack("producer", "111111111111", resources), lookups }];

describe("preflight: glue-vpc-reaches-s3", () => {
    it("refuses a Glue connection whose security group lets traffic out only inside the VPC (option B's copy job before the fix)", () => {
        const found = violations(glueVpcReachesS3, producer([securityGroup([SELF, INSIDE_VPC]), connection(), job]));
        assert.equal(found.length, 1);
        assert.equal(found[0].resource, "aws:glue/connection:Connection source");
        assert.match(found[0].message, /no security group \(glue-sg\) allows HTTPS \(443\) out to the S3 prefix list or 0\.0\.0\.0\/0/);
        assert.match(found[0].message, /job copy-transaction-logs/);
    });

    it("accepts HTTPS to the region's S3 prefix list, inline or as a separate egress rule, or all traffic out", () => {
        const toS3 = { protocol: "tcp", fromPort: 443, toPort: 443, prefixListIds: [S3_LIST] };
        assert.deepEqual(violations(glueVpcReachesS3, producer([securityGroup([SELF, INSIDE_VPC, toS3]), connection(), job])), []);
        assert.deepEqual(
            violations(glueVpcReachesS3, producer([securityGroup([{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }]), connection()])),
            [],
        );
        const rule: FixtureResource = {
            type: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
            name: "s3",
            inputs: { securityGroupId: "glue-sg", ipProtocol: "tcp", fromPort: 443, toPort: 443, prefixListId: S3_LIST },
        };
        assert.deepEqual(violations(glueVpcReachesS3, producer([securityGroup([SELF]), rule, connection()])), []);
    });

    it("refuses another prefix list, or S3's on a port other than 443", () => {
        const other = { protocol: "tcp", fromPort: 443, toPort: 443, prefixListIds: ["pl-0000000000corp"] };
        assert.equal(violations(glueVpcReachesS3, producer([securityGroup([other]), connection()])).length, 1);
        const wrongPort = { protocol: "tcp", fromPort: 80, toPort: 80, prefixListIds: [S3_LIST] };
        assert.equal(violations(glueVpcReachesS3, producer([securityGroup([wrongPort]), connection()])).length, 1);
    });

    it("leaves alone connections outside a VPC and security groups no stack creates (it cannot see their rules)", () => {
        const network = { type: "aws:glue/connection:Connection", name: "s3", inputs: { name: "n", connectionType: "NETWORK" } };
        assert.deepEqual(violations(glueVpcReachesS3, producer([network])), []);
        assert.deepEqual(violations(glueVpcReachesS3, producer([connection(["sg-existing"])])), []);
    });
});
