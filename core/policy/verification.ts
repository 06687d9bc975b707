import { AccountNames, accountRootArn } from "../naming";
import { PolicyDocument, PolicyStatement, policyDocument } from "./document";

/**
 * The read-only role `npm run verify` assumes in every account: exactly the list, get and
 * describe calls of its live readers (ops/verify/live), on this account's resources, and
 * nothing that changes them or reads data. Three actions IAM files under "Write" are kept,
 * because reading Redshift's datashare views takes a query: `redshift-data:ExecuteStatement`
 * and the IAM sign-in to the warehouse (`redshift:GetClusterCredentialsWithIAM`,
 * `redshift-serverless:GetCredentials`). The database user they map the role to
 * (`IAMR:<role>`) is created with no privilege on any table, so it reads system views only.
 */

/** Actions verify calls that no resource narrows: list and describe calls. */
export const VERIFICATION_LIST_ACTIONS = [
    "glue:GetDatabases",
    "glue:GetTables",
    "lakeformation:ListPermissions",
    "lakeformation:ListDataCellsFilter",
    "lakeformation:GetResourceLFTags",
    "ram:GetResourceShareInvitations",
    "ram:GetResourceShareAssociations",
    "redshift:DescribeDataShares",
    "redshift:DescribeDataSharesForConsumer",
    "redshift-data:DescribeStatement",
    "redshift-data:GetStatementResult",
    "s3:ListAllMyBuckets",
    "s3:ListAccessPoints",
    "kms:ListAliases",
    "dataexchange:ListDataSets",
    "dataexchange:ListDataGrants",
] as const;

/** The role's permissions in one account. */
export function verificationPolicy(names: AccountNames): PolicyDocument {
    const { accountId, region } = names.account;
    const p = names.partition;
    const statements: PolicyStatement[] = [
        { Sid: "ListAndDescribe", Effect: "Allow", Action: [...VERIFICATION_LIST_ACTIONS], Resource: "*" },
        { Sid: "ProjectBucketPolicies", Effect: "Allow", Action: ["s3:GetBucketPolicy"], Resource: `arn:${p}:s3:::${names.prefix}-*` },
        { Sid: "AccessPointPolicies", Effect: "Allow", Action: ["s3:GetAccessPointPolicy"], Resource: names.arn("s3", "accesspoint/*") },
        { Sid: "KeyPolicies", Effect: "Allow", Action: ["kms:GetKeyPolicy"], Resource: names.arn("kms", "key/*") },
        { Sid: "PartnerRegistry", Effect: "Allow", Action: ["lambda:GetFunctionConfiguration"], Resource: names.arn("lambda", `function:${names.prefix}-*`) },
        {
            Sid: "ApiKeysAndUsagePlans",
            Effect: "Allow",
            Action: ["apigateway:GET"],
            Resource: [
                `arn:${p}:apigateway:${region}::/apikeys`,
                `arn:${p}:apigateway:${region}::/usageplans`,
                `arn:${p}:apigateway:${region}::/usageplans/*/keys`,
            ],
        },
        {
            Sid: "DatashareSystemViews",
            Effect: "Allow",
            Action: ["redshift-data:ExecuteStatement"],
            Resource: [`arn:${p}:redshift:${region}:${accountId}:cluster:*`, `arn:${p}:redshift-serverless:${region}:${accountId}:workgroup/*`],
        },
        {
            Sid: "WarehouseSignInAsThisRole",
            Effect: "Allow",
            Action: ["redshift:GetClusterCredentialsWithIAM"],
            Resource: `arn:${p}:redshift:${region}:${accountId}:dbname:*/*`,
        },
        {
            Sid: "WorkgroupSignInAsThisRole",
            Effect: "Allow",
            Action: ["redshift-serverless:GetCredentials"],
            Resource: `arn:${p}:redshift-serverless:${region}:${accountId}:workgroup/*`,
        },
    ];
    return policyDocument(statements);
}

/**
 * Who may assume the role: the topology's `verification.trustedPrincipals`, by their
 * accounts narrowed to exactly those principals with `aws:PrincipalArn` (IAM refuses a trust
 * policy naming a role that does not exist yet, and an auditor's role may be created after
 * this stack). Without any, the account itself: its own principals whose identity policy
 * allows sts:AssumeRole on the role.
 */
export function verificationTrustPolicy(trustedPrincipals: readonly string[], names: AccountNames): PolicyDocument {
    if (trustedPrincipals.length === 0) {
        return policyDocument([{ Sid: "OwnAccount", Effect: "Allow", Principal: { AWS: names.rootArn() }, Action: "sts:AssumeRole" }]);
    }
    const accounts = [...new Set(trustedPrincipals.map((arn) => arn.split(":")[4]))].sort();
    const wildcard = trustedPrincipals.some((arn) => arn.includes("*"));
    return policyDocument([
        {
            Sid: "TrustedVerifiers",
            Effect: "Allow",
            Principal: { AWS: accounts.map((a) => accountRootArn(a, names.partition)) },
            Action: "sts:AssumeRole",
            Condition: { [wildcard ? "ArnLike" : "ArnEquals"]: { "aws:PrincipalArn": [...trustedPrincipals] } },
        },
    ]);
}
