import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * Settings every table of the project holds state with: on-demand capacity, SSE with a
 * customer key, point-in-time recovery, and deletion protection when the stack protects
 * its stateful resources (AWS refuses the delete, not only Pulumi). Readers and writers of
 * the table need no KMS permission: DynamoDB uses the key through the grant it creates
 * when the table is created (the deployer needs kms:CreateGrant, which the owner-account
 * statement of the key policy delegates to IAM).
 */
export function durableTableSettings(
    kmsKeyArn: pulumi.Input<string>,
    protect: boolean,
): Pick<aws.dynamodb.TableArgs, "billingMode" | "serverSideEncryption" | "pointInTimeRecovery" | "deletionProtectionEnabled"> {
    return {
        billingMode: "PAY_PER_REQUEST",
        serverSideEncryption: { enabled: true, kmsKeyArn },
        pointInTimeRecovery: { enabled: true },
        deletionProtectionEnabled: protect,
    };
}
