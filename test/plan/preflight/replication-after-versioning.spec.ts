import { strict as assert } from "assert";
import { replicationAfterVersioning } from "../../../plan/preflight/rules/replication-after-versioning";
import { FixtureResource, fixtureStack, violations } from "../../support/preflight";

const SOURCE = "datasharing-published-111111111111-eu-west-1";
const DESTINATION = "datasharing-external-published-333333333333-eu-west-1";
const VERSIONING = "aws:s3/bucketVersioning:BucketVersioning";
const REPLICATION = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";

const versioning = (name: string, bucket: string, status = "Enabled"): FixtureResource => ({
    type: VERSIONING,
    name,
    inputs: { bucket, versioningConfiguration: { status } },
});
const replication = (extra: Partial<FixtureResource> = {}, destination = DESTINATION): FixtureResource => ({
    type: REPLICATION,
    name: "published-to-external",
    inputs: { bucket: SOURCE, rules: [{ id: "r", status: "Enabled", destination: { bucket: `arn:aws:s3:::${destination}` } }] },
    ...extra,
});
const component: FixtureResource = { type: "datasharing:replication:PublishedReplication", name: "published-to-external", custom: false };

describe("preflight: replication-after-versioning", () => {
    it("refuses a replication configuration that does not wait for its source bucket's versioning (S3 rejects PutBucketReplication)", () => {
        const producer = fixtureStack("producer", "111111111111", [versioning("published", SOURCE), replication()]);
        const found = violations(replicationAfterVersioning, [producer]);
        assert.equal(found.length, 1);
        assert.match(
            found[0].message,
            /replicates bucket datasharing-published-\S+ without waiting for its versioning \(aws:s3\/bucketVersioning:BucketVersioning published\)/,
        );
    });

    it("accepts one that depends on the versioning, directly or through its parent component", () => {
        const direct = fixtureStack("producer", "111111111111", [versioning("published", SOURCE), replication({ dependsOn: [`${VERSIONING}::published`] })]);
        assert.deepEqual(violations(replicationAfterVersioning, [direct]), []);
        const throughParent = fixtureStack("producer", "111111111111", [
            versioning("published", SOURCE),
            { ...component, dependsOn: [`${VERSIONING}::published`] },
            replication({ parent: `${component.type}::${component.name}` }),
        ]);
        assert.deepEqual(violations(replicationAfterVersioning, [throughParent]), []);
    });

    it("refuses a source bucket whose versioning this stack never enables", () => {
        const suspended = fixtureStack("producer", "111111111111", [
            versioning("published", SOURCE, "Suspended"),
            replication({ dependsOn: [`${VERSIONING}::published`] }),
        ]);
        assert.match(violations(replicationAfterVersioning, [suspended])[0].message, /for which this stack enables no versioning/);
    });

    it("refuses a destination of the same stack the configuration does not wait for", () => {
        const stack = fixtureStack("producer", "111111111111", [
            versioning("published", SOURCE),
            versioning("copy", "datasharing-copy-111111111111-eu-west-1"),
            replication({ dependsOn: [`${VERSIONING}::published`] }, "datasharing-copy-111111111111-eu-west-1"),
        ]);
        const found = violations(replicationAfterVersioning, [stack]);
        assert.equal(found.length, 1);
        assert.match(found[0].message, /replicates into bucket datasharing-copy-\S+ without waiting for its versioning/);
    });

    it("accepts a destination versioned by a stack deployed before, and refuses one versioned by a stack deployed after", () => {
        const producer = fixtureStack("producer", "111111111111", [versioning("published", SOURCE), replication({ dependsOn: [`${VERSIONING}::published`] })]);
        const external = fixtureStack("external", "333333333333", [versioning("external-published", DESTINATION)]);
        assert.deepEqual(violations(replicationAfterVersioning, [external, producer]), []);
        assert.match(violations(replicationAfterVersioning, [producer, external])[0].message, /which stack external versions, deployed after producer/);
    });
});
