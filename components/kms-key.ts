import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyJson } from "../core/policy/document";
import { KeyGrant, keyPolicy } from "../core/policy/key-policy";

export interface KmsKeyArgs {
    /** Alias, from the naming module, e.g. `alias/datasharing/published`. */
    alias: string;
    /** What the key protects, shown in the console. */
    description: string;
    /** Account that owns and administers the key. */
    ownerAccountId: string;
    /** AWS partition of the key's region. @default "aws" */
    partition?: string;
    /**
     * Named grants to other accounts, roles or services, each its own statement.
     * @default [] (only the owner account, through IAM)
     * @example [{ sid: "ReplicaWriter", grantee: { principals: [roleArn] }, actions: ["kms:Encrypt"] }]
     */
    grants?: readonly KeyGrant[];
    /** Protect the key from deletion (destroying a key destroys the data it encrypts). */
    protect: boolean;
    /** Extra tags, e.g. the data product. @default {} */
    tags?: Record<string, string>;
}

/**
 * A customer-managed KMS key with rotation on, a 30-day deletion window and a key policy
 * composed of explicit, named grants.
 */
export class KmsKey extends pulumi.ComponentResource {
    /** The key resource. */
    public readonly key: aws.kms.Key;
    /** ARN of the key, for policies and encryption settings. */
    public readonly arn: pulumi.Output<string>;
    /** The alias name (`alias/...`). */
    public readonly aliasName: string;

    constructor(name: string, args: KmsKeyArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:security:KmsKey", name, {}, opts);
        this.key = new aws.kms.Key(
            name,
            {
                description: args.description,
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                policy: policyJson(keyPolicy(args.ownerAccountId, args.grants ?? [], args.partition)),
                tags: args.tags,
            },
            { parent: this, protect: args.protect },
        );
        new aws.kms.Alias(name, { name: args.alias, targetKeyId: this.key.keyId }, { parent: this });
        this.arn = this.key.arn;
        this.aliasName = args.alias;
        this.registerOutputs({ arn: this.arn, aliasName: this.aliasName });
    }
}
