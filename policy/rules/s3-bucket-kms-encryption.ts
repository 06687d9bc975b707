import type { StackValidationPolicy } from "@pulumi/policy";
import { ENCRYPTION_TYPES, bucketsOf, configsOf, describeBucket } from "../lib/buckets";
import { isSet, listOf, read } from "../lib/values";

const KMS_ALGORITHMS = ["aws:kms", "aws:kms:dsse"];

/** A default-encryption rule that uses a customer KMS key. */
function usesCustomerKey(rule: any): boolean {
    const byDefault = read(() => rule?.applyServerSideEncryptionByDefault);
    if (typeof byDefault !== "object" || byDefault === null) return false;
    const algorithm = read(() => (byDefault as any).sseAlgorithm);
    return typeof algorithm === "string" && KMS_ALGORITHMS.includes(algorithm) && isSet(() => (byDefault as any).kmsMasterKeyId);
}

/**
 * Every bucket is encrypted by default with SSE-KMS under a customer key. Without a key id
 * S3 uses the AWS managed aws/s3 key, whose policy nobody controls and which cannot be
 * shared across accounts; SSE-S3 (AES256) leaves no key policy to govern access at all.
 */
export const s3BucketKmsEncryption: StackValidationPolicy = {
    name: "s3-bucket-kms-encryption",
    description: "Every S3 bucket has a default encryption configuration using SSE-KMS with a customer managed KMS key.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Create buckets through SecureBucket (components/secure-bucket.ts), which adds a BucketServerSideEncryptionConfiguration with sseAlgorithm aws:kms and the bucket's key.",
    validateStack: (args, reportViolation) => {
        for (const bucket of bucketsOf(args.resources)) {
            const configs = configsOf(bucket, args.resources, ENCRYPTION_TYPES);
            const separate = configs.some((c) => listOf(() => c.props.rules).some(usesCustomerKey));
            // The deprecated inline block, or the bucket's reported state after a refresh.
            const inline = usesCustomerKey(read(() => bucket.props.serverSideEncryptionConfiguration?.rule));
            if (!separate && !inline) {
                const why =
                    configs.length === 0
                        ? "has no BucketServerSideEncryptionConfiguration"
                        : "has an encryption configuration without SSE-KMS and a customer key id";
                reportViolation(
                    `${describeBucket(bucket)} ${why}: encrypt it with sseAlgorithm aws:kms and kmsMasterKeyId set to a customer managed key.`,
                    bucket.urn,
                );
            }
        }
    },
};
