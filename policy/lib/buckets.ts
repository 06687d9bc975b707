import type { PolicyResource } from "@pulumi/policy";
import { UNKNOWN, read } from "./values";

/**
 * In @pulumi/aws 7 a bucket's encryption, public access block and policy are resources of
 * their own, so whether a bucket is protected is a question about the whole stack: these
 * helpers find the configuration resources that belong to each bucket.
 */

export const BUCKET_TYPES = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];
export const ENCRYPTION_TYPES = [
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
];
export const PUBLIC_ACCESS_BLOCK_TYPE = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
export const BUCKET_POLICY_TYPE = "aws:s3/bucketPolicy:BucketPolicy";

export function bucketsOf(resources: readonly PolicyResource[]): PolicyResource[] {
    return resources.filter((r) => BUCKET_TYPES.includes(r.type));
}

/** A bucket's name as the stack knows it; undefined while unknown. */
export function bucketName(bucket: PolicyResource): string | undefined {
    const name = read(() => bucket.props.bucket);
    return typeof name === "string" ? name : undefined;
}

/**
 * Configuration resources of `types` that name this bucket: by its name when known, else by
 * the dependency of their `bucket` property on it (a preview of a new stack knows no names).
 */
export function configsOf(bucket: PolicyResource, resources: readonly PolicyResource[], types: readonly string[]): PolicyResource[] {
    const name = bucketName(bucket);
    return resources.filter((r) => {
        if (!types.includes(r.type)) return false;
        const target = read(() => r.props.bucket);
        if (name !== undefined && target !== UNKNOWN && target === name) return true;
        return (r.propertyDependencies?.bucket ?? []).some((d) => d.urn === bucket.urn);
    });
}

/** How a bucket is named in a violation message. */
export function describeBucket(bucket: PolicyResource): string {
    const name = bucketName(bucket);
    return name ? `bucket ${bucket.name} (${name})` : `bucket ${bucket.name}`;
}
