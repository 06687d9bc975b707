import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** What both perimeter VPCs start from. */
export interface PerimeterVpcArgs {
    /** The VPC's range. */
    cidr: string;
    /** Availability zone of each zone, by index. */
    zoneNames: pulumi.Input<string>[];
    /** The `Name` tag of the VPC and its parts. */
    tag: (...parts: string[]) => Record<string, string>;
}

/** A perimeter VPC, and how to add its subnets. */
export interface PerimeterVpc {
    readonly vpc: aws.ec2.Vpc;
    /** A subnet of a tier in zone `z` (from 0), named `<name>-<tier>-<z + 1>`, tagged with its tier, no public address on launch. */
    subnet(tier: string, z: number, cidr: string): aws.ec2.Subnet;
}

/**
 * The VPC of a workload or of the egress path, with DNS on and its default security group
 * emptied: that group admits its own members and all egress, so every group is deliberate.
 * Its resources are the parent's, as if the parent made them.
 */
export function perimeterVpc(name: string, args: PerimeterVpcArgs, parent: pulumi.Resource): PerimeterVpc {
    const { tag } = args;
    const vpc = new aws.ec2.Vpc(name, { cidrBlock: args.cidr, enableDnsSupport: true, enableDnsHostnames: true, tags: tag() }, { parent });
    new aws.ec2.DefaultSecurityGroup(name, { vpcId: vpc.id, tags: tag("default-closed") }, { parent });
    const subnet = (tier: string, z: number, cidr: string) =>
        new aws.ec2.Subnet(
            `${name}-${tier}-${z + 1}`,
            {
                vpcId: vpc.id,
                cidrBlock: cidr,
                availabilityZone: args.zoneNames[z],
                mapPublicIpOnLaunch: false,
                tags: { ...tag(tier, String(z + 1)), Tier: tier },
            },
            { parent },
        );
    return { vpc, subnet };
}
