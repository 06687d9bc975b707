import { GetBucketPolicyCommand, ListBucketsCommand } from "@aws-sdk/client-s3";
import { CapturedResource } from "../../../plan/mock-aws";
import { allPages } from "../paginate";
import { LiveReadContext, errorName, liveResource, planned } from "./context";
import { policyAsOf } from "./ended-statements";

/**
 * Bucket policies, live, as the `aws:s3/bucketPolicy:BucketPolicy` resources the plan's
 * collector reads (it keeps their cross-account statements). The buckets read are the
 * project's: those the plan's stack registers and any other whose name starts with the
 * topology's prefix; an account's unrelated buckets are not this project's to judge.
 */

const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const BUCKET = "aws:s3/bucket:Bucket";

export async function readBucketPolicies(context: LiveReadContext): Promise<CapturedResource[]> {
    const { s3 } = context.clients;
    const buckets = await allPages("s3 ListBuckets", async (token) => {
        const page = await context.call("s3 ListBuckets", () => s3.send(new ListBucketsCommand({ ContinuationToken: token })));
        return { items: page.Buckets, next: page.ContinuationToken };
    });
    const known = new Set([
        ...planned(context, BUCKET).map((r) => String(r.inputs.bucket ?? r.id)),
        ...planned(context, BUCKET_POLICY).map((r) => String(r.inputs.bucket)),
    ]);
    const ours = buckets.map((b) => b.Name ?? "").filter((name) => known.has(name) || name.startsWith(`${context.topology.namePrefix}-`));
    const resources: CapturedResource[] = [];
    for (const bucket of ours) {
        try {
            const { Policy } = await context.call(`s3 GetBucketPolicy ${bucket}`, () =>
                s3.send(new GetBucketPolicyCommand({ Bucket: bucket, ExpectedBucketOwner: context.account.accountId })),
            );
            if (Policy) resources.push(liveResource(context, BUCKET_POLICY, `bucket policy ${bucket}`, { bucket, policy: policyAsOf(Policy, context.asOf) }));
        } catch (err) {
            if (errorName(err) !== "NoSuchBucketPolicy") throw err;
        }
    }
    return resources;
}
