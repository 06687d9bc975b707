import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * Typed IAM policy documents. Policies are built by small pure functions in this folder,
 * never by string templates; `aws.iam.getPolicyDocument` is avoided because it is an
 * invoke that does not evaluate under the mock runtime.
 */

export type PolicyDocument = aws.iam.PolicyDocument;
export type PolicyStatement = aws.iam.PolicyStatement;

/** Condition block: operator -> condition key -> value(s). */
export type Conditions = Record<string, Record<string, pulumi.Input<string | boolean | pulumi.Input<string>[]>>>;

export function policyDocument(statements: pulumi.Input<PolicyStatement>[]): PolicyDocument {
    return { Version: "2012-10-17", Statement: statements };
}

/** Serialises a document whose parts may be outputs, for inputs typed as JSON strings. */
export function policyJson(doc: pulumi.Input<PolicyDocument>): pulumi.Output<string> {
    return pulumi.output(doc).apply((d) => JSON.stringify(d));
}
