import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccountNames } from "../../core/naming";
import { policyJson } from "../../core/policy/document";
import { AccessPointConsumer, accessPointPolicy, objectPrefix } from "./policies";

export interface ConsumerAccessPointArgs {
    /** Names of the sharing account, which owns the bucket and the access point. */
    names: AccountNames;
    /** Physical name of the sharing bucket (the "External Published Datasets" bucket). */
    bucketName: pulumi.Input<string>;
    /** The consumer: account, declared roles, prefixes and actions. */
    consumer: AccessPointConsumer;
    /**
     * Network origin VPC: when set, S3 accepts requests through this access point only from
     * that VPC (through its S3 endpoint). Fixed at creation: changing it replaces the access point.
     * @default undefined (network origin Internet, still limited to the consumer's roles over TLS)
     */
    vpcId?: pulumi.Input<string>;
    /** Extra tags. @default {} */
    tags?: Record<string, string>;
}

/**
 * Pattern 6's sharing side for one consumer: an S3 access point of its own on the sharing
 * bucket, all public access blocked, whose policy admits only that consumer's declared
 * roles, only the declared actions, only on its prefixes, only over TLS. The bucket itself
 * delegates to the account's access points (see delegation.ts), so it names no consumer.
 */
export class ConsumerAccessPoint extends pulumi.ComponentResource {
    /** The access point resource. */
    public readonly accessPoint: aws.s3.AccessPoint;
    /** Name of the access point, computable by the consumer from the topology (`AccountNames.accessPoint`). */
    public readonly accessPointName: string;
    /** ARN of the access point, as policies name it. */
    public readonly arn: string;
    /** Bucket-style alias clients may use where a bucket name is expected. */
    public readonly alias: pulumi.Output<string>;
    /** The access point policy, as deployed. */
    public readonly policy: pulumi.Output<string>;
    /** Prefixes granted, normalised (`audit_reports/`). */
    public readonly prefixes: string[];

    constructor(name: string, args: ConsumerAccessPointArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:access-points:ConsumerAccessPoint", name, {}, opts);
        const { names, consumer } = args;
        this.accessPointName = names.accessPoint(consumer.name);
        this.arn = names.accessPointArn(this.accessPointName);
        this.prefixes = consumer.prefixes.map(objectPrefix);
        this.policy = policyJson(accessPointPolicy(this.arn, consumer, names.partition));
        this.accessPoint = new aws.s3.AccessPoint(
            name,
            {
                name: this.accessPointName,
                bucket: args.bucketName,
                bucketAccountId: names.account.accountId,
                policy: this.policy,
                // Fixed at creation by S3; all on, so no policy or ACL can ever make this access point public.
                publicAccessBlockConfiguration: { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
                ...(args.vpcId !== undefined ? { vpcConfiguration: { vpcId: args.vpcId } } : {}),
                tags: { consumer: consumer.name, ...(args.tags ?? {}) },
            },
            { parent: this },
        );
        this.alias = this.accessPoint.alias;
        this.registerOutputs({ accessPointName: this.accessPointName, arn: this.arn, alias: this.alias });
    }
}
