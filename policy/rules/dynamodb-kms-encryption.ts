import type { ResourceValidationPolicy } from "@pulumi/policy";
import { isSet, isTrueOrUnknown } from "../lib/values";

/**
 * DynamoDB tables (the partner API's control table) use SSE-KMS with a customer key. The
 * default AWS owned key appears in no key policy and no CloudTrail decrypt event.
 */
export const dynamodbKmsEncryption: ResourceValidationPolicy = {
    name: "dynamodb-kms-encryption",
    description: "DynamoDB tables enable server-side encryption with a customer managed KMS key.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Set serverSideEncryption: { enabled: true, kmsKeyArn: <customer managed key> }.",
    validateResource: (args, reportViolation) => {
        if (args.type !== "aws:dynamodb/table:Table") return;
        if (!isTrueOrUnknown(() => args.props.serverSideEncryption?.enabled) || !isSet(() => args.props.serverSideEncryption?.kmsKeyArn)) {
            reportViolation(
                `DynamoDB table ${args.name} is not encrypted with a customer managed key: set serverSideEncryption: { enabled: true, kmsKeyArn }.`,
            );
        }
    },
};
