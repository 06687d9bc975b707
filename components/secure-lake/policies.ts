import * as pulumi from "@pulumi/pulumi";
import { AccountNames } from "../../core/naming";
import { PolicyDocument, PolicyStatement, policyDocument } from "../../core/policy/document";
import { locationAccessPolicy } from "../lake-formation/registered-location";
import { LakeTable } from "./tables";

/**
 * Identity policies of the lake's principals, each the least its holder needs. Lake
 * Formation decides what data a principal sees; these policies only let it reach the
 * services, so the catalog actions here grant no data by themselves.
 */

/** Where the lake's policies point. ARNs are computed from names, so documents stay plain data. */
export interface LakeResources {
    /** Names of the lake's account, for the catalog's ARNs. */
    readonly names: AccountNames;
    /** The lake bucket holding the tables' files. */
    readonly lakeBucketArn: string;
    /** The bucket Athena writes query results to. */
    readonly athenaBucketArn: string;
    /** The bucket holding the Glue scripts and temporary files. */
    readonly assetsBucketArn: string;
    /** The lake key, which encrypts all three buckets. */
    readonly keyArn: pulumi.Input<string>;
    /** The lake's Glue database. */
    readonly database: string;
    /** The analysts' Athena workgroup. */
    readonly workgroupArn: string;
}

function catalogArns(r: LakeResources, tables: readonly string[] | "all"): string[] {
    const tableArns = tables === "all" ? [r.names.arn("glue", `table/${r.database}/*`)] : tables.map((t) => r.names.arn("glue", `table/${r.database}/${t}`));
    return [r.names.arn("glue", "catalog"), r.names.arn("glue", `database/${r.database}`), ...tableArns];
}

/** Athena's name for the account's Glue Data Catalog. */
const ATHENA_GLUE_CATALOG = "AwsDataCatalog";

/** Lake Formation hands out temporary credentials for registered locations; the action has no resource scope. */
const GET_DATA_ACCESS: PolicyStatement = { Sid: "LakeFormationCredentialVending", Effect: "Allow", Action: "lakeformation:GetDataAccess", Resource: "*" };

function useKeyThroughS3(r: LakeResources, actions: string[]): PolicyStatement {
    return {
        Sid: "LakeKeyThroughS3",
        Effect: "Allow",
        Action: actions,
        Resource: r.keyArn,
        Condition: { StringEquals: { "kms:ViaService": `s3.${r.names.account.region}.amazonaws.com` } },
    };
}

/**
 * What the data lake administrator needs beyond the managed policies reference/004 names
 * (AWSLakeFormationDataAdmin, AWSGlueConsoleFullAccess, AmazonS3ReadOnlyAccess): the Lake
 * Formation service-linked role. The admin administers the lake and reads no data: it gets
 * no use of the lake key, and AmazonS3ReadOnlyAccess is denied the lake's objects, since no
 * individual user may reach cardholder data (reference/004).
 */
export function lakeAdminPolicy(r: LakeResources): PolicyDocument {
    const { names } = r;
    return policyDocument([
        {
            Sid: "CreateLakeFormationServiceLinkedRole",
            Effect: "Allow",
            Action: "iam:CreateServiceLinkedRole",
            Resource: names.serviceRoleArn("aws-service-role/lakeformation.amazonaws.com/AWSServiceRoleForLakeFormationDataAccess"),
            Condition: { StringEquals: { "iam:AWSServiceName": "lakeformation.amazonaws.com" } },
        },
        {
            Sid: "ManageLakeFormationServiceLinkedRole",
            Effect: "Allow",
            Action: ["iam:PutRolePolicy", "iam:DeleteRolePolicy"],
            Resource: names.serviceRoleArn("aws-service-role/lakeformation.amazonaws.com/AWSServiceRoleForLakeFormationDataAccess"),
        },
        // Explicit, so a key grant or a policy added to the group later cannot reopen the raw files.
        { Sid: "NoLakeObjectsThroughS3", Effect: "Deny", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: `${r.lakeBucketArn}/*` },
    ]);
}

/**
 * The analyst queries through the lake's Athena workgroup; Lake Formation filters what comes
 * back. The Athena console also lists workgroups and data catalogs, then reads the catalog's
 * databases and table metadata (Athena User Guide, "Example workgroup policies").
 */
