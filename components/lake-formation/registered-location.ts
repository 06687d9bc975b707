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
    /** Purpose, in the role's fixed name (`AccountNames.dataAccessRole`). */
    purpose: string;
    /** S3 locations to register: a bucket ARN, or `arn:aws:s3:::bucket/folder` (possibly another account's bucket). */
    locationArns: readonly string[];
    /** What the role may do on the locations and their key, e.g. `locationAccessPolicy(...)`. */
    policy: pulumi.Input<PolicyDocument>;
    /** Lake Formation settings that make the deployer an admin. */
    after?: pulumi.Input<pulumi.Resource>[];
}

/**
 * S3 locations registered with Lake Formation through a role of their own; Lake Formation
 * vends that role's credentials to the principals it authorises, so nobody else needs S3
 * access to the bucket. A location in another account needs this user-defined role (the
 * service-linked role cannot cross accounts) and that bucket's and key's policies to admit it.
 */
export class RegisteredLocation extends pulumi.ComponentResource {
    public readonly role: aws.iam.Role;
    /** The registrations, one per location, in the order given. */
    public readonly locations: aws.lakeformation.Resource[];
    /** The first registration (the bucket, for a single-location registration). */
    public readonly location: aws.lakeformation.Resource;

    constructor(name: string, args: RegisteredLocationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:lakeformation:RegisteredLocation", name, {}, opts);
        const { names } = args;
        if (args.locationArns.length === 0) throw new Error(`${name}: no location to register`);
        this.role = new aws.iam.Role(
            name,
            {
                name: names.dataAccessRole(args.purpose),
                assumeRolePolicy: policyJson(serviceTrustPolicy("lakeformation.amazonaws.com", { account: names.account.accountId })),
            },
            { parent: this },
        );
        const policy = new aws.iam.RolePolicy(name, { role: this.role.name, name: "location", policy: policyJson(args.policy) }, { parent: this });
        const after = [policy, ...((args.after ?? []) as pulumi.Resource[])];
        this.locations = args.locationArns.map(
            // A whole bucket keeps the component's name; a folder is named by its path, so adding one renames no other.
            (arn) =>
                new aws.lakeformation.Resource(
                    arn.includes("/")
                        ? `${name}-${arn
                              .split(":::")
                              .pop()!
                              .replace(/[^A-Za-z0-9-]+/g, "-")}`
                        : name,
                    { arn, roleArn: this.role.arn, hybridAccessEnabled: false },
                    { parent: this, dependsOn: after },
                ),
        );
        this.location = this.locations[0];
        this.registerOutputs({});
    }
}
