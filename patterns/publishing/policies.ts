import * as pulumi from "@pulumi/pulumi";
import { AccountNames } from "../../core/naming";
import { PolicyDocument, policyDocument } from "../../core/policy/document";

/**
 * What one product's publish job may do, and nothing more: read the metadata of its source
 * tables (Lake Formation decides, and vends the credentials that read the lake with the
 * lake key; the role itself reads no lake object), read its script, and write, list and
 * clear its own product's folder of Published Datasets with that bucket's key.
 */

export interface PublishRoleScope {
    readonly names: AccountNames;
    /** The product: its folder of Published Datasets is the only place the role writes. */
    readonly product: string;
    /** The producer's database holding the source tables. */
    readonly database: string;
    /** The source tables, by name. */
    readonly tables: readonly string[];
    readonly publishedBucketArn: string;
    readonly publishedKeyArn: pulumi.Input<string>;
    /** Bucket holding the job's script (the lake's Glue assets bucket), and its key. */
    readonly scriptsBucketArn: string;
    readonly scriptsKeyArn: pulumi.Input<string>;
    /** Keys of the scripts the job loads. */
    readonly scriptKeys: readonly string[];
}

export function publishRolePolicy(r: PublishRoleScope): PolicyDocument {
    const { names } = r;
    const s3 = `s3.${names.account.region}.amazonaws.com`;
    const folder = `${r.product}/`;
    return policyDocument([
        {
            Sid: "ReadSourceTableMetadata",
            Effect: "Allow",
            Action: ["glue:GetDatabase", "glue:GetTable", "glue:GetPartitions"],
            Resource: [
                names.arn("glue", "catalog"),
                names.arn("glue", `database/${r.database}`),
                ...r.tables.map((t) => names.arn("glue", `table/${r.database}/${t}`)),
            ],
        },
        // Lake Formation vends credentials for the registered lake only for what it granted (the source tables).
        { Sid: "LakeFormationCredentials", Effect: "Allow", Action: "lakeformation:GetDataAccess", Resource: "*" },
        {
            Sid: "WriteOwnSnapshots",
            Effect: "Allow",
            Action: ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
            Resource: `${r.publishedBucketArn}/${folder}*`,
        },
        {
            Sid: "ListOwnFolder",
            Effect: "Allow",
            Action: "s3:ListBucket",
            Resource: r.publishedBucketArn,
            Condition: { StringLike: { "s3:prefix": [folder, `${folder}*`] } },
        },
        {
            Sid: "PublishedKeyThroughS3",
            Effect: "Allow",
            // Decrypt too: a multipart upload reads back its encrypted parts.
            Action: ["kms:GenerateDataKey", "kms:Encrypt", "kms:Decrypt"],
            Resource: r.publishedKeyArn,
            Condition: { StringEquals: { "kms:ViaService": s3 } },
        },
        { Sid: "ReadScripts", Effect: "Allow", Action: "s3:GetObject", Resource: r.scriptKeys.map((k) => `${r.scriptsBucketArn}/${k}`) },
        {
            Sid: "ScriptsKeyThroughS3",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: r.scriptsKeyArn,
            Condition: { StringEquals: { "kms:ViaService": s3 } },
        },
        {
            Sid: "OwnLogGroups",
            Effect: "Allow",
            Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:AssociateKmsKey"],
            // CloudWatch Logs encrypts them with the published key itself (its key policy admits Glue's log groups).
            Resource: names.arn("logs", "log-group:/aws-glue/*"),
        },
    ]);
}
