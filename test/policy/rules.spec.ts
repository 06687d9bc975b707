import { strict as assert } from "assert";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { policies } from "../../policy/policies";
import { apiGatewayAuthenticated } from "../../policy/rules/api-gateway-authenticated";
import { athenaResultsEncryption } from "../../policy/rules/athena-results-encryption";
import { dynamodbKmsEncryption } from "../../policy/rules/dynamodb-kms-encryption";
import { glueCrawlersUseSecurityConfiguration, glueJobsUseSecurityConfiguration } from "../../policy/rules/glue-compute-security";
import { glueSecurityConfiguration } from "../../policy/rules/glue-security-configuration";
import { kmsKeyRotation } from "../../policy/rules/kms-key-rotation";
import { lakeFormationDefaultPermissions } from "../../policy/rules/lakeformation-default-permissions";
import { lambdaEnvironmentKms } from "../../policy/rules/lambda-environment-kms";
import { noUnconditionedWildcards } from "../../policy/rules/no-unconditioned-wildcards";
import { redshiftKmsEncryption } from "../../policy/rules/redshift-kms-encryption";
import { redshiftNotPublic } from "../../policy/rules/redshift-not-public";
import { s3BucketKmsEncryption } from "../../policy/rules/s3-bucket-kms-encryption";
import { s3BucketPublicAccessBlock } from "../../policy/rules/s3-bucket-public-access-block";
import { s3BucketTlsOnly } from "../../policy/rules/s3-bucket-tls-only";
import { serviceTrustSourceConditions } from "../../policy/rules/service-trust-source-conditions";
import { TestResource, validateResource, validateStack } from "../support/policy-harness";

// The SDK's own proxy, which throws on reading a value unknown during preview.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a module the package does not export as an import
const { unknownCheckingProxy, unknownStringValue } = require("@pulumi/policy/proxy") as { unknownCheckingProxy<T>(o: T): T; unknownStringValue: string };

const KEY = "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const BUCKET = "acme-data-111111111111-eu-west-1";
const ARN = `arn:aws:s3:::${BUCKET}`;

function doc(...Statement: object[]): string {
    return JSON.stringify({ Version: "2012-10-17", Statement });
}

