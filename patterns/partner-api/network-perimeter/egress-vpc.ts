import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccountNames } from "../../../core/naming";
import { EgressFirewall, firewallEndpointId } from "./firewall";
import { EgressZone } from "./layout";
import { perimeterVpc } from "./perimeter-vpc";

export interface EgressVpcArgs {
    /** Names of the owning account. */
    names: AccountNames;
    /** The VPC's range. */
    cidr: string;
    /** Subnet ranges per zone, from the perimeter's layout. */
    zones: readonly EgressZone[];
    /** Availability zone of each entry of `zones`. */
    zoneNames: pulumi.Input<string>[];
    /** The perimeter's transit gateway. */
    transitGatewayId: pulumi.Input<string>;
    /** Ranges the egress path serves (the workloads' sharing subnets): the only return routes. */
    servedRanges: readonly string[];
    /** Domains the served ranges may reach. */
    allowedDomains: readonly string[];
    /** Customer key of the firewall and its logs. */
    kmsKeyArn: pulumi.Input<string>;
    /** Days firewall logs are kept. */
    logRetentionDays: number;
    /** Turn on the firewall's delete protection. */
    protect: boolean;
}

/**
 * The perimeter's egress VPC (pattern 5, steps 9-10). Per zone, traffic from the transit
 * gateway goes to the firewall endpoint, then to the NAT gateway, then out of the
 * internet gateway; replies come back the same way, through the same zone's firewall
 * endpoint (the attachment runs in appliance mode), so the stateful engine sees both
 * directions. Nothing enters from the internet: a NAT gateway accepts no new inbound flow.
 *
 * Plain EC2 resources, not awsx.ec2.Vpc: the firewall hop has to be inserted into the
 * public and private route tables, which awsx owns and does not expose for extra routes.
 */
export class EgressVpc extends pulumi.ComponentResource {
    /** The VPC. */
    public readonly vpc: aws.ec2.Vpc;
    /** The transit gateway attachment, in the transit subnets, in appliance mode. */
    public readonly attachment: aws.ec2transitgateway.VpcAttachment;
    /** The firewall. */
    public readonly firewall: EgressFirewall;
    /** Public addresses the served ranges reach the internet from (one per zone). */
    public readonly publicIps: pulumi.Output<string[]>;

    constructor(name: string, args: EgressVpcArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:network:EgressVpc", name, {}, opts);
        const parent = { parent: this };
        const { names } = args;
        const tag = (...parts: string[]) => ({ Name: names.name("generic", "egress", ...parts) });

        const { vpc, subnet } = perimeterVpc(name, { cidr: args.cidr, zoneNames: args.zoneNames, tag }, this);
        this.vpc = vpc;
        const igw = new aws.ec2.InternetGateway(name, { vpcId: this.vpc.id, tags: tag() }, parent);

        const zones = args.zones.map((zone, z) => ({
            public: subnet("public", z, zone.public),
            firewall: subnet("firewall", z, zone.firewall),
            transit: subnet("transit", z, zone.transit),
        }));

        const eips = zones.map((_, z) => new aws.ec2.Eip(`${name}-nat-${z + 1}`, { domain: "vpc", tags: tag("nat", String(z + 1)) }, parent));
        const nats = zones.map(
            (zone, z) =>
                new aws.ec2.NatGateway(
                    `${name}-${z + 1}`,
                    { subnetId: zone.public.id, allocationId: eips[z].allocationId, tags: tag("nat", String(z + 1)) },
                    { parent: this, dependsOn: [igw] },
                ),
        );
        this.publicIps = pulumi.all(eips.map((e) => e.publicIp));

        this.firewall = new EgressFirewall(
            name,
            {
                names,
                vpcId: this.vpc.id,
                subnetIds: zones.map((zone) => zone.firewall.id),
                allowedDomains: args.allowedDomains,
                homeNet: args.servedRanges,
                kmsKeyArn: args.kmsKeyArn,
                logRetentionDays: args.logRetentionDays,
                protect: args.protect,
            },
            parent,
        );

        this.attachment = new aws.ec2transitgateway.VpcAttachment(
            name,
            {
                transitGatewayId: args.transitGatewayId,
                vpcId: this.vpc.id,
                subnetIds: zones.map((zone) => zone.transit.id),
                // Both directions of a flow through the same zone's firewall endpoint.
                applianceModeSupport: "enable",
                dnsSupport: "enable",
                transitGatewayDefaultRouteTableAssociation: false,
                transitGatewayDefaultRouteTablePropagation: false,
                tags: tag("attachment"),
            },
            parent,
        );

        zones.forEach((zone, z) => {
            const n = z + 1;
            const endpoint = pulumi
                .all([this.firewall.firewall.firewallStatuses, zone.firewall.id])
                .apply(([statuses, subnetId]) => firewallEndpointId(statuses, subnetId));
            const table = (tier: keyof EgressZone) => {
                const rt = new aws.ec2.RouteTable(`${name}-${tier}-${n}`, { vpcId: this.vpc.id, tags: tag(tier, String(n)) }, parent);
                new aws.ec2.RouteTableAssociation(`${name}-${tier}-${n}`, { subnetId: zone[tier].id, routeTableId: rt.id }, parent);
                return rt;
            };
            const transit = table("transit");
            const firewall = table("firewall");
            const pub = table("public");

            // Transit subnets: everything from the workloads goes to the firewall first.
            new aws.ec2.Route(`${name}-transit-${n}-out`, { routeTableId: transit.id, destinationCidrBlock: "0.0.0.0/0", vpcEndpointId: endpoint }, parent);
            // Firewall subnets: inspected traffic out through the zone's NAT, replies back to the transit gateway.
            new aws.ec2.Route(`${name}-firewall-${n}-out`, { routeTableId: firewall.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nats[z].id }, parent);
            // Public subnets: the NAT's traffic to the internet, and its replies to the workloads back through the firewall.
            new aws.ec2.Route(`${name}-public-${n}-out`, { routeTableId: pub.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id }, parent);
            args.servedRanges.forEach((range) => {
                const id = range.replace(/[./]/g, "-");
                new aws.ec2.Route(
                    `${name}-firewall-${n}-return-${id}`,
                    { routeTableId: firewall.id, destinationCidrBlock: range, transitGatewayId: args.transitGatewayId },
                    { parent: this, dependsOn: [this.attachment] },
                );
                new aws.ec2.Route(`${name}-public-${n}-return-${id}`, { routeTableId: pub.id, destinationCidrBlock: range, vpcEndpointId: endpoint }, parent);
            });
        });
        this.registerOutputs({ vpcId: this.vpc.id, publicIps: this.publicIps });
    }
}
