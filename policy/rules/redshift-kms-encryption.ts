import type { ResourceValidationPolicy } from "@pulumi/policy";
import { isFalse, isSet } from "../lib/values";

/**
 * Warehouses are encrypted with a customer KMS key: datashares require encrypted producer
 * and consumer warehouses (reference/000, pattern 4), and a customer key lets the owner
 * govern and audit every decryption.
 */
export const redshiftKmsEncryption: ResourceValidationPolicy = {
    name: "redshift-kms-encryption",
    description: "Redshift clusters and Redshift Serverless namespaces are encrypted with a customer managed KMS key.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Give the cluster encrypted: true and kmsKeyId, or the namespace kmsKeyId, pointing at the warehouse's KmsKey.",
    validateResource: (args, reportViolation) => {
        if (args.type === "aws:redshift/cluster:Cluster") {
            if (isFalse(() => args.props.encrypted)) {
                reportViolation(`Redshift cluster ${args.name} is not encrypted: set encrypted: true with a customer managed kmsKeyId.`);
            } else if (!isSet(() => args.props.kmsKeyId)) {
                reportViolation(`Redshift cluster ${args.name} has no kmsKeyId: encrypt it with a customer managed KMS key.`);
            }
        }
        if (args.type === "aws:redshiftserverless/namespace:Namespace" && !isSet(() => args.props.kmsKeyId)) {
            reportViolation(`Redshift Serverless namespace ${args.name} has no kmsKeyId (it would use an AWS owned key): set a customer managed KMS key.`);
        }
    },
};
