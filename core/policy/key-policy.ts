import * as pulumi from "@pulumi/pulumi";
import { AccountNames, accountRootArn } from "../naming";
import { Conditions, PolicyDocument, PolicyStatement, policyDocument } from "./document";

/** KMS actions a grant may name; a typo is a compile error, not a silent no-op. */
export type KmsAction =
    | "kms:Decrypt"
    | "kms:Encrypt"
    | "kms:DescribeKey"
    | "kms:GenerateDataKey"
    | "kms:GenerateDataKey*"
    | "kms:GenerateDataKeyPair"
    | "kms:GenerateDataKeyWithoutPlaintext"
    | "kms:ReEncryptFrom"
    | "kms:ReEncryptTo"
    | "kms:ReEncrypt*"
    | "kms:CreateGrant"
    | "kms:ListGrants"
    | "kms:RevokeGrant";

/** Who a key grant is for: whole accounts and IAM principals, or AWS services (not both). */
export interface KeyGrantee {
    /** Whole AWS accounts (12-digit ids), each as its root principal. */
    readonly accounts?: readonly string[];
    /** IAM principal ARNs (roles, users). */
    readonly principals?: readonly pulumi.Input<string>[];
    /** AWS service principals, e.g. "logs.eu-west-1.amazonaws.com". */
    readonly services?: readonly string[];
}

/** One named grant in a key policy. */
export interface KeyGrant {
    /** Statement id saying who and why, e.g. "ReplicationRoleEncryptsReplicas". */
    readonly sid: string;
    /** Who the statement allows. */
    readonly grantee: KeyGrantee;
    /** KMS actions allowed on the key. */
    readonly actions: readonly KmsAction[];
    /** Narrowing conditions, e.g. `{ StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } }`. */
    readonly conditions?: Conditions;
}

/** Envelope-encryption use of a key, as S3 and most services need it. */
export const USE_KEY: readonly KmsAction[] = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*", "kms:DescribeKey"];
/** Read-only use: decrypt what others wrote. */
export const DECRYPT_ONLY: readonly KmsAction[] = ["kms:Decrypt", "kms:DescribeKey"];

export function keyGrantStatement(grant: KeyGrant, partition = "aws"): PolicyStatement {
    const aws = [...(grant.grantee.accounts ?? []).map((a) => accountRootArn(a, partition)), ...(grant.grantee.principals ?? [])];
    const services = [...(grant.grantee.services ?? [])];
    if ((aws.length === 0) === (services.length === 0)) {
        throw new Error(`key grant ${grant.sid} must name either IAM grantees or services: split it into two grants`);
    }
    return {
        Sid: grant.sid,
        Effect: "Allow",
        Principal: aws.length > 0 ? { AWS: aws } : { Service: services },
        Action: [...grant.actions],
        Resource: "*",
        ...(grant.conditions ? { Condition: grant.conditions } : {}),
    };
}

/**
 * A key policy: the owning account administers the key through IAM (without this
 * statement a key can become unmanageable), then one statement per named grant.
 */
export function keyPolicy(ownerAccountId: string, grants: readonly KeyGrant[] = [], partition = "aws"): PolicyDocument {
    const sids = new Set<string>();
    for (const g of grants) {
        if (sids.has(g.sid) || g.sid === "OwnerAccountAdministers") {
            throw new Error(`key policy has two statements named ${g.sid}`);
        }
        sids.add(g.sid);
    }
    return policyDocument([
        {
            Sid: "OwnerAccountAdministers",
            Effect: "Allow",
            Principal: { AWS: accountRootArn(ownerAccountId, partition) },
            Action: "kms:*",
            Resource: "*",
        },
        ...grants.map((g) => keyGrantStatement(g, partition)),
    ]);
}

/**
 * Lets CloudWatch Logs of this account and region use a key for its log groups, and for
 * nothing else: the encryption context names a log group of this account.
 */
export function logsKeyGrant(names: AccountNames): KeyGrant {
    return {
        sid: "CloudWatchLogsEncryptsLogGroups",
        grantee: { services: [`logs.${names.account.region}.amazonaws.com`] },
        actions: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
        conditions: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": names.logGroupArn("*") } },
    };
}
