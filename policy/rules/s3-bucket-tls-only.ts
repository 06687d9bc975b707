import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { BUCKET_POLICY_TYPE, bucketName, bucketsOf, configsOf, describeBucket } from "../lib/buckets";
import { PolicyStatement, asDocument, listField, principalsOf } from "../lib/documents";
import { UNKNOWN, read } from "../lib/values";

/** A statement denying every S3 action to everyone on the bucket and its objects over plain HTTP. */
export function deniesInsecureTransport(s: PolicyStatement, bucket?: string): boolean {
    if (s.Effect !== "Deny") return false;
    if (!principalsOf(s.Principal).includes("*")) return false;
    if (!listField(s.Action).some((a) => a === "*" || a === "s3:*")) return false;
    const condition = Object.entries(s.Condition ?? {}).find(([op]) => op === "Bool" || op === "BoolIfExists");
    const secure = condition && Object.entries(condition[1]).find(([k]) => k.toLowerCase() === "aws:securetransport");
    if (!secure || !listField(typeof secure[1] === "boolean" ? String(secure[1]) : secure[1]).some((v) => v.toLowerCase() === "false")) return false;
    if (bucket === undefined) return true;
    // Any partition: GovCloud ARNs start arn:aws-us-gov.
    const resources = listField(s.Resource).map((r) => r.replace(/^arn:aws[a-z-]*:/, "arn:aws:"));
    const arn = `arn:aws:s3:::${bucket}`;
    const covers = (target: string) => resources.some((r) => r === "*" || r === target || (r.endsWith("*") && target.startsWith(r.slice(0, -1))));
    return covers(arn) && covers(`${arn}/*`);
}

function policyStatements(r: PolicyResource): PolicyStatement[] | typeof UNKNOWN {
    const policy = read(() => r.props.policy);
    if (policy === UNKNOWN) return UNKNOWN;
    return asDocument(policy) ?? [];
}

/**
 * Data in transit is encrypted: every bucket's policy denies any request that does not use
 * TLS (aws:SecureTransport false), for the bucket and its objects.
 */
export const s3BucketTlsOnly: StackValidationPolicy = {
    name: "s3-bucket-tls-only",
    description: "Every S3 bucket has a bucket policy denying s3:* to everyone when aws:SecureTransport is false.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Attach a BucketPolicy built with the bucket policy builder of core/policy/bucket-policy.ts, which starts with the DenyInsecureTransport statement.",
    validateStack: (args, reportViolation) => {
        for (const bucket of bucketsOf(args.resources)) {
            const holders = [...configsOf(bucket, args.resources, [BUCKET_POLICY_TYPE]), bucket];
            const statements = holders.map(policyStatements);
            if (statements.includes(UNKNOWN)) continue; // judged by `pulumi up`, when the policy is known
            const name = bucketName(bucket);
            if (!statements.some((list) => list !== UNKNOWN && list.some((s) => deniesInsecureTransport(s, name)))) {
                reportViolation(
                    `${describeBucket(bucket)} does not deny insecure transport: add a bucket policy statement with Effect Deny, Principal "*", Action s3:*, the bucket and its objects as Resource, and Condition Bool aws:SecureTransport "false".`,
                    bucket.urn,
                );
            }
        }
    },
};
