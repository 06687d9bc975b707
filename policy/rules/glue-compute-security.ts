import type { ResourceValidationPolicy } from "@pulumi/policy";
import { isSet } from "../lib/values";

/**
 * Glue jobs run under a security configuration, so what they write to S3, their logs and
 * their bookmarks are encrypted (see glue-security-configuration-kms).
 */
export const glueJobsUseSecurityConfiguration: ResourceValidationPolicy = {
    name: "glue-jobs-security-configuration",
    description: "Glue jobs name a security configuration.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Set securityConfiguration on the job to a Glue security configuration of the stack.",
    validateResource: (args, reportViolation) => {
        if (args.type === "aws:glue/job:Job" && !isSet(() => args.props.securityConfiguration)) {
            reportViolation(`Glue job ${args.name} has no securityConfiguration: its S3 output, CloudWatch logs and bookmarks would not be KMS encrypted.`);
        }
    },
};

/**
 * Crawlers too: a crawler's security configuration encrypts the CloudWatch logs it writes,
 * which name the tables, partitions and S3 paths it found.
 */
export const glueCrawlersUseSecurityConfiguration: ResourceValidationPolicy = {
    name: "glue-crawlers-security-configuration",
    description: "Glue crawlers name a security configuration, so their CloudWatch logs are KMS encrypted.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: "Set securityConfiguration on the crawler to a Glue security configuration of the stack.",
    validateResource: (args, reportViolation) => {
        if (args.type === "aws:glue/crawler:Crawler" && !isSet(() => args.props.securityConfiguration)) {
            reportViolation(`Glue crawler ${args.name} has no securityConfiguration: its CloudWatch logs would not be KMS encrypted.`);
        }
    },
};
