import { AccountNames } from "../../core/naming";
import { PolicyDocument, PolicyStatement, policyDocument } from "../../core/policy/document";
import { KeyGrant } from "../../core/policy/key-policy";
import { roleOfAccount } from "../../core/policy/role-of-account";

/**
 * Pattern 2's S3 and KMS access, read-only and only on the products' folders of the
 * producer's lake bucket: governance's data-access role (the identity side, in governance)
 * and the producer's bucket and key policies that admit that role and nobody else from
 * governance. The producer deploys before governance creates the role, so its policies
 * name governance's account narrowed by `aws:PrincipalArn` (see roleOfAccount).
 */

/** Where pattern 2's files are: the producer's lake bucket and the folders of the shared tables. */
export interface CentralLocations {
    readonly lakeBucketArn: string;
    /** Folders of the bucket, with trailing slash, e.g. `customers/`. */
    readonly folders: readonly string[];
}

const objectsUnder = (l: CentralLocations) => l.folders.map((f) => `${l.lakeBucketArn}/${f}*`);
const prefixes = (l: CentralLocations) => l.folders.map((f) => `${f}*`);

/**
 * The identity policy of governance's data-access role: read and list the folders, decrypt
 * through S3 with the producer's lake key. The key's ARN is unknown to governance (only
 * the producer's state has it), so the key is named by its alias, which the naming module
 * fixes: any key of the producer's account and region carrying that alias.
 */
export function centralLocationPolicy(l: CentralLocations, producer: AccountNames): PolicyDocument {
    return policyDocument([
        { Sid: "ReadProductObjects", Effect: "Allow", Action: "s3:GetObject", Resource: objectsUnder(l) },
        {
            Sid: "ListProductFolders",
            Effect: "Allow",
            Action: "s3:ListBucket",
            Resource: l.lakeBucketArn,
            Condition: { StringLike: { "s3:prefix": prefixes(l) } },
        },
        { Sid: "LocateBucket", Effect: "Allow", Action: "s3:GetBucketLocation", Resource: l.lakeBucketArn },
        {
            Sid: "DecryptThroughS3WithLakeKey",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: producer.arn("kms", "key/*"),
            Condition: {
                StringEquals: { "kms:ViaService": `s3.${producer.account.region}.amazonaws.com` },
                "ForAnyValue:StringEquals": { "kms:ResourceAliases": producer.keyAlias("lake") },
            },
        },
    ]);
}

/** Lake bucket statements of the producer admitting governance's data-access role, read-only, on the folders. */
export function centralReaderBucketStatements(roleArn: string, l: CentralLocations): PolicyStatement[] {
    const { principal, onlyRole } = roleOfAccount(roleArn);
    return [
        {
            Sid: "GovernanceCatalogReadsProductObjects",
            Effect: "Allow",
            Principal: principal,
            Action: "s3:GetObject",
            Resource: objectsUnder(l),
            Condition: onlyRole,
        },
        {
            Sid: "GovernanceCatalogListsProductFolders",
            Effect: "Allow",
            Principal: principal,
            Action: "s3:ListBucket",
            Resource: l.lakeBucketArn,
            Condition: { ...onlyRole, StringLike: { "s3:prefix": prefixes(l) } },
        },
        {
            Sid: "GovernanceCatalogLocatesBucket",
            Effect: "Allow",
            Principal: principal,
            Action: "s3:GetBucketLocation",
            Resource: l.lakeBucketArn,
            Condition: onlyRole,
        },
    ];
}

/** Lake key grant of the producer: governance's data-access role decrypts, through S3 only, and does nothing else with the key. */
export function centralReaderKeyGrant(roleArn: string, region: string): KeyGrant {
    const { account, onlyRole } = roleOfAccount(roleArn);
    return {
        sid: "GovernanceCatalogDecryptsThroughS3",
        grantee: { accounts: [account] },
        actions: ["kms:Decrypt"],
        conditions: { StringEquals: { "kms:ViaService": `s3.${region}.amazonaws.com` }, ...onlyRole },
    };
}
