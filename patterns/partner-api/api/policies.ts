import * as pulumi from "@pulumi/pulumi";
import { AccountNames } from "../../../core/naming";
import { PolicyDocument, policyDocument } from "../../../core/policy/document";

/**
 * Identity policies of the partner API (pattern 5): each function gets the least its
 * handler calls, on its own resources only. Documents over known ARNs stay plain data, so
 * tests evaluate them with the IAM simulator.
 */

/**
 * The request receiver records requests and reads them back (an idempotent retry): two
 * item actions on its control table, nothing on any other table, index or service.
 */
export function receiverPolicy(controlTableArn: string): PolicyDocument {
    return policyDocument([{ Sid: "RecordRequests", Effect: "Allow", Action: ["dynamodb:PutItem", "dynamodb:GetItem"], Resource: controlTableArn }]);
}

/** Everything the poller reaches. */
export interface PollerAccess {
    readonly names: AccountNames;
    /** The control table. */
    readonly controlTableArn: string;
    /** The control table's index on `status` and `createdAt`. */
    readonly statusIndex: string;
    /** The results bucket. */
    readonly bucketArn: string;
    /** Folders the partners may receive (`sales/`), each ending in `/`; the only keys the poller can list. */
    readonly prefixes: readonly string[];
    /** The role whose sessions sign the download links. */
    readonly signerRoleArn: string;
    /** The verified SES identity the e-mails are sent from. */
    readonly sesIdentityArn: string;
    /** The From address, at that identity. */
    readonly senderAddress: string;
    /** Configuration set the identity sends through, if any: SES authorises the send against it too. */
    readonly configurationSetArn?: string;
}

/** Folders must be folders: a prefix without its "/" would match a product whose name extends it. */
function checkPrefixes(prefixes: readonly string[]): void {
    if (prefixes.length === 0) {
        throw new Error("the poller needs at least one results prefix: give the partner API a partner with a data product");
    }
    for (const prefix of prefixes) {
        if (!prefix.endsWith("/") || prefix.startsWith("/") || prefix.includes("*")) {
            throw new Error(`results prefix ${JSON.stringify(prefix)} must be a folder such as "sales/": ending in "/", no leading "/", no wildcard`);
        }
    }
}

/**
 * The poller: queries PENDING requests through the status index and updates them; lists
 * only the allowed products' folders of the results bucket; assumes the link signer (whose
 * session signs the links, so the poller itself reads no object); sends e-mail from the
 * verified identity and address only.
 */
export function pollerPolicy(p: PollerAccess): PolicyDocument {
    checkPrefixes(p.prefixes);
    return policyDocument([
        { Sid: "FindPendingRequests", Effect: "Allow", Action: "dynamodb:Query", Resource: `${p.controlTableArn}/index/${p.statusIndex}` },
        { Sid: "UpdateRequests", Effect: "Allow", Action: "dynamodb:UpdateItem", Resource: p.controlTableArn },
        {
            Sid: "ListAllowedProducts",
            Effect: "Allow",
            Action: "s3:ListBucket",
            Resource: p.bucketArn,
            Condition: { StringLike: { "s3:prefix": p.prefixes.flatMap((prefix) => [prefix, `${prefix}*`]) } },
        },
        { Sid: "AssumeLinkSigner", Effect: "Allow", Action: "sts:AssumeRole", Resource: p.signerRoleArn },
        {
            Sid: "SendFromVerifiedIdentity",
            Effect: "Allow",
            Action: "ses:SendEmail",
            Resource: [p.sesIdentityArn, ...(p.configurationSetArn ? [p.configurationSetArn] : [])],
            Condition: { StringEquals: { "ses:FromAddress": p.senderAddress } },
        },
    ]);
}

/** What the link signer's sessions may read: the objects the links download. */
export interface SignerAccess {
    readonly names: AccountNames;
    /** The results bucket. */
    readonly bucketArn: string;
    /** Folders the partners may receive, each ending in `/`. */
    readonly prefixes: readonly string[];
    /** The bucket's key: downloads through the links decrypt with the signer's session. */
    readonly bucketKeyArn: pulumi.Input<string>;
}

/**
 * The link signer: a presigned link carries its signer's permissions, so the signer reads
 * only the allowed products' objects, and decrypts them through S3 only. Nothing else: a
 * leaked link can fetch one object, and a leaked session nothing beyond these folders.
 */
export function linkSignerPolicy(p: SignerAccess): PolicyDocument {
    checkPrefixes(p.prefixes);
    const region = p.names.account.region;
    return policyDocument([
        { Sid: "ReadAllowedProducts", Effect: "Allow", Action: "s3:GetObject", Resource: p.prefixes.map((prefix) => `${p.bucketArn}/${prefix}*`) },
        {
            Sid: "DecryptResultsThroughS3",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: p.bucketKeyArn,
            // With S3 Bucket Keys the context names the bucket, otherwise the object.
            Condition: {
                StringEquals: { "kms:ViaService": `s3.${region}.amazonaws.com` },
                StringLike: { "kms:EncryptionContext:aws:s3:arn": [p.bucketArn, ...p.prefixes.map((prefix) => `${p.bucketArn}/${prefix}*`)] },
            },
        },
    ]);
}

/** The link signer's trust: the poller's role, and nothing else, may assume it. */
export function linkSignerTrustPolicy(pollerRoleArn: pulumi.Input<string>): PolicyDocument {
    return policyDocument([{ Sid: "PollerSignsLinks", Effect: "Allow", Principal: { AWS: pollerRoleArn }, Action: "sts:AssumeRole" }]);
}

/**
 * The account-wide role API Gateway writes CloudWatch logs with (one per account and
 * region, for every API there): any log group of this account and region, since other
 * APIs' access log groups may have any name, and no other account's or region's. Like
 * AWS's AmazonAPIGatewayPushToCloudWatchLogs, without its read actions.
 */
export function apiGatewayLoggingPolicy(names: AccountNames): PolicyDocument {
    const groups = names.logGroupArn("*");
    return policyDocument([
        {
            Sid: "WriteApiLogsOfThisAccount",
            Effect: "Allow",
            Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogGroups", "logs:DescribeLogStreams", "logs:PutLogEvents"],
            Resource: [groups, `${groups}:*`],
        },
    ]);
}

/**
 * REST API resource policy admitting callers from the given networks only (the partners'
 * API proxies, pattern 5 step 2); the API key still identifies the partner.
 * @param resource the API's methods; API Gateway expands the default `execute-api:/*` to this API
 */
export function sourceNetworkPolicy(cidrs: readonly string[], resource = "execute-api:/*"): PolicyDocument {
    if (cidrs.length === 0) {
        throw new Error("a source network policy needs at least one CIDR: omit it to admit any network");
    }
    return policyDocument([
        {
            Sid: "PartnerProxiesOnly",
            Effect: "Allow",
            Principal: "*",
            Action: "execute-api:Invoke",
            Resource: resource,
            Condition: { IpAddress: { "aws:SourceIp": [...cidrs] } },
        },
    ]);
}
