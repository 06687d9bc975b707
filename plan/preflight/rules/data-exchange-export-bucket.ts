import { Statement, policyStatements, toList } from "../../policy-statements";
import { PreflightRule, RuleViolation } from "../rule";
import { resourceLabel } from "../world";

const EVENT_ACTION = "aws:dataexchange/eventAction:EventAction";
const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const SERVICE = "dataexchange.amazonaws.com";

/** Whether a statement lets Data Exchange put objects anywhere in the bucket. */
function admitsDataExchange(s: Statement, bucket: string): boolean {
    const services =
        typeof s.Principal === "object" && s.Principal !== null && "Service" in s.Principal
            ? toList((s.Principal as { Service: string | string[] }).Service)
            : [];
    const actions = toList(s.Action);
    const resources = toList(s.Resource);
    return (
        s.Effect === "Allow" &&
        services.includes(SERVICE) &&
        actions.some((a) => a === "s3:PutObject" || a === "s3:*") &&
        resources.some((r) => r === `arn:aws:s3:::${bucket}/*`)
    );
}

/**
 * Data Exchange's auto-export (an event action exporting each new revision to S3) writes a
 * test object into the destination bucket when the action is created, as the service
 * `dataexchange.amazonaws.com`: the bucket's policy must already allow it s3:PutObject
 * there, or the event action is refused. The EventAction must therefore wait for a bucket
 * policy of its stack that admits the service on the destination bucket.
 */
export const dataExchangeExportBucket: PreflightRule = {
    id: "data-exchange-export-bucket",
    summary: "Data Exchange exports revisions automatically only into a bucket whose policy already lets dataexchange.amazonaws.com put objects in it.",
    fix: "Give the destination bucket a policy statement allowing the dataexchange.amazonaws.com service s3:PutObject and s3:PutObjectAcl on <bucket>/* (with aws:SourceAccount), and make the EventAction depend on that bucket policy.",
    source: {
        title: "AWS Data Exchange User Guide: Automatically exporting revisions to an S3 bucket as a subscriber",
        url: "https://docs.aws.amazon.com/data-exchange/latest/userguide/auto-export-rev-s3-console-sub.html",
    },
    check(world) {
        const violations: RuleViolation[] = [];
        for (const { stackIndex, stack, resource } of world.placements()) {
            if (resource.type !== EVENT_ACTION) continue;
            const bucket = String(resource.inputs.action?.exportRevisionToS3?.revisionDestination?.bucket ?? "");
            if (!bucket) continue;
            const say = (message: string) => violations.push({ stack: stack.stack, resource: resourceLabel(resource), message });
            const policies = stack.resources.filter(
                (r) => r.type === BUCKET_POLICY && r.inputs.bucket === bucket && policyStatements(r).some((s) => admitsDataExchange(s, bucket)),
            );
            if (policies.length === 0) {
                say(`exports revisions into bucket ${bucket}, whose policy (in this stack) does not let ${SERVICE} put objects in it`);
            } else if (!policies.some((p) => world.createdBefore(stackIndex, p, resource))) {
                say(`exports revisions into bucket ${bucket} without waiting for the bucket policy that admits ${SERVICE} (${resourceLabel(policies[0])})`);
            }
        }
        return violations;
    },
};
