import type { ResourceValidationPolicy } from "@pulumi/policy";
import { isSet, read } from "../lib/values";

/** Mode expected of each part of a Glue security configuration. */
const PARTS = [
    { part: "s3Encryption", mode: "s3EncryptionMode", expected: ["SSE-KMS"], what: "data written to S3" },
    { part: "cloudwatchEncryption", mode: "cloudwatchEncryptionMode", expected: ["SSE-KMS"], what: "CloudWatch logs" },
    { part: "jobBookmarksEncryption", mode: "jobBookmarksEncryptionMode", expected: ["CSE-KMS"], what: "job bookmarks" },
] as const;

/** Glue writes data, logs and bookmarks; all three are encrypted with a KMS key. */
export const glueSecurityConfiguration: ResourceValidationPolicy = {
    name: "glue-security-configuration-kms",
    description: "Glue security configurations encrypt S3 data (SSE-KMS), CloudWatch logs (SSE-KMS) and job bookmarks (CSE-KMS) with a KMS key.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Set encryptionConfiguration.s3Encryption, cloudwatchEncryption and jobBookmarksEncryption, each with its KMS mode and kmsKeyArn.",
    validateResource: (args, reportViolation) => {
        if (args.type !== "aws:glue/securityConfiguration:SecurityConfiguration") return;
        for (const p of PARTS) {
            const part = () => (args.props.encryptionConfiguration as any)?.[p.part];
            const mode = read(() => part()?.[p.mode]);
            if (typeof mode !== "symbol" && !(p.expected as readonly string[]).includes(mode as string)) {
                reportViolation(
                    `Glue security configuration ${args.name} does not encrypt ${p.what} with KMS (${p.part}.${p.mode} is ${mode ?? "unset"}): use ${p.expected.join(" or ")}.`,
                );
            } else if (!isSet(() => part()?.kmsKeyArn)) {
                reportViolation(`Glue security configuration ${args.name} has no key for ${p.what}: set ${p.part}.kmsKeyArn.`);
            }
        }
    },
};
