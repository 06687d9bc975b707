import { PolicyDocument, policyDocument } from "../../../core/policy/document";

/**
 * The sharing subnets reach Amazon S3 through a gateway endpoint, not through the egress
 * firewall: a domain allow-list can only name `.s3.<region>.amazonaws.com`, which is every
 * account's buckets in the region, while a gateway endpoint's policy can name whose
 * buckets (`aws:ResourceAccount`). The endpoint's routes (S3's prefix list) are more
 * specific than the subnets' default route, so S3 traffic never reaches the transit gateway.
 * https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html
 */

/** The S3 gateway endpoint service of a region. */
export function s3GatewayService(region: string): string {
    return `com.amazonaws.${region}.s3`;
}

/**
 * Endpoint policy: any S3 request, by anyone, but only to buckets owned by the given
 * accounts. The callers' own IAM policies still decide what they may do there; this only
 * closes the path to every other account's bucket (the way data would be exfiltrated).
 * @throws Error when no account is given or one is not a 12-digit account id
 */
export function s3EndpointPolicy(bucketAccounts: readonly string[]): PolicyDocument {
    if (bucketAccounts.length === 0) {
        throw new Error("the S3 endpoint policy needs at least one account whose buckets the sharing subnets may reach");
    }
    const bad = bucketAccounts.filter((a) => !/^\d{12}$/.test(a));
    if (bad.length > 0) {
        throw new Error(`S3 endpoint policy: ${bad.map((a) => JSON.stringify(a)).join(", ")} not a 12-digit account id`);
    }
    return policyDocument([
        {
            Sid: "OwnBucketsOnly",
            Effect: "Allow",
            Principal: "*",
            Action: "s3:*",
            Resource: "*",
            Condition: { StringEquals: { "aws:ResourceAccount": [...new Set(bucketAccounts)].sort() } },
        },
    ]);
}
