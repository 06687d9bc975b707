/**
 * AWS managed policies the lake's principals hold, as AWS publishes them (AWS Managed Policy
 * Reference, https://docs.aws.amazon.com/aws-managed-policy/latest/reference/), so a
 * simulation of those principals sees everything they can do, not only our inline policies.
 */

const doc = (...Statement: Record<string, unknown>[]) => ({ Version: "2012-10-17", Statement });

/** AmazonS3ReadOnlyAccess (v3). */
export const AMAZON_S3_READ_ONLY_ACCESS = doc({
    Effect: "Allow",
    Action: ["s3:Get*", "s3:List*", "s3:Describe*", "s3-object-lambda:Get*", "s3-object-lambda:List*"],
    Resource: "*",
});

/** AWSLakeFormationDataAdmin (v6). */
export const AWS_LAKE_FORMATION_DATA_ADMIN = doc(
    {
        Sid: "AWSLakeFormationDataAdminAllow",
        Effect: "Allow",
        Action: [
            "lakeformation:*",
            "cloudtrail:DescribeTrails",
            "cloudtrail:LookupEvents",
            "glue:CreateCatalog",
            "glue:UpdateCatalog",
            "glue:DeleteCatalog",
            "glue:GetCatalog",
            "glue:GetCatalogs",
            "glue:GetDatabase",
            "glue:GetDatabases",
            "glue:CreateDatabase",
            "glue:UpdateDatabase",
            "glue:DeleteDatabase",
            "glue:GetConnections",
            "glue:SearchTables",
            "glue:GetTable",
            "glue:CreateTable",
            "glue:UpdateTable",
            "glue:DeleteTable",
            "glue:GetTableVersions",
            "glue:GetPartitions",
            "glue:GetTables",
            "glue:ListWorkflows",
            "glue:BatchGetWorkflows",
            "glue:DeleteWorkflow",
            "glue:GetWorkflowRuns",
            "glue:StartWorkflowRun",
            "glue:GetWorkflow",
            "s3:ListBucket",
            "s3:GetBucketLocation",
            "s3:ListAllMyBuckets",
            "s3:GetBucketAcl",
            "iam:ListUsers",
            "iam:ListRoles",
            "iam:GetRole",
            "iam:GetRolePolicy",
        ],
        Resource: "*",
    },
    { Sid: "AWSLakeFormationDataAdminDeny", Effect: "Deny", Action: ["lakeformation:PutDataLakeSettings"], Resource: "*" },
);

/** AWSGlueConsoleFullAccess (v13): its statements on S3, KMS and the services the lake uses. */
export const AWS_GLUE_CONSOLE_FULL_ACCESS = doc(
    {
        Effect: "Allow",
        Action: [
            "glue:*",
            "iam:ListRoles",
            "iam:ListUsers",
            "iam:ListGroups",
            "iam:ListRolePolicies",
            "iam:GetRole",
            "iam:GetRolePolicy",
            "iam:ListAttachedRolePolicies",
            "s3:ListAllMyBuckets",
            "s3:ListBucket",
            "s3:GetBucketAcl",
            "s3:GetBucketLocation",
            "kms:ListAliases",
            "kms:DescribeKey",
            "cloudwatch:GetMetricData",
            "cloudwatch:ListDashboards",
        ],
        Resource: ["*"],
    },
    {
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:PutObject"],
        Resource: ["arn:aws:s3:::aws-glue-*/*", "arn:aws:s3:::*/*aws-glue-*/*", "arn:aws:s3:::aws-glue-*"],
    },
    { Effect: "Allow", Action: ["logs:GetLogEvents"], Resource: ["arn:aws:logs:*:*:/aws-glue/*"] },
);

/** By the name the stack attaches them with. */
export const MANAGED_POLICIES: Record<string, unknown> = {
    AmazonS3ReadOnlyAccess: AMAZON_S3_READ_ONLY_ACCESS,
    AWSLakeFormationDataAdmin: AWS_LAKE_FORMATION_DATA_ADMIN,
    AWSGlueConsoleFullAccess: AWS_GLUE_CONSOLE_FULL_ACCESS,
};
