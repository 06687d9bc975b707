import * as pulumi from "@pulumi/pulumi";
import { PolicyDocument, PolicyStatement, policyDocument } from "./document";

/** The bucket itself and its objects: the resources a bucket-wide statement covers. */
export function bucketResources(bucketArn: pulumi.Input<string>): pulumi.Input<string>[] {
    // Plain in, plain out: documents over known ARNs stay plain data, easy to evaluate.
    return [bucketArn, typeof bucketArn === "string" ? `${bucketArn}/*` : pulumi.interpolate`${bucketArn}/*`];
}

/** Denies every request that does not arrive over TLS (reference/004, "encryption in transit"). */
export function denyInsecureTransport(bucketArn: pulumi.Input<string>): PolicyStatement {
    return {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: bucketResources(bucketArn),
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
}

/** The TLS-only deny first, then the caller's statements. */
export function bucketPolicy(bucketArn: pulumi.Input<string>, statements: pulumi.Input<PolicyStatement>[] = []): PolicyDocument {
    return policyDocument([denyInsecureTransport(bucketArn), ...statements]);
}
