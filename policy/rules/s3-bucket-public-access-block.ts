import type { StackValidationPolicy } from "@pulumi/policy";
import { PUBLIC_ACCESS_BLOCK_TYPE, bucketsOf, configsOf, describeBucket } from "../lib/buckets";
import { isTrueOrUnknown } from "../lib/values";

const SETTINGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;

/** Shared data leaves only through the declared grants: no bucket can be made public. */
export const s3BucketPublicAccessBlock: StackValidationPolicy = {
    name: "s3-bucket-public-access-block",
    description: "Every S3 bucket has a public access block with all four settings true.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps:
        "Add a BucketPublicAccessBlock with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true (SecureBucket does).",
    validateStack: (args, reportViolation) => {
        for (const bucket of bucketsOf(args.resources)) {
            const blocks = configsOf(bucket, args.resources, [PUBLIC_ACCESS_BLOCK_TYPE]);
            if (blocks.length === 0) {
                reportViolation(`${describeBucket(bucket)} has no BucketPublicAccessBlock: add one with all four settings true.`, bucket.urn);
                continue;
            }
            const off = SETTINGS.filter((s) => !blocks.some((b) => isTrueOrUnknown(() => b.props[s])));
            if (off.length > 0) {
                reportViolation(`${describeBucket(bucket)}'s public access block leaves ${off.join(", ")} off: set all four settings to true.`, bucket.urn);
            }
        }
    },
};
