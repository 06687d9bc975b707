import type { ResourceValidationPolicy } from "@pulumi/policy";
import { isSet, isTrueOrUnknown, read } from "../lib/values";

/**
 * Symmetric KMS keys rotate their key material every year (or the period set). Asymmetric
 * and HMAC keys, and keys in a custom key store, cannot rotate automatically in KMS: they
 * are exempt, and named in the message of no rule.
 */
export const kmsKeyRotation: ResourceValidationPolicy = {
    name: "kms-key-rotation",
    description: "Symmetric encryption KMS keys have automatic key rotation enabled.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: "Create keys through KmsKey (components/kms-key.ts), which sets enableKeyRotation: true.",
    validateResource: (args, reportViolation) => {
        if (args.type !== "aws:kms/key:Key") return;
        const spec = read(() => args.props.customerMasterKeySpec);
        const usage = read(() => args.props.keyUsage);
        const rotatable =
            (spec === undefined || spec === "SYMMETRIC_DEFAULT") &&
            (usage === undefined || usage === "ENCRYPT_DECRYPT") &&
            !isSet(() => args.props.customKeyStoreId);
        if (rotatable && !isTrueOrUnknown(() => args.props.enableKeyRotation)) {
            reportViolation(`KMS key ${args.name} does not rotate: set enableKeyRotation: true.`);
        }
    },
};
