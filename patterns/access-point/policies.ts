import * as pulumi from "@pulumi/pulumi";
import { accountRootArn } from "../../core/naming";
import { PolicyDocument, PolicyStatement, policyDocument } from "../../core/policy/document";
import { until } from "../../core/policy/until";

/**
 * Policies of pattern 6 (reference/000, "Using Amazon S3 access points"): the sharing
 * account gives each consumer an access point of its own on the sharing bucket; the
 * bucket delegates to the account's access points (delegation.ts), each access point
 * admits one consumer's roles on that consumer's prefixes, and the consumer's roles hold
 * an identity policy for that access point (a cross-account request needs both sides).
 *
 * S3 authorises a request made through an access point against three policies, all of
 * which must allow it: the access point's, the bucket's (evaluated with the
 * `s3:DataAccessPoint*` keys set) and the caller's identity policy (on the access point
 * ARN); with a gateway VPC endpoint, the endpoint's policy as well.
 */

/** Read actions an access point may grant, in the order policies list them. */
export const ACCESS_POINT_ACTIONS = ["s3:GetObject", "s3:GetObjectVersion", "s3:GetObjectTagging", "s3:GetObjectVersionTagging", "s3:ListBucket"] as const;

/** One of them; a typo is a compile error, not a silent no-op. */
export type AccessPointAction = (typeof ACCESS_POINT_ACTIONS)[number];

/** What a consumer gets unless it declares otherwise: read objects, list its prefixes. */
export const DEFAULT_ACCESS_POINT_ACTIONS: readonly AccessPointAction[] = ["s3:GetObject", "s3:ListBucket"];

/** One consumer of pattern 6, as the topology declares it. */
export interface AccessPointConsumer {
    /** Consumer name from the topology; it names the consumer's access point. */
    readonly name: string;
    /** The consumer's AWS account. */
    readonly accountId: string;
    /** IAM roles (or users) of the consumer's account admitted through its access point, by ARN. */
    readonly principals: readonly string[];
    /** Key prefixes (one per data product, e.g. `audit_reports/`) the consumer may read. */
    readonly prefixes: readonly string[];
    /** Actions granted on those prefixes. @default ["s3:GetObject", "s3:ListBucket"] */
    readonly actions?: readonly AccessPointAction[];
    /** When the consumer's access ends: the grants stop matching then, with or without a deploy. @default undefined (no end) */
    readonly endsAt?: Date;
}

/**
 * A prefix as policies use it: no leading '/', one trailing '/', so `sales` never also
 * matches `sales_insights/`. Wildcards and policy variables are refused: a prefix grants
 * exactly one folder.
 */
export function objectPrefix(prefix: string): string {
    const trimmed = prefix.replace(/^\/+/, "");
    if (trimmed.replace(/\/+$/, "") === "" || /[*?$]/.test(trimmed)) {
        throw new Error(
            `access point prefix ${JSON.stringify(prefix)} must name one folder of the sharing bucket, e.g. "audit_reports/": ` +
                "no wildcards ('*', '?'), no policy variables ('$'), not the whole bucket",
        );
    }
    return trimmed.endsWith("/") ? trimmed : `${trimmed}/`;
}

/** The consumer's actions split by the resource they apply to: objects, or the access point itself (list). */
export function splitActions(actions: readonly AccessPointAction[] = DEFAULT_ACCESS_POINT_ACTIONS): { objectActions: string[]; list: boolean } {
    const unique = [...new Set(actions)];
    if (unique.length === 0) {
        throw new Error("an access point grant needs at least one action, e.g. s3:GetObject");
    }
    return { objectActions: unique.filter((a) => a !== "s3:ListBucket"), list: unique.includes("s3:ListBucket") };
}

const PRINCIPAL_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):(role|user)\/[\w+=,.@/-]+$/;

/**
 * The consumer's principals, checked to be IAM roles or users of the consumer's own account:
 * an access point serves one consumer, never a third account named by mistake.
 */
export function consumerPrincipals(consumer: Pick<AccessPointConsumer, "name" | "accountId" | "principals">): string[] {
    if (consumer.principals.length === 0) {
        throw new Error(`consumer ${consumer.name}: declare at least one IAM role ARN in principals for its access point`);
    }
    for (const arn of consumer.principals) {
        const match = PRINCIPAL_ARN.exec(arn);
        if (!match) {
            throw new Error(
                `consumer ${consumer.name}: ${JSON.stringify(arn)} is not an IAM role or user ARN, e.g. "arn:aws:iam::${consumer.accountId}:role/reader"`,
            );
        }
        if (match[1] !== consumer.accountId) {
            throw new Error(
                `consumer ${consumer.name}: principal ${arn} is in account ${match[1]}, not the consumer's account ${consumer.accountId}: ` +
                    "an access point admits its own consumer's roles only",
            );
        }
    }
    return [...new Set(consumer.principals)];
}

/** The objects under each prefix, through the access point: `<ap-arn>/object/<prefix>*`. */
export function accessPointObjects(accessPointArn: string, prefixes: readonly string[]): string[] {
    return prefixes.map((p) => `${accessPointArn}/object/${objectPrefix(p)}*`);
}

/** The condition limiting a list to the prefixes. */
function listedPrefixes(prefixes: readonly string[]): Record<string, string[]> {
    return { "s3:prefix": prefixes.map((p) => `${objectPrefix(p)}*`) };
}

