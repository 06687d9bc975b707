import * as pulumi from "@pulumi/pulumi";
import { AccountNames } from "../../../core/naming";
import { PolicyDocument, PolicyStatement, policyDocument } from "../../../core/policy/document";

/**
 * The microbatch function's grants (pattern 5's "microbatch process"): query one warehouse
 * through the Data API and follow only its own statements, write one folder of the
 * published datasets bucket, and keep its watermark.
 */

/** How the function signs in to the warehouse. */
export type WarehouseSignIn =
    /** With a database user's secret (e.g. the admin secret Redshift manages), encrypted with `keyArn` when given. */
    | { readonly kind: "secret"; readonly secretArn: pulumi.Input<string>; readonly secretKeyArn?: pulumi.Input<string> }
    /** As its IAM identity on Redshift Serverless (database user `IAMR:<role name>`). */
    | { readonly kind: "serverless-iam" }
    /** As its IAM identity on a provisioned cluster; `dbNameArn` is `arn:…:redshift:<region>:<account>:dbname:<cluster>/<database>`. */
    | { readonly kind: "cluster-iam"; readonly dbNameArn: pulumi.Input<string> };

/** Everything the microbatch function reaches. */
export interface MicrobatchAccess {
    /** Names of the producer account. */
    readonly names: AccountNames;
    /** ARN of the Serverless workgroup or the provisioned cluster. */
    readonly warehouseArn: pulumi.Input<string>;
    /** How it signs in to the warehouse. */
    readonly signIn: WarehouseSignIn;
    /** The published datasets bucket. */
    readonly bucketArn: string;
    /** The function's folder in it, ending in `/`. */
    readonly prefix: string;
    /** The key the batches are encrypted with. */
    readonly keyArn: pulumi.Input<string>;
    /** The watermark table. */
    readonly watermarkTableArn: string;
}

/** Statement-level Data API actions take no resource: the caller may act only on statements it started. */
export const OWN_STATEMENTS = { StringEquals: { "redshift-data:statement-owner-iam-userid": "${aws:userid}" } };

/** The function's grants; the runtime ones (logs, traces, environment key) come with its `ScopedFunction`. */
export function microbatchPolicy(a: MicrobatchAccess): PolicyDocument {
    if (!a.prefix.endsWith("/") || a.prefix.startsWith("/") || a.prefix.includes("*")) {
        throw new Error(`output prefix ${JSON.stringify(a.prefix)} must be a folder such as "transaction_logs/": ending in "/", no leading "/", no wildcard`);
    }
    const region = a.names.account.region;
    const signIn: PolicyStatement[] =
        a.signIn.kind === "secret"
            ? [
                  { Sid: "ReadWarehouseSecret", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: a.signIn.secretArn },
                  ...(a.signIn.secretKeyArn
                      ? [
                            {
                                Sid: "DecryptWarehouseSecret",
                                Effect: "Allow",
                                Action: "kms:Decrypt",
                                Resource: a.signIn.secretKeyArn,
                                Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${region}.amazonaws.com` } },
                            } satisfies PolicyStatement,
                        ]
                      : []),
              ]
            : a.signIn.kind === "serverless-iam"
              ? [{ Sid: "SignInAsRole", Effect: "Allow", Action: "redshift-serverless:GetCredentials", Resource: a.warehouseArn }]
              : [{ Sid: "SignInAsRole", Effect: "Allow", Action: "redshift:GetClusterCredentialsWithIAM", Resource: a.signIn.dbNameArn }];
    return policyDocument([
        { Sid: "QueryWarehouse", Effect: "Allow", Action: "redshift-data:ExecuteStatement", Resource: a.warehouseArn },
        {
            Sid: "FollowOwnStatements",
            Effect: "Allow",
            Action: ["redshift-data:DescribeStatement", "redshift-data:GetStatementResult", "redshift-data:CancelStatement"],
            Resource: "*",
            Condition: OWN_STATEMENTS,
        },
        ...signIn,
        { Sid: "WriteBatches", Effect: "Allow", Action: "s3:PutObject", Resource: `${a.bucketArn}/${a.prefix}*` },
        {
            Sid: "EncryptBatchesThroughS3",
            Effect: "Allow",
            Action: "kms:GenerateDataKey",
            Resource: a.keyArn,
            // With S3 Bucket Keys the context names the bucket, otherwise the object.
            Condition: {
                StringEquals: { "kms:ViaService": `s3.${region}.amazonaws.com` },
                StringLike: { "kms:EncryptionContext:aws:s3:arn": [a.bucketArn, `${a.bucketArn}/${a.prefix}*`] },
            },
        },
        { Sid: "KeepWatermark", Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:UpdateItem"], Resource: a.watermarkTableArn },
    ]);
}