export function analystPolicy(r: LakeResources): PolicyDocument {
    const { names } = r;
    return policyDocument([
        {
            Sid: "QueryThroughTheLakeWorkgroup",
            Effect: "Allow",
            Action: ["athena:StartQueryExecution", "athena:StopQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults", "athena:GetWorkGroup"],
            Resource: r.workgroupArn,
        },
        // Neither action can be scoped to a resource.
        { Sid: "AthenaConsoleLists", Effect: "Allow", Action: ["athena:ListWorkGroups", "athena:ListDataCatalogs"], Resource: "*" },
        {
            Sid: "AthenaConsoleReadsTheCatalog",
            Effect: "Allow",
            Action: ["athena:GetDataCatalog", "athena:ListDatabases", "athena:GetDatabase", "athena:ListTableMetadata", "athena:GetTableMetadata"],
            Resource: names.arn("athena", `datacatalog/${ATHENA_GLUE_CATALOG}`),
        },
        {
            Sid: "ReadCatalogMetadata",
            Effect: "Allow",
            Action: ["glue:GetDatabase", "glue:GetTable", "glue:GetTables", "glue:GetPartitions"],
            Resource: catalogArns(r, "all"),
        },
        // Listing names every database; Lake Formation returns only those the analyst was granted.
        {
            Sid: "ListCatalogDatabases",
            Effect: "Allow",
            Action: "glue:GetDatabases",
            Resource: [names.arn("glue", "catalog"), names.arn("glue", "database/*")],
        },
        GET_DATA_ACCESS,
        {
            Sid: "AthenaResults",
            Effect: "Allow",
            Action: ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload"],
            Resource: `${r.athenaBucketArn}/results/*`,
        },
        { Sid: "AthenaResultsBucket", Effect: "Allow", Action: ["s3:GetBucketLocation", "s3:ListBucket"], Resource: r.athenaBucketArn },
        useKeyThroughS3(r, ["kms:Decrypt", "kms:GenerateDataKey"]),
    ]);
}

/**
 * The Glue role crawls the lake's tables and runs the masking jobs: it reads the raw
 * folders, writes the clean ones, reads its scripts, and logs to its own log groups.
 */
export function glueRolePolicy(r: LakeResources, raw: readonly LakeTable[], clean: readonly LakeTable[]): PolicyDocument {
    const { names } = r;
    const folder = (t: LakeTable) => `${r.lakeBucketArn}/${t.folder}*`;
    return policyDocument([
        { Sid: "ReadLakeFolders", Effect: "Allow", Action: "s3:GetObject", Resource: [...raw, ...clean].map(folder) },
        { Sid: "WriteCleanFolders", Effect: "Allow", Action: ["s3:PutObject", "s3:DeleteObject"], Resource: clean.map(folder) },
        {
            Sid: "ListLakeFolders",
            Effect: "Allow",
            Action: "s3:ListBucket",
            Resource: r.lakeBucketArn,
            Condition: { StringLike: { "s3:prefix": [...raw, ...clean].flatMap((t) => [t.folder, `${t.folder}*`]) } },
        },
        { Sid: "ReadScripts", Effect: "Allow", Action: "s3:GetObject", Resource: `${r.assetsBucketArn}/scripts/*` },
        { Sid: "UseTempDir", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: `${r.assetsBucketArn}/temp/*` },
        { Sid: "ListAssets", Effect: "Allow", Action: "s3:ListBucket", Resource: r.assetsBucketArn },
        {
            Sid: "UpdateLakeCatalog",
            Effect: "Allow",
            Action: [
                "glue:GetDatabase",
                "glue:GetTable",
                "glue:GetTables",
                "glue:UpdateTable",
                "glue:CreateTable",
                "glue:GetPartitions",
                "glue:BatchGetPartition",
                "glue:BatchCreatePartition",
                "glue:UpdatePartition",
            ],
            Resource: catalogArns(r, "all"),
        },
        GET_DATA_ACCESS,
        {
            Sid: "OwnLogGroups",
            Effect: "Allow",
            Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:AssociateKmsKey"],
            Resource: names.arn("logs", "log-group:/aws-glue/*"),
        },
        {
            Sid: "LakeKey",
            Effect: "Allow",
            Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"],
            Resource: r.keyArn,
        },
    ]);
}

/** The role Lake Formation uses to read and write the registered lake location. */
export function dataAccessRolePolicy(r: LakeResources): PolicyDocument {
    return locationAccessPolicy(r.lakeBucketArn, r.keyArn, r.names.account.region);
}

/** QuickSight reads Athena's results through its S3 consumers role (reference/004, "Security & permissions"). */
export function quickSightResultsPolicy(r: LakeResources): PolicyDocument {
    return policyDocument([
        {
            Sid: "AthenaResults",
            Effect: "Allow",
            Action: ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload"],
            Resource: `${r.athenaBucketArn}/results/*`,
        },
        { Sid: "AthenaResultsBucket", Effect: "Allow", Action: ["s3:GetBucketLocation", "s3:ListBucket"], Resource: r.athenaBucketArn },
    ]);
}