/**
 * The access point's policy: the consumer's principals may do the declared actions on the
 * declared prefixes, over TLS only, until its end date. The principal is the consumer's account, narrowed by
 * `aws:PrincipalArn` to exactly its declared roles: S3 rejects a policy naming a role that
 * does not exist yet, and the consumer's stack deploys after this one.
 */
export function accessPointPolicy(accessPointArn: string, consumer: AccessPointConsumer, partition = "aws"): PolicyDocument {
    const principals = consumerPrincipals(consumer);
    if (consumer.prefixes.length === 0) {
        throw new Error(`consumer ${consumer.name}: its access point needs at least one prefix (data product) to grant`);
    }
    const { objectActions, list } = splitActions(consumer.actions);
    const who = { AWS: accountRootArn(consumer.accountId, partition) };
    const onlyDeclared = { ArnEquals: { "aws:PrincipalArn": principals }, ...until(consumer.endsAt) };
    const statements: PolicyStatement[] = [
        {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [accessPointArn, `${accessPointArn}/object/*`],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
    ];
    if (objectActions.length > 0) {
        statements.push({
            Sid: "ConsumerReadsItsPrefixes",
            Effect: "Allow",
            Principal: who,
            Action: objectActions,
            Resource: accessPointObjects(accessPointArn, consumer.prefixes),
            Condition: onlyDeclared,
        });
    }
    if (list) {
        statements.push({
            Sid: "ConsumerListsItsPrefixes",
            Effect: "Allow",
            Principal: who,
            Action: "s3:ListBucket",
            Resource: accessPointArn,
            Condition: { ...onlyDeclared, StringLike: listedPrefixes(consumer.prefixes) },
        });
    }
    return policyDocument(statements);
}

/** What the consumer's side needs to know about the access point it uses. */
export interface AccessPointClientGrant {
    /** ARN of the consumer's access point in the sharing account. */
    readonly accessPointArn: string;
    /** Prefixes the access point grants. */
    readonly prefixes: readonly string[];
    /** Actions it grants. @default ["s3:GetObject", "s3:ListBucket"] */
    readonly actions?: readonly AccessPointAction[];
    /** KMS key of the sharing bucket; its objects are SSE-KMS. */
    readonly keyArn: pulumi.Input<string>;
    /** Region of the sharing bucket and its key. */
    readonly region: string;
}

/**
 * The identity policy of the consumer's roles: the same actions on the same prefixes,
 * through its access point only (never the bucket's own ARN), and decryption of the
 * bucket's key only when S3 asks for it.
 */
export function accessPointClientPolicy(grant: AccessPointClientGrant): PolicyDocument {
    const { objectActions, list } = splitActions(grant.actions);
    const statements: PolicyStatement[] = [];
    if (objectActions.length > 0) {
        statements.push({
            Sid: "ReadThroughAccessPoint",
            Effect: "Allow",
            Action: objectActions,
            Resource: accessPointObjects(grant.accessPointArn, grant.prefixes),
        });
    }
    if (list) {
        statements.push({
            Sid: "ListThroughAccessPoint",
            Effect: "Allow",
            Action: "s3:ListBucket",
            Resource: grant.accessPointArn,
            Condition: { StringLike: listedPrefixes(grant.prefixes) },
        });
    }
    statements.push({
        Sid: "DecryptThroughS3",
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: grant.keyArn,
        Condition: { StringEquals: { "kms:ViaService": `s3.${grant.region}.amazonaws.com` } },
    });
    return policyDocument(statements);
}

/**
 * Policy of the consumer's S3 gateway endpoint: S3 requests from the VPC may reach the
 * consumer's access point and nothing else. S3 checks an endpoint policy against both the
 * access point and the underlying bucket, so the bucket's objects under the same prefixes
 * are listed too; the bucket policy still refuses them unless the request came through one
 * of the owner's access points.
 */
export function accessPointEndpointPolicy(
    grant: Omit<AccessPointClientGrant, "keyArn" | "region"> & { readonly bucketArn: string; readonly consumerAccountId: string },
): PolicyDocument {
    const { objectActions, list } = splitActions(grant.actions);
    const prefixes = grant.prefixes.map(objectPrefix);
    // Only the consumer's own principals may use its endpoint, so stolen credentials of another account cannot.
    const ownPrincipals = { StringEquals: { "aws:PrincipalAccount": grant.consumerAccountId } };
    const statements: PolicyStatement[] = [];
    if (objectActions.length > 0) {
        statements.push({
            Sid: "OnlyTheConsumersAccessPoint",
            Effect: "Allow",
            Principal: "*",
            Action: objectActions,
            Resource: [...accessPointObjects(grant.accessPointArn, prefixes), ...prefixes.map((p) => `${grant.bucketArn}/${p}*`)],
            Condition: ownPrincipals,
        });
    }
    if (list) {
        statements.push({
            Sid: "ListOnlyTheConsumersAccessPoint",
            Effect: "Allow",
            Principal: "*",
            Action: "s3:ListBucket",
            Resource: [grant.accessPointArn, grant.bucketArn],
            Condition: { ...ownPrincipals, StringLike: listedPrefixes(prefixes) },
        });
    }
    return policyDocument(statements);
}
