import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccountNames } from "../../../core/naming";
import { policyJson } from "../../../core/policy/document";
import { WorkloadZone } from "./layout";
import { perimeterVpc } from "./perimeter-vpc";
import { s3EndpointPolicy, s3GatewayService } from "./s3-endpoint";

export interface WorkloadVpcArgs {
    /** Names of the owning account. */
    names: AccountNames;
    /** Short name of the workload, e.g. "producer". */
    workload: string;
    /** The VPC's range. */
    cidr: string;
    /** Subnet ranges per zone, from the perimeter's layout. */
    zones: readonly WorkloadZone[];
    /** Availability zone of each entry of `zones`. */
    zoneNames: pulumi.Input<string>[];
    /** The perimeter's transit gateway. */
    transitGatewayId: pulumi.Input<string>;
    /** Accounts whose S3 buckets the sharing subnets reach, through a gateway endpoint. */
    s3BucketAccounts: readonly string[];
}

/**
 * A workload VPC with no internet gateway and no NAT: its isolated subnets route nowhere
 * beyond the VPC; its sharing subnets, and only they, hold the transit gateway attachment
 * and a default route to it, so their one way out is the perimeter's egress path; S3 they
 * reach through a gateway endpoint admitting only the listed accounts' buckets.
 *
 * Plain EC2 resources, not awsx.ec2.Vpc: awsx creates and attaches an internet gateway to
 * every VPC, even one with only isolated subnets (pulumi/pulumi-awsx#947, still so in 3.x),
 * and gives no handle on its route tables to add the transit gateway route to.
 */
export class WorkloadVpc extends pulumi.ComponentResource {
    /** The VPC. */
    public readonly vpc: aws.ec2.Vpc;
    /** Subnets with no route out, one per zone. */
    public readonly isolatedSubnets: aws.ec2.Subnet[];
    /** Subnets routed to the egress path, one per zone. */
    public readonly sharingSubnets: aws.ec2.Subnet[];
    /** The sharing subnets' route table (0.0.0.0/0 to the transit gateway). */
    public readonly sharingRouteTable: aws.ec2.RouteTable;
    /** The isolated subnets' route table (local routes only). */
    public readonly isolatedRouteTable: aws.ec2.RouteTable;
    /** The sharing subnets' S3 gateway endpoint. */
    public readonly s3Endpoint: aws.ec2.VpcEndpoint;
    /** The transit gateway attachment, in the sharing subnets. */
    public readonly attachment: aws.ec2transitgateway.VpcAttachment;
    /** For functions placed in the sharing subnets: HTTPS out (the firewall decides where to), nothing in. */
    public readonly sharingSecurityGroup: aws.ec2.SecurityGroup;

    constructor(name: string, args: WorkloadVpcArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:network:WorkloadVpc", name, {}, opts);
        const parent = { parent: this };
        const { names, workload } = args;
        const tag = (...parts: string[]) => ({ Name: names.name("generic", workload, ...parts) });

        const { vpc, subnet } = perimeterVpc(name, { cidr: args.cidr, zoneNames: args.zoneNames, tag }, this);
        this.vpc = vpc;
        this.isolatedSubnets = args.zones.map((zone, z) => subnet("isolated", z, zone.isolated));
        this.sharingSubnets = args.zones.map((zone, z) => subnet("sharing", z, zone.sharing));

        this.isolatedRouteTable = new aws.ec2.RouteTable(`${name}-isolated`, { vpcId: this.vpc.id, tags: tag("isolated") }, parent);
        this.sharingRouteTable = new aws.ec2.RouteTable(`${name}-sharing`, { vpcId: this.vpc.id, tags: tag("sharing") }, parent);
        this.isolatedSubnets.forEach(
            (s, z) => new aws.ec2.RouteTableAssociation(`${name}-isolated-${z + 1}`, { subnetId: s.id, routeTableId: this.isolatedRouteTable.id }, parent),
        );
        this.sharingSubnets.forEach(
            (s, z) => new aws.ec2.RouteTableAssociation(`${name}-sharing-${z + 1}`, { subnetId: s.id, routeTableId: this.sharingRouteTable.id }, parent),
        );

        this.attachment = new aws.ec2transitgateway.VpcAttachment(
            name,
            {
                transitGatewayId: args.transitGatewayId,
                vpcId: this.vpc.id,
                subnetIds: this.sharingSubnets.map((s) => s.id),
                dnsSupport: "enable",
                // The perimeter associates and routes every attachment explicitly.
                transitGatewayDefaultRouteTableAssociation: false,
                transitGatewayDefaultRouteTablePropagation: false,
                tags: tag("egress"),
            },
            parent,
        );
        // A route to a transit gateway needs the VPC attached to it first.
        new aws.ec2.Route(
            `${name}-sharing-egress`,
            { routeTableId: this.sharingRouteTable.id, destinationCidrBlock: "0.0.0.0/0", transitGatewayId: args.transitGatewayId },
            { parent: this, dependsOn: [this.attachment] },
        );
        this.s3Endpoint = new aws.ec2.VpcEndpoint(
            `${name}-s3`,
            {
                vpcId: this.vpc.id,
                serviceName: s3GatewayService(names.account.region),
                vpcEndpointType: "Gateway",
                // The sharing subnets only: the isolated ones keep no way out at all.
                routeTableIds: [this.sharingRouteTable.id],
                policy: policyJson(s3EndpointPolicy(args.s3BucketAccounts)),
                tags: tag("s3"),
            },
            parent,
        );
        this.sharingSecurityGroup = new aws.ec2.SecurityGroup(
            `${name}-sharing`,
            {
                vpcId: this.vpc.id,
                name: names.name("generic", workload, "sharing"),
                description: "HTTPS out through the perimeter's egress path; nothing in",
                egress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], description: "HTTPS, filtered by the egress firewall" }],
                ingress: [],
                tags: tag("sharing"),
            },
            parent,
        );
        this.registerOutputs({ vpcId: this.vpc.id });
    }
}
