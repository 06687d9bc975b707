import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccountNames } from "../../../core/naming";
import { KmsKey } from "../../../components/kms-key";
import { logsKeyGrant } from "../../../core/policy/key-policy";
import { EgressVpc } from "./egress-vpc";
import { domainAllowed, s3Hosts } from "./egress";
import { WorkloadPlanInput, perimeterLayout, sharingRanges } from "./layout";
import { WorkloadVpc } from "./workload-vpc";

export interface NetworkPerimeterArgs {
    /** Names of the owning (network perimeter) account. */
    names: AccountNames;
    /** Range of the egress VPC, a private /16 to /24 (it holds public, firewall and transit subnets). */
    egressCidr: string;
    /** Workload VPCs, each a private /16 to /25: its "sharing" subnets reach the egress path, the rest nothing. */
    workloads: readonly WorkloadPlanInput[];
    /**
     * Domains the sharing subnets may reach over HTTPS (SNI) or HTTP (Host); ".example.com"
     * includes subdomains. Not S3: it is reached through each workload VPC's gateway endpoint.
     */
    allowedDomains: readonly string[];
    /** Accounts whose S3 buckets the sharing subnets may reach (gateway endpoint policy). @default [the perimeter's own account] */
    s3BucketAccounts?: readonly string[];
    /** Availability zones to spread over, 1 to 4 (`datasharing:networkPerimeter.availabilityZones`). */
    availabilityZoneCount: number;
    /** The zones, by name. @default the region's first `availabilityZoneCount` available zones */
    availabilityZoneNames?: readonly string[];
    /** Days firewall logs are kept. @default 365 */
    logRetentionDays?: number;
    /** Private ASN of the transit gateway. @default 64512 */
    amazonSideAsn?: number;
    /** Protect the key from deletion and turn on the firewall's delete protection. */
    protect: boolean;
}

/** What a workload VPC offers the stacks that place resources in it. */
export interface WorkloadVpcOutputs {
    readonly vpcId: pulumi.Output<string>;
    /** Subnets whose only way out is the egress path. */
    readonly sharingSubnetIds: pulumi.Output<string>[];
    /** Subnets with no way out. */
    readonly isolatedSubnetIds: pulumi.Output<string>[];
    /** Security group for functions in the sharing subnets (HTTPS out only). */
    readonly sharingSecurityGroupId: pulumi.Output<string>;
}

/**
 * The network perimeter of pattern 5 (reference/000, steps 9 to 11): workload VPCs without
 * internet gateways, an egress VPC whose firewall allows listed domains only, and a
 * transit gateway joining them. The transit gateway has no default route table: the
 * workloads' table holds one forwarding route, 0.0.0.0/0 to the egress VPC, plus blackholes
 * for every internal range (so workloads reach neither each other nor the egress VPC's
 * own subnets); the egress table routes back only to the sharing subnets. Only the sharing
 * subnets are attached and routed, so other subnets have no way out at all.
 */
export class NetworkPerimeter extends pulumi.ComponentResource {
    /** The transit gateway. */
    public readonly transitGateway: aws.ec2transitgateway.TransitGateway;
    /** The egress VPC. */
    public readonly egress: EgressVpc;
    /** The workload VPCs, by name. */
    public readonly workloadVpcs: Record<string, WorkloadVpc>;
    /** The transit gateway route table of the workload attachments. */
    public readonly workloadRouteTable: aws.ec2transitgateway.RouteTable;
    /** The transit gateway route table of the egress attachment. */
    public readonly egressRouteTable: aws.ec2transitgateway.RouteTable;
    /** Encrypts the firewall and its logs. */
    public readonly key: KmsKey;
    /** Public addresses the workloads reach the internet from: what partners may allow-list. */
    public readonly egressPublicIps: pulumi.Output<string[]>;
    /** The workloads' ids, by name. */
    public readonly workloads: Record<string, WorkloadVpcOutputs>;

