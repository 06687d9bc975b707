import type { ResourceValidationPolicy } from "@pulumi/policy";
import { UNKNOWN, isSet, read } from "../lib/values";

/**
 * A function with environment variables encrypts them with a customer KMS key. The partner
 * API's functions carry table, bucket and sender names, not secrets (secrets stay in
 * Secrets Manager), but a customer key puts each decryption in CloudTrail under the stack's
 * own key policy and lets the owner revoke it, at no cost worth weighing. A function without
 * variables is exempt: Lambda does not store a key it has nothing to encrypt with, and the
 * setting would show as a diff on every update.
 */
export const lambdaEnvironmentKms: ResourceValidationPolicy = {
    name: "lambda-environment-kms",
    description: "Lambda functions with environment variables encrypt them with a customer managed KMS key (kmsKeyArn).",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: "Set kmsKeyArn on the function to the stack's key, and allow the function's role kms:Decrypt on it.",
    validateResource: (args, reportViolation) => {
        if (args.type !== "aws:lambda/function:Function") return;
        const variables = read(() => args.props.environment?.variables);
        const hasVariables = variables === UNKNOWN || (typeof variables === "object" && variables !== null && Object.keys(variables).length > 0);
        if (hasVariables && !isSet(() => args.props.kmsKeyArn)) {
            reportViolation(`Lambda function ${args.name} has environment variables but no kmsKeyArn: encrypt them with a customer managed KMS key.`);
        }
    },
};
