import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccountNames } from "../../core/naming";
import { PolicyDocument, policyDocument, policyJson } from "../../core/policy/document";
import { serviceTrustPolicy } from "../../core/policy/trust";

/** What Lake Formation's data-access role may do on a registered location encrypted with a KMS key. */
export function locationAccessPolicy(bucketArn: string, keyArn: pulumi.Input<string>, region: string): PolicyDocument {
    return policyDocument([
        { Sid: "LocationObjects", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: `${bucketArn}/*` },
        { Sid: "LocationBucket", Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: bucketArn },
        {
            Sid: "LocationKeyThroughS3",
            Effect: "Allow",
            Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
            Resource: keyArn,
            Condition: { StringEquals: { "kms:ViaService": `s3.${region}.amazonaws.com` } },
        },
    ]);
}

export interface RegisteredLocationArgs {
    names: AccountNames;
    /** Purpose, in the role's fixed name `<prefix>-<purpose>-data-access`. */
    purpose: string;
    /** Bucket to register. */
    bucketArn: string;
    /** Key encrypting the bucket; the data-access role must use it. */
    keyArn: pulumi.Input<string>;
    /** Lake Formation settings that make the deployer an admin. */
    after?: pulumi.Input<pulumi.Resource>[];
}

/**
 * An S3 location registered with Lake Formation through a role of its own that can read,
 * write and use the location's KMS key; Lake Formation vends that role's credentials to
 * the principals it authorises, so nobody else needs S3 access to the bucket.
 */
export class RegisteredLocation extends pulumi.ComponentResource {
    public readonly role: aws.iam.Role;
    public readonly location: aws.lakeformation.Resource;

    constructor(name: string, args: RegisteredLocationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:lakeformation:RegisteredLocation", name, {}, opts);
        const { names } = args;
        this.role = new aws.iam.Role(name, { name: names.role(`${args.purpose}-data-access`), assumeRolePolicy: policyJson(serviceTrustPolicy("lakeformation.amazonaws.com")) }, { parent: this });
        const policy = new aws.iam.RolePolicy(name, { role: this.role.name, name: "location", policy: policyJson(locationAccessPolicy(args.bucketArn, args.keyArn, names.account.region)) }, { parent: this });
        this.location = new aws.lakeformation.Resource(name, { arn: args.bucketArn, roleArn: this.role.arn, hybridAccessEnabled: false }, { parent: this, dependsOn: [policy, ...((args.after ?? []) as pulumi.Resource[])] });
        this.registerOutputs({});
    }
}