    constructor(name: string, args: NetworkPerimeterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:network:NetworkPerimeter", name, {}, opts);
        const parent = { parent: this };
        const { names } = args;
        const zoneCount = args.availabilityZoneCount;
        const layout = perimeterLayout(args.egressCidr, args.workloads, zoneCount);
        const served = sharingRanges(layout);
        const zoneNames = this.zoneNames(zoneCount, args.availabilityZoneNames);
        const s3BucketAccounts = args.s3BucketAccounts ?? [names.account.accountId];
        const s3InList = args.allowedDomains.filter((d) => s3Hosts(names.account.region).some((host) => domainAllowed(host, [d])));
        if (s3InList.length > 0) {
            throw new Error(
                `allowedDomains: ${s3InList.join(", ")} would let the sharing subnets reach any account's S3 buckets through the firewall; ` +
                    "S3 is reached through the gateway endpoint, which admits only s3BucketAccounts' buckets: remove the entry",
            );
        }

        this.key = new KmsKey(
            name,
            {
                alias: names.keyAlias("network-perimeter"),
                description: `Network perimeter: egress firewall and its logs (${names.prefix})`,
                ownerAccountId: names.account.accountId,
                partition: names.partition,
                grants: [logsKeyGrant(names)],
                protect: args.protect,
            },
            parent,
        );
        this.transitGateway = new aws.ec2transitgateway.TransitGateway(
            name,
            {
                description: "Network perimeter: sharing subnets to the egress VPC",
                amazonSideAsn: args.amazonSideAsn ?? 64512,
                // No implicit table: an attachment reaches only what its table says.
                defaultRouteTableAssociation: "disable",
                defaultRouteTablePropagation: "disable",
                autoAcceptSharedAttachments: "disable",
                dnsSupport: "enable",
                tags: { Name: names.name("generic", "perimeter") },
            },
            parent,
        );
        const transitGatewayId = this.transitGateway.id;

        this.egress = new EgressVpc(
            name,
            {
                names,
                cidr: layout.egress.cidr,
                zones: layout.egress.zones,
                zoneNames,
                transitGatewayId,
                servedRanges: served,
                allowedDomains: args.allowedDomains,
                kmsKeyArn: this.key.arn,
                logRetentionDays: args.logRetentionDays ?? 365,
                protect: args.protect,
            },
            parent,
        );
        this.workloadVpcs = Object.fromEntries(
            layout.workloads.map((w) => [
                w.name,
                new WorkloadVpc(
                    `${name}-${w.name}`,
                    { names, workload: w.name, cidr: w.cidr, zones: w.zones, zoneNames, transitGatewayId, s3BucketAccounts },
                    parent,
                ),
            ]),
        );

        this.workloadRouteTable = new aws.ec2transitgateway.RouteTable(
            `${name}-workloads`,
            { transitGatewayId, tags: { Name: names.name("generic", "perimeter-workloads") } },
            parent,
        );
        this.egressRouteTable = new aws.ec2transitgateway.RouteTable(
            `${name}-egress`,
            { transitGatewayId, tags: { Name: names.name("generic", "perimeter-egress") } },
            parent,
        );

        const tables = { workloads: this.workloadRouteTable.id, egress: this.egressRouteTable.id };
        new aws.ec2transitgateway.Route(
            `${name}-workloads-default`,
            { transitGatewayRouteTableId: tables.workloads, destinationCidrBlock: "0.0.0.0/0", transitGatewayAttachmentId: this.egress.attachment.id },
            parent,
        );
        for (const internal of [layout.egress.cidr, ...layout.workloads.map((w) => w.cidr)]) {
            new aws.ec2transitgateway.Route(
                `${name}-workloads-blackhole-${internal.replace(/[./]/g, "-")}`,
                { transitGatewayRouteTableId: tables.workloads, destinationCidrBlock: internal, blackhole: true },
                parent,
            );
        }
        new aws.ec2transitgateway.RouteTableAssociation(
            `${name}-egress`,
            { transitGatewayAttachmentId: this.egress.attachment.id, transitGatewayRouteTableId: tables.egress },
            parent,
        );
        for (const w of layout.workloads) {
            const vpc = this.workloadVpcs[w.name];
            new aws.ec2transitgateway.RouteTableAssociation(
                `${name}-${w.name}`,
                { transitGatewayAttachmentId: vpc.attachment.id, transitGatewayRouteTableId: tables.workloads },
                parent,
            );
            w.zones.forEach((zone, z) => {
                new aws.ec2transitgateway.Route(
                    `${name}-egress-return-${w.name}-${z + 1}`,
                    { transitGatewayRouteTableId: tables.egress, destinationCidrBlock: zone.sharing, transitGatewayAttachmentId: vpc.attachment.id },
                    parent,
                );
            });
        }

        this.egressPublicIps = this.egress.publicIps;
        this.workloads = Object.fromEntries(
            Object.entries(this.workloadVpcs).map(([n, vpc]) => [
                n,
                {
                    vpcId: vpc.vpc.id,
                    sharingSubnetIds: vpc.sharingSubnets.map((s) => s.id),
                    isolatedSubnetIds: vpc.isolatedSubnets.map((s) => s.id),
                    sharingSecurityGroupId: vpc.sharingSecurityGroup.id,
                },
            ]),
        );
        this.registerOutputs({ transitGatewayId, egressPublicIps: this.egressPublicIps });
    }

    /** The zone names, given or looked up (Local and Wavelength Zones excluded). */
    private zoneNames(count: number, given?: readonly string[]): pulumi.Output<string>[] {
        if (given) {
            if (given.length !== count) {
                throw new Error(`availabilityZoneNames has ${given.length} zones but availabilityZoneCount is ${count}`);
            }
            return given.map((z) => pulumi.output(z));
        }
        const available = aws.getAvailabilityZonesOutput(
            { state: "available", filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }] },
            { parent: this },
        );
        return Array.from({ length: count }, (_, i) =>
            available.names.apply((zones) => {
                if (zones.length < count) {
                    throw new Error(`availabilityZoneCount is ${count} but the region has ${zones.length} available zones`);
                }
                return zones[i];
            }),
        );
    }
}
