import { CapturedResource } from "../../mock-aws";
import { PreflightRule, RuleViolation } from "../rule";
import { PreflightWorld, resourceLabel } from "../world";

const REPLICATION = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";
const VERSIONING = "aws:s3/bucketVersioning:BucketVersioning";

/** `arn:aws:s3:::name` -> `name`. */
const BUCKET_ARN = /^arn:[^:]+:s3:::([^/]+)$/;

interface Versioning {
    readonly stackIndex: number;
    readonly resource: CapturedResource;
}

/**
 * S3 refuses a replication configuration (PutBucketReplication) unless versioning is
 * already enabled on the source bucket and on every destination bucket. Each
 * BucketReplicationConfig must therefore wait for the BucketVersioning of its source (in its
 * stack), and of a destination its stack also creates; a destination of another stack must
 * be versioned by a stack deployed before.
 */
export const replicationAfterVersioning: PreflightRule = {
    id: "replication-after-versioning",
    summary: "S3 accepts a replication configuration only on a source bucket with versioning enabled, towards destination buckets with versioning enabled.",
    fix: "Make the BucketReplicationConfig depend on the BucketVersioning (status Enabled) of its source bucket, and of its destination when the same stack creates it.",
    source: {
        title: "Amazon S3 User Guide: Requirements and considerations for replication",
        url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-requirements.html",
    },
    check(world) {
        const versioned = versioningByBucket(world);
        const violations: RuleViolation[] = [];
        for (const { stackIndex, stack, resource } of world.placements()) {
            if (resource.type !== REPLICATION) continue;
            const say = (message: string) => violations.push({ stack: stack.stack, resource: resourceLabel(resource), message });
            const source = String(resource.inputs.bucket ?? "");
            const sourceVersioning = versioned.get(source)?.find((v) => v.stackIndex === stackIndex);
            if (!sourceVersioning) say(`replicates bucket ${source}, for which this stack enables no versioning`);
            else if (!world.createdBefore(stackIndex, sourceVersioning.resource, resource)) {
                say(`replicates bucket ${source} without waiting for its versioning (${resourceLabel(sourceVersioning.resource)})`);
            }
            for (const destination of destinationBuckets(resource)) {
                const all = versioned.get(destination) ?? [];
                const here = all.find((v) => v.stackIndex === stackIndex);
                if (here && !world.createdBefore(stackIndex, here.resource, resource)) {
                    say(`replicates into bucket ${destination} without waiting for its versioning (${resourceLabel(here.resource)})`);
                } else if (!here && all.length > 0 && all.every((v) => v.stackIndex > stackIndex)) {
                    say(`replicates into bucket ${destination}, which stack ${world.stacks[all[0].stackIndex].stack} versions, deployed after ${stack.stack}`);
                }
            }
        }
        return violations;
    },
};

/** Every BucketVersioning that enables versioning, by bucket name. */
function versioningByBucket(world: PreflightWorld): Map<string, Versioning[]> {
    const byBucket = new Map<string, Versioning[]>();
    for (const { stackIndex, resource } of world.placements()) {
        if (resource.type !== VERSIONING || resource.inputs.versioningConfiguration?.status !== "Enabled") continue;
        const bucket = String(resource.inputs.bucket ?? "");
        byBucket.set(bucket, [...(byBucket.get(bucket) ?? []), { stackIndex, resource }]);
    }
    return byBucket;
}

/** Names of the destination buckets of a replication configuration's rules. */
function destinationBuckets(config: CapturedResource): string[] {
    const rules: { destination?: { bucket?: unknown } }[] = Array.isArray(config.inputs.rules) ? config.inputs.rules : [];
    const names = rules.map((r) => BUCKET_ARN.exec(String(r.destination?.bucket ?? ""))?.[1]).filter((n): n is string => n !== undefined);
    return [...new Set(names)];
}
