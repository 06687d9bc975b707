import { strict as assert } from "assert";
import { redshiftEndpointRelocation } from "../../../plan/preflight/rules/redshift-endpoint-relocation";
import { FixtureResource, fixtureStack, violations } from "../../support/preflight";

const PRODUCER = "111111111111";
const EXTERNAL = "333333333333";
const cluster = (inputs: Record<string, unknown>): FixtureResource => ({
    type: "aws:redshift/cluster:Cluster",
    name: "warehouse",
    inputs: {
        clusterIdentifier: "datasharing-warehouse",
        nodeType: "ra3.large",
        publiclyAccessible: false,
        availabilityZoneRelocationEnabled: true,
        ...inputs,
    },
});
const authorization: FixtureResource = {
    type: "aws:redshift/endpointAuthorization:EndpointAuthorization",
    name: "copy",
    inputs: { account: PRODUCER, clusterIdentifier: "datasharing-warehouse" },
};
const access: FixtureResource = {
    type: "aws:redshift/endpointAccess:EndpointAccess",
    name: "copy",
    inputs: { endpointName: "copy", clusterIdentifier: "datasharing-warehouse", resourceOwner: EXTERNAL, subnetGroupName: "g" },
};
const stacks = (clusterInputs: Record<string, unknown>) => [
    fixtureStack("external", EXTERNAL, [cluster(clusterInputs), authorization]),
    fixtureStack("producer", PRODUCER, [access]),
];

describe("preflight: redshift-endpoint-relocation", () => {
    it("refuses a cross-account managed endpoint to a cluster without relocation (option B's external warehouse before the fix), on both sides", () => {
        const found = violations(redshiftEndpointRelocation, stacks({ availabilityZoneRelocationEnabled: undefined }));
        assert.deepEqual(
            found.map((v) => [v.stack, v.resource]),
            [
                ["external", "aws:redshift/endpointAuthorization:EndpointAuthorization copy"],
                ["producer", "aws:redshift/endpointAccess:EndpointAccess copy"],
            ],
        );
        assert.match(found[0].message, /cluster datasharing-warehouse has cluster relocation off/);
    });

    it("refuses a cluster that is not RA3, is publicly accessible, or listens outside relocation's ports", () => {
        assert.match(violations(redshiftEndpointRelocation, stacks({ nodeType: "dc2.large" }))[0].message, /is dc2\.large, not an RA3 node type/);
        assert.match(violations(redshiftEndpointRelocation, stacks({ publiclyAccessible: true }))[0].message, /is publicly accessible/);
        assert.match(violations(redshiftEndpointRelocation, stacks({ port: 5999 }))[0].message, /port 5999 is outside 5431-5455 and 8191-8215/);
    });

    it("accepts an RA3 cluster with relocation on, and leaves alone clusters no stack creates", () => {
        assert.deepEqual(violations(redshiftEndpointRelocation, stacks({})), []);
        assert.deepEqual(
            violations(redshiftEndpointRelocation, [fixtureStack("external", EXTERNAL, [authorization]), fixtureStack("producer", PRODUCER, [access])]),
            [],
        );
    });
});