const ROLE = "aws:iam/role:Role";
/** A role trust letting one service assume the role, under these conditions. */
const trust = (service: string, Condition?: object) =>
    doc({ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole", ...(Condition ? { Condition } : {}) });

const TLS = {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [ARN, `${ARN}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
};

/** A bucket and the configuration SecureBucket gives it, with one part replaced or removed. */
function bucketStack(
    change: Partial<Record<"encryption" | "block" | "policy", TestResource | null>> = {},
    bucketProps: Record<string, any> = { bucket: BUCKET },
): TestResource[] {
    const parts: Record<string, TestResource> = {
        encryption: {
            type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            name: "data",
            props: {
                bucket: BUCKET,
                rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY }, bucketKeyEnabled: true }],
            },
        },
        block: {
            type: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
            name: "data",
            props: { bucket: BUCKET, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
        },
        policy: { type: "aws:s3/bucketPolicy:BucketPolicy", name: "data", props: { bucket: BUCKET, policy: doc(TLS) } },
    };
    const others = Object.entries(parts).flatMap(([k, v]) => {
        const replaced = (change as Record<string, TestResource | null | undefined>)[k];
        return replaced === null ? [] : [replaced ?? v];
    });
    return [{ type: "aws:s3/bucket:Bucket", name: "data", props: bucketProps }, ...others];
}

const sse = (
    byDefault: object,
    type = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    props: object = { bucket: BUCKET },
): TestResource => ({
    type,
    name: "data",
    props: { ...props, rules: [{ applyServerSideEncryptionByDefault: byDefault }] },
});
const block = (props: object): TestResource => ({
    type: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    name: "data",
    props: { bucket: BUCKET, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true, ...props },
});
const bucketPolicy = (policy: unknown, bucket: unknown = BUCKET): TestResource => ({
    type: "aws:s3/bucketPolicy:BucketPolicy",
    name: "data",
    props: { bucket, policy },
});

interface StackCase {
    name: string;
    resources: TestResource[];
    /** Expected violation message, or null when the stack passes. */
    violation: RegExp | null;
}

const STACK_CASES: { policy: StackValidationPolicy; cases: StackCase[] }[] = [
    {
        policy: s3BucketKmsEncryption,
        cases: [
            { name: "SSE-KMS with a customer key", resources: bucketStack(), violation: null },
            {
                name: "DSSE-KMS with a customer key",
                resources: bucketStack({ encryption: sse({ sseAlgorithm: "aws:kms:dsse", kmsMasterKeyId: KEY }) }),
                violation: null,
            },
            {
                name: "the deprecated V2 resource",
                resources: bucketStack({
                    encryption: sse(
                        { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY },
                        "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
                    ),
                }),
                violation: null,
            },
            {
                name: "the deprecated inline block on the bucket",
                resources: bucketStack(
                    { encryption: null },
                    {
                        bucket: BUCKET,
                        serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY } } },
                    },
                ),
                violation: null,
            },
            {
                name: "a preview of a new stack: names and key unknown, linked by dependency",
                resources: [
                    { type: "aws:s3/bucket:Bucket", name: "data", props: unknownCheckingProxy({ bucket: unknownStringValue }) },
                    {
                        ...sse({ sseAlgorithm: "aws:kms", kmsMasterKeyId: unknownStringValue }, undefined, { bucket: unknownStringValue }),
                        props: unknownCheckingProxy({
                            bucket: unknownStringValue,
                            rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: unknownStringValue } }],
                        }),
                        propertyDependencies: { bucket: ["data"] },
                    },
                ],
                violation: null,
            },
            {
                name: "no encryption configuration",
                resources: bucketStack({ encryption: null }),
                violation:
                    /bucket data \(acme-data-111111111111-eu-west-1\) has no BucketServerSideEncryptionConfiguration: encrypt it with sseAlgorithm aws:kms/,
            },
            {
                name: "SSE-S3 (AES256)",
                resources: bucketStack({ encryption: sse({ sseAlgorithm: "AES256" }) }),
                violation: /has an encryption configuration without SSE-KMS and a customer key id/,
            },
            {
                name: "SSE-KMS under the AWS managed key",
                resources: bucketStack({ encryption: sse({ sseAlgorithm: "aws:kms" }) }),
                violation: /without SSE-KMS and a customer key id/,
            },
            {
                name: "a configuration of another bucket",
                resources: bucketStack({ encryption: sse({ sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY }, undefined, { bucket: "other-bucket" }) }),
                violation: /has no BucketServerSideEncryptionConfiguration/,
            },
        ],
    },
    {
        policy: s3BucketPublicAccessBlock,
        cases: [
            { name: "all four settings true", resources: bucketStack(), violation: null },
            {
                name: "no public access block",
                resources: bucketStack({ block: null }),
                violation: /has no BucketPublicAccessBlock: add one with all four settings true/,
            },
            {
                name: "public policies allowed",
                resources: bucketStack({ block: block({ blockPublicPolicy: false, restrictPublicBuckets: false }) }),
                violation: /leaves blockPublicPolicy, restrictPublicBuckets off/,
            },
            { name: "a setting left out", resources: bucketStack({ block: block({ ignorePublicAcls: undefined }) }), violation: /leaves ignorePublicAcls off/ },
        ],
    },
    {
        policy: s3BucketTlsOnly,
        cases: [
            { name: "DenyInsecureTransport on bucket and objects", resources: bucketStack(), violation: null },
            {
                name: "a GovCloud partition ARN",
                resources: bucketStack({
                    policy: bucketPolicy(doc({ ...TLS, Resource: [`arn:aws-us-gov:s3:::${BUCKET}`, `arn:aws-us-gov:s3:::${BUCKET}/*`] })),
                }),
                violation: null,
            },
            {
                name: "a boolean false and AWS:* principal",
                resources: bucketStack({
                    policy: bucketPolicy({ Statement: [{ ...TLS, Principal: { AWS: "*" }, Condition: { Bool: { "aws:SecureTransport": false } } }] }),
                }),
                violation: null,
            },
            {
                name: "a policy unknown during preview",
                resources: bucketStack({ policy: { ...bucketPolicy(""), props: unknownCheckingProxy({ bucket: BUCKET, policy: unknownStringValue }) } }),
                violation: null,
            },
            {
                name: "no bucket policy",
                resources: bucketStack({ policy: null }),
                violation: /does not deny insecure transport: add a bucket policy statement with Effect Deny/,
            },
            {
                name: "TLS denied for objects only",
                resources: bucketStack({ policy: bucketPolicy(doc({ ...TLS, Resource: `${ARN}/*` })) }),
                violation: /does not deny insecure transport/,
            },
            {
                name: "no SecureTransport condition",
                resources: bucketStack({ policy: bucketPolicy(doc({ ...TLS, Condition: undefined })) }),
                violation: /does not deny insecure transport/,
            },
            {
                name: "Allow instead of Deny",
                resources: bucketStack({ policy: bucketPolicy(doc({ ...TLS, Effect: "Allow" })) }),
                violation: /does not deny insecure transport/,
            },
            {
                name: "only some actions denied",
                resources: bucketStack({ policy: bucketPolicy(doc({ ...TLS, Action: "s3:GetObject" })) }),
                violation: /does not deny insecure transport/,
            },
        ],
    },
];

interface ResourceCase {
    name: string;
    type: string;
    props: Record<string, any>;
    violation: RegExp | null;
}

const RESOURCE_CASES: { policy: ResourceValidationPolicy; cases: ResourceCase[] }[] = [
    {
        policy: kmsKeyRotation,
        cases: [
            { name: "rotation on", type: "aws:kms/key:Key", props: { enableKeyRotation: true }, violation: null },
            {
                name: "an asymmetric signing key",
                type: "aws:kms/key:Key",
                props: { customerMasterKeySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" },
                violation: null,
            },
            {
                name: "rotation off",
                type: "aws:kms/key:Key",
                props: { enableKeyRotation: false },
                violation: /KMS key k does not rotate: set enableKeyRotation: true/,
            },
            { name: "rotation not set", type: "aws:kms/key:Key", props: {}, violation: /does not rotate/ },
        ],
    },
    {
        policy: noUnconditionedWildcards,
        cases: [
            {
                name: "kms:* for the owner account (the default key policy)",
                type: "aws:kms/key:Key",
                props: { policy: doc({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "kms:*", Resource: "*" }) },
                violation: null,
            },
            { name: "a Deny with wildcards", type: "aws:s3/bucketPolicy:BucketPolicy", props: { policy: doc(TLS) }, violation: null },
            {
                name: 'Principal "*" narrowed to the organisation',
                type: "aws:s3/bucketPolicy:BucketPolicy",
                props: {
                    policy: doc({
                        Effect: "Allow",
                        Principal: "*",
                        Action: "s3:GetObject",
                        Resource: `${ARN}/*`,
                        Condition: { StringEquals: { "aws:PrincipalOrgID": "o-acme000001" } },
                    }),
                },
                violation: null,
            },
            {
                name: 'Principal "*" narrowed to a VPC endpoint',
                type: "aws:ec2/vpcEndpoint:VpcEndpoint",
                props: {
                    policy: doc({
                        Effect: "Allow",
                        Principal: "*",
                        Action: "s3:GetObject",
                        Resource: "*",
                        Condition: { StringEquals: { "aws:SourceVpce": "vpce-1" } },
                    }),
                },
                violation: null,
            },
            {
                name: "a policy unknown during preview",
                type: "aws:iam/rolePolicy:RolePolicy",
                props: unknownCheckingProxy({ policy: unknownStringValue }),
                violation: null,
            },
            {
                name: 'Action "*" in a role policy',
                type: "aws:iam/rolePolicy:RolePolicy",
                props: { policy: doc({ Sid: "Admin", Effect: "Allow", Action: "*", Resource: "*" }) },
                violation: /RolePolicy k: policy statement Admin allows Action "\*" without a narrowing condition/,
            },
            {
                name: 'Principal "*" in a key policy',
                type: "aws:kms/key:Key",
                props: { policy: doc({ Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*" }) },
                violation: /policy statement 0 allows Principal "\*"/,
            },
            {
                name: 'Principal "*" with a condition that does not narrow who',
                type: "aws:s3/bucketPolicy:BucketPolicy",
                props: {
                    policy: doc({
                        Effect: "Allow",
                        Principal: "*",
                        Action: "s3:GetObject",
                        Resource: "*",
                        Condition: { Bool: { "aws:SecureTransport": "true" } },
                    }),
                },
                violation: /allows Principal "\*" without a narrowing condition/,
            },
            {
                name: "a negated condition",
                type: "aws:s3/bucketPolicy:BucketPolicy",
                props: {
                    policy: doc({
                        Effect: "Allow",
                        Principal: "*",
                        Action: "s3:GetObject",
                        Resource: "*",
                        Condition: { StringNotEquals: { "aws:PrincipalAccount": "111111111111" } },
                    }),
                },
                violation: /allows Principal "\*"/,
            },
            {
                name: "an IfExists condition",
                type: "aws:s3/bucketPolicy:BucketPolicy",
                props: {
                    policy: doc({
                        Effect: "Allow",
                        Principal: "*",
                        Action: "s3:GetObject",
                        Resource: "*",
                        Condition: { StringEqualsIfExists: { "aws:PrincipalAccount": "111111111111" } },
                    }),
                },
                violation: /allows Principal "\*"/,
            },
            {
                name: "Allow with NotAction",
                type: "aws:iam/policy:Policy",
                props: { policy: doc({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }) },
                violation: /allows NotAction/,
            },
            {
                name: "Allow with NotPrincipal",
                type: "aws:s3/bucketPolicy:BucketPolicy",
                props: { policy: doc({ Effect: "Allow", NotPrincipal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "s3:GetObject", Resource: "*" }) },
                violation: /allows NotPrincipal/,
            },
            {
                name: "a role's inline policy, as an object",
                type: "aws:iam/role:Role",
                props: { inlinePolicies: [{ name: "x", policy: { Statement: { Effect: "Allow", Action: "*:*", Resource: "*" } } }] },
                violation: /inlinePolicies\[0\]\.policy statement 0 allows Action "\*"/,
            },
            {
                name: "a trust policy open to anyone",
                type: "aws:iam/role:Role",
                props: { assumeRolePolicy: doc({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }) },
                violation: /assumeRolePolicy statement 0 allows Principal "\*"/,
            },
        ],
    },
    {
        policy: serviceTrustSourceConditions,
        cases: [
            {
                name: "Lambda on behalf of this account",
                type: ROLE,
                props: { assumeRolePolicy: trust("lambda.amazonaws.com", { StringEquals: { "aws:SourceAccount": "111111111111" } }) },
                violation: null,
            },
            { name: "Glue, which documents no source key", type: ROLE, props: { assumeRolePolicy: trust("glue.amazonaws.com") }, violation: null },
            {
                name: "Scheduler for one schedule group of this account",
                type: ROLE,
                props: {
                    assumeRolePolicy: trust("scheduler.amazonaws.com", {
                        StringEquals: { "aws:SourceAccount": "111111111111" },
                        ArnLike: { "aws:SourceArn": "arn:aws:scheduler:eu-west-1:111111111111:schedule-group/expiry" },
                    }),
                },
                violation: null,
            },
            {
                name: "an account principal (not a service)",
                type: ROLE,
                props: { assumeRolePolicy: doc({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::222222222222:root" }, Action: "sts:AssumeRole" }) },
                violation: null,
            },
            { name: "a trust unknown during preview", type: ROLE, props: unknownCheckingProxy({ assumeRolePolicy: unknownStringValue }), violation: null },
            {
                name: "Lambda without aws:SourceAccount",
                type: ROLE,
                props: { assumeRolePolicy: trust("lambda.amazonaws.com") },
                violation: /role k: trust statement 0 lets lambda\.amazonaws\.com assume it without aws:SourceAccount: .*permissions-managed-policies\.html/,
            },
            {
                name: "Lambda on behalf of any account",
                type: ROLE,
                props: { assumeRolePolicy: trust("lambda.amazonaws.com", { StringLike: { "aws:SourceAccount": "*" } }) },
                violation: /without aws:SourceAccount/,
            },
            {
                name: "Lambda with a lenient IfExists",
                type: ROLE,
                props: { assumeRolePolicy: trust("lambda.amazonaws.com", { StringEqualsIfExists: { "aws:SourceAccount": "111111111111" } }) },
                violation: /without aws:SourceAccount/,
            },
            {
                name: "Lambda with a negated condition",
                type: ROLE,
                props: { assumeRolePolicy: trust("lambda.amazonaws.com", { StringNotEquals: { "aws:SourceAccount": "999999999999" } }) },
                violation: /without aws:SourceAccount/,
            },
            {
                name: "a conditioned statement beside an open one",
                type: ROLE,
                props: {
                    assumeRolePolicy: doc(
                        {
                            Sid: "Safe",
                            Effect: "Allow",
                            Principal: { Service: "lambda.amazonaws.com" },
                            Action: "sts:AssumeRole",
                            Condition: { StringEquals: { "aws:SourceAccount": "111111111111" } },
                        },
                        { Sid: "Open", Effect: "Allow", Principal: { Service: ["lambda.amazonaws.com"] }, Action: ["sts:AssumeRole", "sts:TagSession"] },
                    ),
                },
                violation: /trust statement Open lets lambda\.amazonaws\.com assume it without aws:SourceAccount/,
            },
            {
                name: "Scheduler without its schedule group",
                type: ROLE,
                props: { assumeRolePolicy: trust("scheduler.amazonaws.com", { StringEquals: { "aws:SourceAccount": "111111111111" } }) },
                violation: /lets scheduler\.amazonaws\.com assume it without aws:SourceArn/,
            },
            {
                name: "a service nobody looked up",
                type: ROLE,
                props: { assumeRolePolicy: trust("ec2.amazonaws.com") },
                violation: /lets ec2\.amazonaws\.com assume it, a service the trust registry does not know/,
            },
        ],
    },
    {
        policy: lakeFormationDefaultPermissions,
        cases: [
            {
                name: "both cleared",
                type: "aws:lakeformation/dataLakeSettings:DataLakeSettings",
                props: { createDatabaseDefaultPermissions: [], createTableDefaultPermissions: [] },
                violation: null,
            },
            {
                name: "database defaults left unset",
                type: "aws:lakeformation/dataLakeSettings:DataLakeSettings",
                props: { createTableDefaultPermissions: [] },
                violation: /leave createDatabaseDefaultPermissions unset, which keeps the AWS default \(ALL to IAM_ALLOWED_PRINCIPALS\): set it to \[\]/,
            },
            {
                name: "IAM_ALLOWED_PRINCIPALS kept for tables",
                type: "aws:lakeformation/dataLakeSettings:DataLakeSettings",
                props: { createDatabaseDefaultPermissions: [], createTableDefaultPermissions: [{ principal: "IAM_ALLOWED_PRINCIPALS", permissions: ["ALL"] }] },
                violation: /grant default permissions through createTableDefaultPermissions: set it to \[\]/,
            },
        ],
    },
    {
        policy: redshiftKmsEncryption,
        cases: [
            { name: "a cluster under a customer key", type: "aws:redshift/cluster:Cluster", props: { encrypted: "true", kmsKeyId: KEY }, violation: null },
            { name: "a namespace under a customer key", type: "aws:redshiftserverless/namespace:Namespace", props: { kmsKeyId: KEY }, violation: null },
            {
                name: "an unencrypted cluster",
                type: "aws:redshift/cluster:Cluster",
                props: { encrypted: "false", kmsKeyId: KEY },
                violation: /Redshift cluster k is not encrypted: set encrypted: true/,
            },
            {
                name: "a cluster without a customer key",
                type: "aws:redshift/cluster:Cluster",
                props: { encrypted: true },
                violation: /Redshift cluster k has no kmsKeyId/,
            },
            {
                name: "a namespace without a customer key",
                type: "aws:redshiftserverless/namespace:Namespace",
                props: {},
                violation: /namespace k has no kmsKeyId/,
            },
        ],
    },
    {
        policy: redshiftNotPublic,
        cases: [
            { name: "a private cluster", type: "aws:redshift/cluster:Cluster", props: { publiclyAccessible: false }, violation: null },
            { name: "a workgroup with the default (private)", type: "aws:redshiftserverless/workgroup:Workgroup", props: {}, violation: null },
            {
                name: "a public cluster",
                type: "aws:redshift/cluster:Cluster",
                props: { publiclyAccessible: true },
                violation: /Redshift cluster k is publicly accessible: set publiclyAccessible: false/,
            },
            {
                name: "a public workgroup",
                type: "aws:redshiftserverless/workgroup:Workgroup",
                props: { publiclyAccessible: true },
                violation: /Serverless workgroup k is publicly accessible/,
            },
        ],
    },
    {
        policy: lambdaEnvironmentKms,
        cases: [
            {
                name: "variables under a customer key",
                type: "aws:lambda/function:Function",
                props: { environment: { variables: { TABLE: "requests" } }, kmsKeyArn: KEY },
                violation: null,
            },
            { name: "no variables, no key", type: "aws:lambda/function:Function", props: {}, violation: null },
            {
                name: "variables under the default service key",
                type: "aws:lambda/function:Function",
                props: { environment: { variables: { TABLE: "requests" } } },
                violation: /Lambda function k has environment variables but no kmsKeyArn/,
            },
        ],
    },
    {
        policy: dynamodbKmsEncryption,
        cases: [
            {
                name: "SSE under a customer key",
                type: "aws:dynamodb/table:Table",
                props: { serverSideEncryption: { enabled: true, kmsKeyArn: KEY } },
                violation: null,
            },
            {
                name: "the default AWS owned key",
                type: "aws:dynamodb/table:Table",
                props: {},
                violation: /DynamoDB table k is not encrypted with a customer managed key/,
            },
            {
                name: "the AWS managed key",
                type: "aws:dynamodb/table:Table",
                props: { serverSideEncryption: { enabled: true } },
                violation: /not encrypted with a customer managed key/,
            },
        ],
    },
    {
        policy: athenaResultsEncryption,
        cases: [
            {
                name: "SSE_KMS results, enforced",
                type: "aws:athena/workgroup:Workgroup",
                props: {
                    configuration: {
                        enforceWorkgroupConfiguration: true,
                        resultConfiguration: { encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: KEY } },
                    },
                },
                violation: null,
            },
            {
                name: "managed results under a key",
                type: "aws:athena/workgroup:Workgroup",
                props: { configuration: { managedQueryResultsConfiguration: { enabled: true, encryptionConfiguration: { kmsKey: KEY } } } },
                violation: null,
            },
            {
                name: "SSE_S3 results",
                type: "aws:athena/workgroup:Workgroup",
                props: { configuration: { resultConfiguration: { encryptionConfiguration: { encryptionOption: "SSE_S3" } } } },
                violation: /encrypts results with SSE_S3: use SSE_KMS or CSE_KMS/,
            },
            {
                name: "no result encryption",
                type: "aws:athena/workgroup:Workgroup",
                props: { configuration: { resultConfiguration: { outputLocation: "s3://r/" } } },
                violation: /does not encrypt query results with a KMS key/,
            },
            {
                name: "clients may override",
                type: "aws:athena/workgroup:Workgroup",
                props: {
                    configuration: {
                        enforceWorkgroupConfiguration: false,
                        resultConfiguration: { encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: KEY } },
                    },
                },
                violation: /lets clients override its settings/,
            },
            {
                name: "managed results without a key",
                type: "aws:athena/workgroup:Workgroup",
                props: { configuration: { managedQueryResultsConfiguration: { enabled: true } } },
                violation: /Athena managed storage without a KMS key/,
            },
        ],
    },
    {
        policy: glueSecurityConfiguration,
        cases: [
            {
                name: "all three parts under KMS",
                type: "aws:glue/securityConfiguration:SecurityConfiguration",
                props: {
                    encryptionConfiguration: {
                        s3Encryption: { s3EncryptionMode: "SSE-KMS", kmsKeyArn: KEY },
                        cloudwatchEncryption: { cloudwatchEncryptionMode: "SSE-KMS", kmsKeyArn: KEY },
                        jobBookmarksEncryption: { jobBookmarksEncryptionMode: "CSE-KMS", kmsKeyArn: KEY },
                    },
                },
                violation: null,
            },
            {
                name: "S3 output unencrypted",
                type: "aws:glue/securityConfiguration:SecurityConfiguration",
                props: {
                    encryptionConfiguration: {
                        s3Encryption: { s3EncryptionMode: "DISABLED" },
                        cloudwatchEncryption: { cloudwatchEncryptionMode: "SSE-KMS", kmsKeyArn: KEY },
                        jobBookmarksEncryption: { jobBookmarksEncryptionMode: "CSE-KMS", kmsKeyArn: KEY },
                    },
                },
                violation: /does not encrypt data written to S3 with KMS \(s3Encryption\.s3EncryptionMode is DISABLED\): use SSE-KMS/,
            },
            {
                name: "bookmarks without a key",
                type: "aws:glue/securityConfiguration:SecurityConfiguration",
                props: {
                    encryptionConfiguration: {
                        s3Encryption: { s3EncryptionMode: "SSE-KMS", kmsKeyArn: KEY },
                        cloudwatchEncryption: { cloudwatchEncryptionMode: "SSE-KMS", kmsKeyArn: KEY },
                        jobBookmarksEncryption: { jobBookmarksEncryptionMode: "CSE-KMS" },
                    },
                },
                violation: /has no key for job bookmarks: set jobBookmarksEncryption\.kmsKeyArn/,
            },
        ],
    },
    {
        policy: glueJobsUseSecurityConfiguration,
        cases: [
            { name: "a job under a security configuration", type: "aws:glue/job:Job", props: { securityConfiguration: "lake-glue" }, violation: null },
            { name: "a job without one", type: "aws:glue/job:Job", props: {}, violation: /Glue job k has no securityConfiguration/ },
        ],
    },
    {
        policy: glueCrawlersUseSecurityConfiguration,
        cases: [
            {
                name: "a crawler under a security configuration",
                type: "aws:glue/crawler:Crawler",
                props: { securityConfiguration: "lake-glue" },
                violation: null,
            },
            { name: "a crawler without one", type: "aws:glue/crawler:Crawler", props: {}, violation: /Glue crawler k has no securityConfiguration/ },
        ],
    },
    {
        policy: apiGatewayAuthenticated,
        cases: [
            { name: "IAM authorization", type: "aws:apigateway/method:Method", props: { httpMethod: "POST", authorization: "AWS_IAM" }, violation: null },
            {
                name: "an API key",
                type: "aws:apigateway/method:Method",
                props: { httpMethod: "GET", authorization: "NONE", apiKeyRequired: true },
                violation: null,
            },
            {
                name: "open to anyone",
                type: "aws:apigateway/method:Method",
                props: { httpMethod: "GET", authorization: "NONE" },
                violation: /API method k \(GET\) is open to anyone/,
            },
            {
                name: "open CORS preflight",
                type: "aws:apigateway/method:Method",
                props: { httpMethod: "OPTIONS", authorization: "NONE", apiKeyRequired: false },
                violation: /\(OPTIONS\) is open to anyone/,
            },
        ],
    },
];

describe("policy pack rules: one resource that violates each, one that passes", () => {
    for (const { policy, cases } of STACK_CASES) {
        describe(policy.name, () => {
            for (const c of cases) {
                it(`${c.violation ? "reports" : "passes"} ${c.name}`, async () => {
                    const found = await validateStack(policy, c.resources);
                    if (c.violation === null) {
                        assert.deepEqual(found, []);
                    } else {
                        assert.equal(found.length, 1, JSON.stringify(found));
                        assert.match(found[0].message, c.violation);
                        assert.equal(found[0].resource, "aws:s3/bucket:Bucket data", "reported on the bucket");
                    }
                });
            }
        });
    }
    for (const { policy, cases } of RESOURCE_CASES) {
        describe(policy.name, () => {
            for (const c of cases) {
                it(`${c.violation ? "reports" : "passes"} ${c.name}`, async () => {
                    const found = await validateResource(policy, { type: c.type, name: "k", props: c.props });
                    if (c.violation === null) {
                        assert.deepEqual(found, []);
                    } else {
                        assert.equal(found.length, 1, JSON.stringify(found));
                        assert.match(found[0].message, c.violation);
                    }
                });
            }
            it("ignores resources of other types", async () => {
                assert.deepEqual(await validateResource(policy, { type: "aws:sns/topic:Topic", name: "t", props: {} }), []);
            });
        });
    }

    it("covers every policy of the pack, each mandatory", () => {
        const tested = [...STACK_CASES, ...RESOURCE_CASES].map((c) => c.policy.name).sort();
        assert.deepEqual(tested, policies.map((p) => p.name).sort());
        for (const p of policies) assert.equal(p.enforcementLevel, "mandatory", p.name);
    });
});
