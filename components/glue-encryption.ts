import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccountNames } from "../core/naming";
import { KeyGrant, USE_KEY } from "../core/policy/key-policy";

export interface GlueEncryptionArgs {
    /** Names of the owning account: the security configuration's name comes from it. */
    names: AccountNames;
    /** Purpose in the configuration's name, e.g. "lake-glue". */
    purpose: string;
    /** Customer key for Glue's S3 output, its CloudWatch logs and its job bookmarks. */
    keyArn: pulumi.Input<string>;
}

/**
 * A Glue security configuration that encrypts everything Glue writes (S3 output, CloudWatch
 * logs, job bookmarks) with one customer key. Every crawler and job of the program runs
 * under one. The key must also carry `glueLogsKeyGrant`, or Glue cannot create its logs.
 */
export function glueSecurityConfiguration(name: string, args: GlueEncryptionArgs, opts: pulumi.CustomResourceOptions): aws.glue.SecurityConfiguration {
    return new aws.glue.SecurityConfiguration(
        name,
        {
            name: args.names.name("generic", args.purpose),
            encryptionConfiguration: {
                s3Encryption: { s3EncryptionMode: "SSE-KMS", kmsKeyArn: args.keyArn },
                cloudwatchEncryption: { cloudwatchEncryptionMode: "SSE-KMS", kmsKeyArn: args.keyArn },
                jobBookmarksEncryption: { jobBookmarksEncryptionMode: "CSE-KMS", kmsKeyArn: args.keyArn },
            },
        },
        opts,
    );
}

/** CloudWatch Logs may use the key for Glue's log groups of this account, and for nothing else. */
export function glueLogsKeyGrant(names: AccountNames): KeyGrant {
    return {
        sid: "CloudWatchLogsEncryptGlueLogs",
        grantee: { services: [`logs.${names.account.region}.amazonaws.com`] },
        actions: USE_KEY,
        conditions: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": names.arn("logs", "log-group:/aws-glue/*") } },
    };
}
