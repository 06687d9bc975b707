import type { ResourceValidationPolicy } from "@pulumi/policy";
import { isFalse, isSet, read } from "../lib/values";

const KMS_OPTIONS = ["SSE_KMS", "CSE_KMS"];

/**
 * Query results hold the data queried, so they are encrypted with a KMS key, and the
 * workgroup's settings override whatever a client asks for.
 */
export const athenaResultsEncryption: ResourceValidationPolicy = {
    name: "athena-results-encryption",
    description: "Athena workgroups encrypt query results with SSE_KMS or CSE_KMS and a key, and enforce the workgroup configuration.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Set configuration.enforceWorkgroupConfiguration: true and configuration.resultConfiguration.encryptionConfiguration { encryptionOption: SSE_KMS, kmsKeyArn }.",
    validateResource: (args, reportViolation) => {
        if (args.type !== "aws:athena/workgroup:Workgroup") return;
        const c = () => args.props.configuration;
        if (isFalse(() => c()?.enforceWorkgroupConfiguration)) {
            reportViolation(`Athena workgroup ${args.name} lets clients override its settings: set configuration.enforceWorkgroupConfiguration: true.`);
        }
        if (read(() => c()?.managedQueryResultsConfiguration?.enabled) === true) {
            if (!isSet(() => c()?.managedQueryResultsConfiguration?.encryptionConfiguration?.kmsKey)) {
                reportViolation(
                    `Athena workgroup ${args.name} keeps results in Athena managed storage without a KMS key: set managedQueryResultsConfiguration.encryptionConfiguration.kmsKey.`,
                );
            }
            return;
        }
        const option = read(() => c()?.resultConfiguration?.encryptionConfiguration?.encryptionOption);
        if (typeof option === "string" && !KMS_OPTIONS.includes(option)) {
            reportViolation(`Athena workgroup ${args.name} encrypts results with ${option}: use SSE_KMS or CSE_KMS with a customer managed key.`);
        } else if (option === undefined || !isSet(() => c()?.resultConfiguration?.encryptionConfiguration?.kmsKeyArn)) {
            reportViolation(
                `Athena workgroup ${args.name} does not encrypt query results with a KMS key: set resultConfiguration.encryptionConfiguration { encryptionOption: SSE_KMS, kmsKeyArn }.`,
            );
        }
    },
};
