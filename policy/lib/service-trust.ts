/**
 * What each AWS service this program trusts tells IAM when it assumes a role: the source
 * condition keys it sets (confused deputy protection). A trust conditioned on a key the
 * service does not send can never be assumed, and fails only at run time, so a key is listed
 * only where AWS documents it; `why` says what was found, with the page in `source`.
 *
 * One registry for both sides: the program's trust builder (core/policy/trust.ts) writes these
 * conditions, and the policy pack (rules/service-trust-source-conditions.ts) refuses a trust
 * without them. It lives in the pack because the pack imports nothing from the program (so
 * it can be published alone); it imports nothing itself.
 */

export type SourceKey = "aws:SourceAccount" | "aws:SourceArn";

export interface ServiceTrustFacts {
    /** The keys a trust of this service must condition on: AWS documents the service sending them. */
    readonly conditions: readonly SourceKey[];
    /** What the service puts in aws:SourceArn, when `conditions` has it. */
    readonly sourceArn?: string;
    /** The AWS page relied on. */
    readonly source: { readonly title: string; readonly url: string };
    /** What that page says (or does not say), and why the conditions are these. */
    readonly why: string;
}

export const SERVICE_TRUST = {
    "lambda.amazonaws.com": {
        conditions: ["aws:SourceAccount"],
        source: {
            title: "AWS Lambda Developer Guide: Working with AWS managed policies in the execution role",
            url: "https://docs.aws.amazon.com/lambda/latest/dg/permissions-managed-policies.html",
        },
        why:
            "Lambda's execution role page says a role trust may include aws:SourceAccount and aws:SourceArn. " +
            "aws:SourceArn is left out: Lambda documents no value for it, and an aws:SourceArn condition is reported " +
            "to break creating functions in a VPC (aws/aws-parallelcluster#6926), which ScopedFunction does.",
    },
    "scheduler.amazonaws.com": {
        conditions: ["aws:SourceAccount", "aws:SourceArn"],
        sourceArn: "the schedule group's ARN, arn:<partition>:scheduler:<region>:<account>:schedule-group/<group> (never a schedule or a name prefix)",
        source: {
            title: "EventBridge Scheduler User Guide: Confused deputy prevention",
            url: "https://docs.aws.amazon.com/scheduler/latest/UserGuide/cross-service-confused-deputy-prevention.html",
        },
        why: "Scheduler recommends both keys in the schedule execution role's trust; aws:SourceArn must be a schedule group ARN.",
    },
    "glue.amazonaws.com": {
        conditions: [],
        source: {
            title: "AWS Glue Developer Guide: Create an IAM role for AWS Glue",
            url: "https://docs.aws.amazon.com/glue/latest/dg/create-an-iam-role.html",
        },
        why: "Glue's role setup trusts glue.amazonaws.com with no condition, and no Glue page says crawlers or jobs send aws:SourceAccount or aws:SourceArn.",
    },
    "lakeformation.amazonaws.com": {
        conditions: [],
        source: {
            title: "AWS Lake Formation Developer Guide: Requirements for roles used to register locations",
            url: "https://docs.aws.amazon.com/lake-formation/latest/dg/registration-role.html",
        },
        why: "The registration role's documented trust names lakeformation.amazonaws.com with no condition; no Lake Formation page documents source keys on credential vending.",
    },
    "apigateway.amazonaws.com": {
        conditions: [],
        source: {
            title: "Amazon API Gateway Developer Guide: Set up CloudWatch logging for REST APIs",
            url: "https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html",
        },
        why: "The account's CloudWatch role trusts apigateway.amazonaws.com with no documented condition; the role is account-wide, so there is no source resource to name.",
    },
    "s3.amazonaws.com": {
        conditions: [],
        source: {
            title: "Amazon S3 User Guide: Setting up permissions for live replication",
            url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html",
        },
        why:
            "The replication role's documented trust (and the S3 Batch Replication one) has no condition, and no S3 page says " +
            "replication sends aws:SourceAccount or aws:SourceArn when it assumes the role.",
    },
} as const satisfies Record<string, ServiceTrustFacts>;

export type TrustedService = keyof typeof SERVICE_TRUST;

/** The registry's facts about a service principal, or undefined when nobody has looked it up yet. */
export function serviceTrustFacts(service: string): ServiceTrustFacts | undefined {
    return Object.prototype.hasOwnProperty.call(SERVICE_TRUST, service) ? (SERVICE_TRUST as Record<string, ServiceTrustFacts>)[service] : undefined;
}
