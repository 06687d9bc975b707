import { strict as assert } from "assert";
import { glueConnectionAvailabilityZone } from "../../../plan/preflight/rules/glue-connection-availability-zone";
import { fixtureStack, violations } from "../../support/preflight";

const connection = (requirements: Record<string, unknown> | undefined) => ({
    type: "aws:glue/connection:Connection",
    name: "target",
    inputs: { name: "copy-target", connectionType: "JDBC", physicalConnectionRequirements: requirements },
});

describe("preflight: glue-connection-availability-zone", () => {
    it("refuses a Glue connection placed in a subnet without the subnet's Availability Zone (option B's connections before the fix)", () => {
        const found = violations(glueConnectionAvailabilityZone, [
            fixtureStack("producer", "111111111111", [connection({ subnetId: "subnet-1", securityGroupIdLists: ["sg-1"] })]),
        ]);
        assert.equal(found.length, 1);
        assert.match(found[0].message, /is placed in subnet subnet-1 but names no availabilityZone/);
    });

    it("accepts one with its Availability Zone, and a connection outside any VPC", () => {
        const stacks = [
            fixtureStack("producer", "111111111111", [
                connection({ subnetId: "subnet-1", availabilityZone: "eu-west-1a", securityGroupIdLists: ["sg-1"] }),
                { ...connection(undefined), name: "other" },
            ]),
        ];
        assert.deepEqual(violations(glueConnectionAvailabilityZone, stacks), []);
    });
});
