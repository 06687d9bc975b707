import { PolicyStatement } from "../../core/policy/document";
import { KeyGrant } from "../../core/policy/key-policy";
import { objectPrefix } from "../access-points/policies";

/**
 * What Data Exchange needs from the sharing bucket and its key to snapshot objects into a
 * revision (pattern 1). An S3 import job reads the objects with the credentials of the
 * principal that runs it (a forward access session: S3 sees that principal, with
 * `aws:CalledVia` = `dataexchange.amazonaws.com`, as AWS's own provider policy
 * AWSDataExchangeProviderFullAccess conditions it), not as a `dataexchange.amazonaws.com`
 * service principal. The importer is the stack's deployment role, which runs the job when
 * it creates the revision; S3 then decrypts with the bucket's key for it.
 *
 * The importer is in the bucket's own account, so its identity policy alone may already
 * allow this (an administrator's does); these statements make the import work for a
 * narrower deployment role, and limit it to reads made through Data Exchange.
 */

export const DATA_EXCHANGE_SERVICE = "dataexchange.amazonaws.com";

/**
 * Bucket statement: the importers may read the products' objects, only through Data
 * Exchange. Empty when there is no importer, so it spreads into `bucketStatements`.
 */
export function importBucketStatements(importers: readonly string[], bucketArn: string, prefixes: readonly string[]): PolicyStatement[] {
    if (importers.length === 0 || prefixes.length === 0) {
        return [];
    }
    return [
        {
            Sid: "DataExchangeImportsSnapshots",
            Effect: "Allow",
            Principal: { AWS: [...new Set(importers)] },
            Action: "s3:GetObject",
            Resource: prefixes.map((p) => `${bucketArn}/${objectPrefix(p)}*`),
            Condition: { "ForAnyValue:StringEquals": { "aws:CalledVia": [DATA_EXCHANGE_SERVICE] } },
        },
    ];
}

/**
 * Key grant: the importers may decrypt the bucket's objects only when S3 in the bucket's
 * region asks KMS for them. Empty when there is no importer, so it spreads into `keyGrants`.
 */
export function importKeyGrants(importers: readonly string[], region: string): KeyGrant[] {
    if (importers.length === 0) {
        return [];
    }
    return [
        {
            sid: "DataExchangeImportDecryptsThroughS3",
            grantee: { principals: [...new Set(importers)] },
            actions: ["kms:Decrypt"],
            conditions: { StringEquals: { "kms:ViaService": `s3.${region}.amazonaws.com` } },
        },
    ];
}
