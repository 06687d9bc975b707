import { GetAccessPointPolicyCommand, ListAccessPointsCommand } from "@aws-sdk/client-s3-control";
import { CapturedResource } from "../../plan/mock-aws";
import { allPages } from "../../ops/verify/paginate";
import { accountOfArn } from "../../plan/entitlements/context";
import { LiveReadContext, LiveReaderSpec, errorName, liveResource, planned } from "../../ops/verify/live/context";
import { policyAsOf } from "../../ops/verify/live/ended-statements";
import { ACCESS_POINT } from "./report";

/**
 * Pattern 6, live: every access point of the account with its policy and network origin, as
 * the `aws:s3/accessPoint:AccessPoint` resources the plan's collector reads. A point the plan
 * builds keeps the plan's consumer tag (access points carry no tag the collector could read
 * live); another is labelled with the consumer whose account every principal it admits is in.
 */

export async function readAccessPoints(context: LiveReadContext): Promise<CapturedResource[]> {
    const { s3Control } = context.clients;
    const own = context.account.accountId;
    const points = await allPages("s3control ListAccessPoints", async (token) => {
        const page = await context.call("s3control ListAccessPoints", () => s3Control.send(new ListAccessPointsCommand({ AccountId: own, NextToken: token })));
        return { items: page.AccessPointList, next: page.NextToken };
    });
    const resources: CapturedResource[] = [];
    for (const point of points.filter((p) => p.Name)) {
        let policy: string | undefined;
        try {
            policy = (
                await context.call(`s3control GetAccessPointPolicy ${point.Name}`, () =>
                    s3Control.send(new GetAccessPointPolicyCommand({ AccountId: own, Name: point.Name })),
                )
            ).Policy;
        } catch (err) {
            // A point without a policy admits no one through it: nothing to list.
            if (errorName(err) !== "NoSuchAccessPointPolicy") throw err;
        }
        const plannedPoint = planned(context, ACCESS_POINT).find((r) => r.inputs.name === point.Name);
        const vpcId = point.NetworkOrigin === "VPC" ? point.VpcConfiguration?.VpcId : undefined;
        resources.push(
            liveResource(context, ACCESS_POINT, `access point ${point.Name}`, {
                name: point.Name,
                bucket: point.Bucket,
                bucketAccountId: point.BucketAccountId ?? own,
                policy: policyAsOf(policy, context.asOf),
                ...(vpcId ? { vpcConfiguration: { vpcId } } : {}),
                tags: plannedPoint?.inputs.tags ?? consumerTag(context, policy),
            }),
        );
    }
    return resources;
}

/** The consumer whose account holds every principal the policy's Allow statements name, as the plan's consumer tag. */
function consumerTag(context: LiveReadContext, policy: string | undefined): { consumer: string } | undefined {
    const statements: { Effect?: string; Principal?: unknown; Condition?: Record<string, Record<string, unknown>> }[] = [
        JSON.parse(policy ?? "{}").Statement ?? [],
    ].flat();
    const accounts = new Set(
        statements
            .filter((s) => s.Effect === "Allow")
            .flatMap((s) => [s.Condition?.ArnEquals?.["aws:PrincipalArn"], (s.Principal as { AWS?: unknown } | undefined)?.AWS].flat())
            .flatMap((arn) => (typeof arn === "string" ? [accountOfArn(arn) ?? arn] : [])),
    );
    const consumer = context.topology.consumers.find((c) => c.account && accounts.size > 0 && [...accounts].every((a) => a === c.account!.accountId));
    return consumer ? { consumer: consumer.name } : undefined;
}

/** Pattern 6's evidence in verify. */
export const accessPointReaders: readonly LiveReaderSpec[] = [{ name: "S3 access points", read: readAccessPoints, paths: ["s3 access point"] }];
