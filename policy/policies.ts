import type { Policies } from "@pulumi/policy";
import { apiGatewayAuthenticated } from "./rules/api-gateway-authenticated";
import { athenaResultsEncryption } from "./rules/athena-results-encryption";
import { dynamodbKmsEncryption } from "./rules/dynamodb-kms-encryption";
import { glueCrawlersUseSecurityConfiguration, glueJobsUseSecurityConfiguration } from "./rules/glue-compute-security";
import { glueSecurityConfiguration } from "./rules/glue-security-configuration";
import { kmsKeyRotation } from "./rules/kms-key-rotation";
import { lakeFormationDefaultPermissions } from "./rules/lakeformation-default-permissions";
import { lambdaEnvironmentKms } from "./rules/lambda-environment-kms";
import { noUnconditionedWildcards } from "./rules/no-unconditioned-wildcards";
import { redshiftKmsEncryption } from "./rules/redshift-kms-encryption";
import { redshiftNotPublic } from "./rules/redshift-not-public";
import { s3BucketKmsEncryption } from "./rules/s3-bucket-kms-encryption";
import { s3BucketPublicAccessBlock } from "./rules/s3-bucket-public-access-block";
import { s3BucketTlsOnly } from "./rules/s3-bucket-tls-only";
import { serviceTrustSourceConditions } from "./rules/service-trust-source-conditions";

/** Every policy of the pack; tests import this list, index.ts serves it. */
export const policies: Policies = [
    s3BucketKmsEncryption,
    s3BucketPublicAccessBlock,
    s3BucketTlsOnly,
    kmsKeyRotation,
    noUnconditionedWildcards,
    serviceTrustSourceConditions,
    lakeFormationDefaultPermissions,
    redshiftKmsEncryption,
    redshiftNotPublic,
    lambdaEnvironmentKms,
    dynamodbKmsEncryption,
    athenaResultsEncryption,
    glueSecurityConfiguration,
    glueJobsUseSecurityConfiguration,
    glueCrawlersUseSecurityConfiguration,
    apiGatewayAuthenticated,
];
