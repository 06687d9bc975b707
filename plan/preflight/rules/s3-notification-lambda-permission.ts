import { CapturedResource } from "../../mock-aws";
import { PreflightRule, RuleViolation } from "../rule";
import { resourceLabel } from "../world";

const NOTIFICATION = "aws:s3/bucketNotification:BucketNotification";
const FUNCTION = "aws:lambda/function:Function";
const PERMISSION = "aws:lambda/permission:Permission";

/**
 * S3 checks each destination of a notification configuration when it is saved
 * (PutBucketNotificationConfiguration answers "Unable to validate the following destination
 * configurations"): a Lambda destination must already let `s3.amazonaws.com` invoke it, for
 * this bucket. The BucketNotification must therefore wait for a lambda Permission of its
 * function whose principal is S3 and whose source, when given, is the bucket.
 */
export const s3NotificationLambdaPermission: PreflightRule = {
    id: "s3-notification-lambda-permission",
    summary:
        "S3 saves an event notification to a Lambda function only once the function's policy lets s3.amazonaws.com invoke it (lambda:InvokeFunction) for that bucket.",
    fix: "Add an aws.lambda.Permission (principal s3.amazonaws.com, sourceArn the bucket's ARN, sourceAccount the bucket's account) and make the BucketNotification depend on it.",
    source: {
        title: "Amazon S3 User Guide: Granting permissions to publish event notification messages to a destination",
        url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html",
    },
    check(world) {
        const violations: RuleViolation[] = [];
        for (const { stackIndex, stack, resource } of world.placements()) {
            if (resource.type !== NOTIFICATION) continue;
            const bucket = String(resource.inputs.bucket ?? "");
            const bucketArn = `arn:aws:s3:::${bucket}`;
            const destinations: { lambdaFunctionArn?: string }[] = Array.isArray(resource.inputs.lambdaFunctions) ? resource.inputs.lambdaFunctions : [];
            for (const arn of new Set(destinations.map((d) => String(d.lambdaFunctionArn ?? "")))) {
                const fn = stack.resources.find((r) => r.type === FUNCTION && r.state.arn === arn);
                const admits = (p: CapturedResource) =>
                    p.inputs.principal === "s3.amazonaws.com" &&
                    p.inputs.action === "lambda:InvokeFunction" &&
                    [arn, fn?.inputs.name, fn?.state.name].includes(p.inputs.function) &&
                    (p.inputs.sourceArn === undefined || String(p.inputs.sourceArn).replace(/^arn:aws[a-z-]*:/, "arn:aws:") === bucketArn);
                const permissions = stack.resources.filter((r) => r.type === PERMISSION && admits(r));
                const say = (message: string) => violations.push({ stack: stack.stack, resource: resourceLabel(resource), message });
                if (permissions.length === 0) {
                    say(`sends bucket ${bucket}'s events to ${arn}, which no lambda Permission of this stack lets s3.amazonaws.com invoke for that bucket`);
                } else if (!permissions.some((p) => world.createdBefore(stackIndex, p, resource))) {
                    say(
                        `sends bucket ${bucket}'s events to ${arn} without waiting for the Permission that lets S3 invoke it (${resourceLabel(permissions[0])})`,
                    );
                }
            }
        }
        return violations;
    },
};
