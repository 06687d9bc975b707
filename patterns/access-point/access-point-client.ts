import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccountNames } from "../../core/naming";
import { policyJson } from "../../core/policy/document";
import { AccessPointAction, accessPointClientPolicy, accessPointEndpointPolicy, consumerPrincipals, objectPrefix } from "./policies";

/** An S3 gateway endpoint for the consumer's VPC, reaching only its access point. */
export interface AccessPointEndpointArgs {
    /** The consumer's VPC: the one the access point's network origin names, if it has one. */
    vpcId: pulumi.Input<string>;
    /**
     * Route tables of the subnets that read through the access point. The endpoint's policy
     * allows the access point and nothing else, so every S3 request from these subnets is
     * limited to it: give readers subnets (route tables) of their own.
     */
    routeTableIds: pulumi.Input<pulumi.Input<string>[]>;
}

export interface AccessPointClientArgs {
    /** Names of the consumer's account (the stack's own), for the policy's name. */
    names: AccountNames;
    /** Names of the sharing account: the access point's name and ARN are computed from them. */
    sharing: AccountNames;
    /** The consumer's name in the topology; its access point is `sharing.accessPoint(consumer)`. */
    consumer: string;
    /** IAM roles (or users) of this account that read through the access point, by ARN: the consumer's declared principals. */
    principals: readonly string[];
    /** Prefixes (one per data product) the access point grants. */
    prefixes: readonly string[];
    /** Actions the access point grants. @default ["s3:GetObject", "s3:ListBucket"] */
    actions?: readonly AccessPointAction[];
    /** ARN of the sharing bucket, whose objects the endpoint policy must name too. */
    bucketArn: string;
    /** ARN of the sharing bucket's KMS key, from the sharing stack's contract (`publishedKeyArn`). */
    keyArn: pulumi.Input<string>;
    /**
     * S3 gateway endpoint in the consumer's VPC, whose policy allows only the access point.
     * The VPC must be in the sharing bucket's region: a gateway endpoint reaches S3 of its own region.
     * @default undefined (no endpoint: the roles reach the access point over the internet, TLS only)
     */
    endpoint?: AccessPointEndpointArgs;
}

/** Role or user name and kind from an IAM principal ARN (the name is the last path segment). */
function principalName(arn: string): { kind: "role" | "user"; name: string } {
    const resource = arn.split(":").slice(5).join(":");
    const [kind, ...path] = resource.split("/");
    return { kind: kind as "role" | "user", name: path[path.length - 1] };
}

/**
 * Pattern 6's consumer side: the identity policy a cross-account access point needs on the
 * consumer's roles (the access point's policy admits them; their own account must allow
 * them too), attached to each declared role or user, and optionally an S3 gateway endpoint
 * in the consumer's VPC that lets S3 traffic reach that access point only.
 */
export class AccessPointClient extends pulumi.ComponentResource {
    /** The managed policy attached to the readers. */
    public readonly policy: aws.iam.Policy;
    /** ARN of the access point the readers use. */
    public readonly accessPointArn: string;
    /** Name of the access point; with the sharing account id and region, what clients address. */
    public readonly accessPointName: string;
    /** The gateway endpoint, when one was asked for. */
    public readonly endpoint?: aws.ec2.VpcEndpoint;

    constructor(name: string, args: AccessPointClientArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:access-points:AccessPointClient", name, {}, opts);
        const { names, sharing } = args;
        const principals = consumerPrincipals({ name: args.consumer, accountId: names.account.accountId, principals: args.principals });
        const prefixes = args.prefixes.map(objectPrefix);
        this.accessPointName = sharing.accessPoint(args.consumer);
        this.accessPointArn = sharing.accessPointArn(this.accessPointName);

        this.policy = new aws.iam.Policy(
            name,
            {
                name: names.policy(`${args.consumer}-access-point`),
                description: `Read ${prefixes.join(", ")} through access point ${this.accessPointName} of account ${sharing.account.accountId}`,
                policy: policyJson(
                    accessPointClientPolicy({
                        accessPointArn: this.accessPointArn,
                        prefixes,
                        actions: args.actions,
                        keyArn: args.keyArn,
                        region: sharing.account.region,
                    }),
                ),
            },
            { parent: this },
        );
        for (const arn of principals) {
            const { kind, name: principal } = principalName(arn);
            if (kind === "role") {
                new aws.iam.RolePolicyAttachment(`${name}-${principal}`, { role: principal, policyArn: this.policy.arn }, { parent: this });
            } else {
                new aws.iam.UserPolicyAttachment(`${name}-${principal}`, { user: principal, policyArn: this.policy.arn }, { parent: this });
            }
        }

        if (args.endpoint) {
            this.endpoint = new aws.ec2.VpcEndpoint(
                name,
                {
                    vpcId: args.endpoint.vpcId,
                    serviceName: `com.amazonaws.${sharing.account.region}.s3`,
                    vpcEndpointType: "Gateway",
                    routeTableIds: args.endpoint.routeTableIds,
                    policy: policyJson(
                        accessPointEndpointPolicy({
                            accessPointArn: this.accessPointArn,
                            bucketArn: args.bucketArn,
                            prefixes,
                            actions: args.actions,
                            consumerAccountId: names.account.accountId,
                        }),
                    ),
                    tags: { Name: names.name("generic", args.consumer, "access-point") },
                },
                { parent: this },
            );
        }
        this.registerOutputs({ accessPointArn: this.accessPointArn, policyArn: this.policy.arn, endpointId: this.endpoint?.id });
    }
}
