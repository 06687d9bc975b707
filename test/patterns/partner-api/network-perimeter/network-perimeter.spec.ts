import { strict as assert } from "assert";
import { NetworkPerimeter, NetworkPerimeterArgs } from "../../../../patterns/partner-api/network-perimeter";
import { AccountNames } from "../../../../core/naming";
import { CapturedResource } from "../../../../plan/mock-aws";
import { decide } from "../../../support/iam";
import { StackRun, runProgram } from "../../../support/run-stack";

const PERIMETER = { accountId: "444444444444", region: "eu-west-1" };
const names = new AccountNames("datasharing", PERIMETER);

const T = {
    tgw: "aws:ec2transitgateway/transitGateway:TransitGateway",
    tgwRouteTable: "aws:ec2transitgateway/routeTable:RouteTable",
    tgwRoute: "aws:ec2transitgateway/route:Route",
    tgwAssociation: "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation",
    attachment: "aws:ec2transitgateway/vpcAttachment:VpcAttachment",
    vpc: "aws:ec2/vpc:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    routeTable: "aws:ec2/routeTable:RouteTable",
    association: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    route: "aws:ec2/route:Route",
    igw: "aws:ec2/internetGateway:InternetGateway",
    nat: "aws:ec2/natGateway:NatGateway",
    firewall: "aws:networkfirewall/firewall:Firewall",
    ruleGroup: "aws:networkfirewall/ruleGroup:RuleGroup",
    logging: "aws:networkfirewall/loggingConfiguration:LoggingConfiguration",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
} as const;

const baseArgs = (): NetworkPerimeterArgs => ({
    names,
    egressCidr: "10.100.0.0/24",
    availabilityZoneCount: 2,
    workloads: [
        { name: "producer", cidr: "10.30.0.0/16" },
        { name: "analytics", cidr: "10.40.0.0/20" },
    ],
    allowedDomains: ["api.partner.example", "dynamodb.eu-west-1.amazonaws.com"],
    protect: true,
});

function build(change: (a: NetworkPerimeterArgs) => void = () => undefined): Promise<StackRun> {
    const args = baseArgs();
    change(args);
    return runProgram(() => {
        new NetworkPerimeter("perimeter", args);
        return {};
    }, PERIMETER);
}

/** Queries over the captured network, by ids as the mocks resolve them. */
class Network {
    constructor(readonly run: StackRun) {}
    vpc(cidr: string): CapturedResource {
        return this.run.ofType(T.vpc).find((v) => v.inputs.cidrBlock === cidr)!;
    }
    subnetsOf(vpc: CapturedResource, tier?: string): CapturedResource[] {
        return this.run.ofType(T.subnet).filter((s) => s.inputs.vpcId === vpc.id && (tier === undefined || s.inputs.tags.Tier === tier));
    }
    routesOf(routeTableId: string): CapturedResource[] {
        return this.run.ofType(T.route).filter((r) => r.inputs.routeTableId === routeTableId);
    }
    routeTableOf(subnet: CapturedResource): string {
        return this.run.ofType(T.association).find((a) => a.inputs.subnetId === subnet.id)!.inputs.routeTableId;
    }
    attachmentOf(vpc: CapturedResource): CapturedResource {
        return this.run.ofType(T.attachment).find((a) => a.inputs.vpcId === vpc.id)!;
    }
    tgwTable(name: string): CapturedResource {
        return this.run.ofType(T.tgwRouteTable).find((t) => t.inputs.tags.Name === name)!;
    }
}

/** What a VPC route sends traffic to. */
function target(route: CapturedResource): string {
    const i = route.inputs;
    if (i.gatewayId) return `igw:${i.gatewayId}`;
    if (i.natGatewayId) return `nat:${i.natGatewayId}`;
    if (i.transitGatewayId) return "tgw";
    // The firewall endpoint id comes from the firewall's status at deploy; the mocks report none.
    return "firewall-endpoint";
}

describe("NetworkPerimeter", () => {
    let run: StackRun;
    let net: Network;
    before(async () => {
        run = await build();
        assert.deepEqual(run.errors, []);
        net = new Network(run);
    });

    it("has a transit gateway without default route tables, accepting no shared attachments", () => {
        const tgw = run.one(T.tgw).inputs;
        assert.deepEqual(
            [tgw.defaultRouteTableAssociation, tgw.defaultRouteTablePropagation, tgw.autoAcceptSharedAttachments],
            ["disable", "disable", "disable"],
        );
        for (const a of run.ofType(T.attachment)) {
            assert.equal(a.inputs.transitGatewayDefaultRouteTableAssociation, false);
            assert.equal(a.inputs.transitGatewayDefaultRouteTablePropagation, false);
        }
    });

    it("routes the workload attachments only to the egress VPC: one forwarding route, blackholes for every internal range", () => {
        const table = net.tgwTable("datasharing-perimeter-workloads");
        const routes = run.ofType(T.tgwRoute).filter((r) => r.inputs.transitGatewayRouteTableId === table.id);
        const egressAttachment = net.attachmentOf(net.vpc("10.100.0.0/24"));
        assert.deepEqual(
            routes.filter((r) => !r.inputs.blackhole).map((r) => [r.inputs.destinationCidrBlock, r.inputs.transitGatewayAttachmentId]),
            [["0.0.0.0/0", egressAttachment.id]],
        );
        assert.deepEqual(
            routes
                .filter((r) => r.inputs.blackhole)
                .map((r) => r.inputs.destinationCidrBlock)
                .sort(),
            ["10.100.0.0/24", "10.30.0.0/16", "10.40.0.0/20"],
        );
        const associated = run
            .ofType(T.tgwAssociation)
            .filter((a) => a.inputs.transitGatewayRouteTableId === table.id)
            .map((a) => a.inputs.transitGatewayAttachmentId);
        assert.deepEqual(associated.sort(), [net.attachmentOf(net.vpc("10.30.0.0/16")).id, net.attachmentOf(net.vpc("10.40.0.0/20")).id].sort());
    });

    it("routes the egress attachment back to the sharing subnets only", () => {
        const table = net.tgwTable("datasharing-perimeter-egress");
        const routes = run.ofType(T.tgwRoute).filter((r) => r.inputs.transitGatewayRouteTableId === table.id);
        const producer = net.attachmentOf(net.vpc("10.30.0.0/16")).id;
        const analytics = net.attachmentOf(net.vpc("10.40.0.0/20")).id;
        assert.deepEqual(routes.map((r) => [r.inputs.destinationCidrBlock, r.inputs.transitGatewayAttachmentId]).sort(), [
            ["10.30.128.0/19", producer],
            ["10.30.160.0/19", producer],
            ["10.40.10.0/23", analytics],
            ["10.40.8.0/23", analytics],
        ]);
        const associated = run.ofType(T.tgwAssociation).filter((a) => a.inputs.transitGatewayRouteTableId === table.id);
        assert.deepEqual(
            associated.map((a) => a.inputs.transitGatewayAttachmentId),
            [net.attachmentOf(net.vpc("10.100.0.0/24")).id],
        );
    });

    for (const cidr of ["10.30.0.0/16", "10.40.0.0/20"]) {
        describe(`workload VPC ${cidr}`, () => {
            it("is attached to the transit gateway through its sharing subnets only", () => {
                const vpc = net.vpc(cidr);
                const sharing = net.subnetsOf(vpc, "sharing");
                assert.equal(sharing.length, 2, "one per zone");
                assert.deepEqual([...net.attachmentOf(vpc).inputs.subnetIds].sort(), sharing.map((s) => s.id).sort());
            });

            it("lets its sharing subnets out through the transit gateway only, and its other subnets nowhere", () => {
                const vpc = net.vpc(cidr);
                for (const s of net.subnetsOf(vpc, "sharing")) {
                    assert.deepEqual(
                        net.routesOf(net.routeTableOf(s)).map((r) => [r.inputs.destinationCidrBlock, target(r)]),
                        [["0.0.0.0/0", "tgw"]],
                    );
                }
                // S3's gateway endpoint adds its prefix-list routes to the sharing route table only.
                const endpoints = run.ofType(T.endpoint).filter((e) => e.inputs.vpcId === vpc.id);
                const sharingTables = [...new Set(net.subnetsOf(vpc, "sharing").map((s) => net.routeTableOf(s)))];
                assert.deepEqual(
                    endpoints.map((e) => e.inputs.routeTableIds),
                    [sharingTables],
                );
                const isolated = net.subnetsOf(vpc, "isolated");
                assert.equal(isolated.length, 2);
                for (const s of isolated) {
                    assert.deepEqual(net.routesOf(net.routeTableOf(s)), [], `${s.name} routes beyond the VPC`);
                }
                assert.equal(net.subnetsOf(vpc).length, 4, "no other subnets");
                assert.ok(net.subnetsOf(vpc).every((s) => s.inputs.mapPublicIpOnLaunch === false));
            });

            it("has no internet gateway and no NAT gateway", () => {
                const vpc = net.vpc(cidr);
                assert.equal(run.ofType(T.igw).filter((g) => g.inputs.vpcId === vpc.id).length, 0);
                const subnetIds = new Set(net.subnetsOf(vpc).map((s) => s.id));
                assert.equal(run.ofType(T.nat).filter((n) => subnetIds.has(n.inputs.subnetId)).length, 0);
            });
        });
    }

    it("builds no VPC through awsx (its VPCs always carry an internet gateway)", () => {
        assert.equal(run.resources.filter((r) => r.type.startsWith("awsx:")).length, 0);
        assert.equal(run.ofType(T.igw).length, 1, "one internet gateway, the egress VPC's");
        assert.equal(run.one(T.igw).inputs.vpcId, net.vpc("10.100.0.0/24").id);
    });

    it("sends traffic from the transit gateway through the firewall, then the zone's NAT, then the internet gateway", () => {
        const egress = net.vpc("10.100.0.0/24");
        const igw = run.one(T.igw).id;
        for (let zone = 1; zone <= 2; zone++) {
            const subnet = (tier: string) => net.subnetsOf(egress, tier).find((s) => s.inputs.tags.Name.endsWith(`-${zone}`))!;
            const nat = run.ofType(T.nat).find((n) => n.inputs.subnetId === subnet("public").id)!;
            const routes = (tier: string) => net.routesOf(net.routeTableOf(subnet(tier))).map((r) => [r.inputs.destinationCidrBlock, target(r)]);
            const sharing = ["10.30.128.0/19", "10.30.160.0/19", "10.40.8.0/23", "10.40.10.0/23"];
            assert.deepEqual(routes("transit"), [["0.0.0.0/0", "firewall-endpoint"]]);
            assert.deepEqual(routes("firewall").sort(), [["0.0.0.0/0", `nat:${nat.id}`], ...sharing.map((r) => [r, "tgw"])].sort());
            assert.deepEqual(
                routes("public").sort(),
                [["0.0.0.0/0", `igw:${igw}`], ...sharing.map((r) => [r, "firewall-endpoint"])].sort(),
                "replies go back through the firewall",
            );
        }
    });

    it("attaches the egress VPC in appliance mode through its transit subnets", () => {
        const egress = net.vpc("10.100.0.0/24");
        const attachment = net.attachmentOf(egress);
        assert.equal(attachment.inputs.applianceModeSupport, "enable");
        assert.deepEqual(
            [...attachment.inputs.subnetIds].sort(),
            net
                .subnetsOf(egress, "transit")
                .map((s) => s.id)
                .sort(),
        );
    });

    it("places an encrypted firewall in the firewall subnets, allowing the listed domains from the sharing subnets, logging alerts and flows", () => {
        const egress = net.vpc("10.100.0.0/24");
        const firewall = run.one(T.firewall).inputs;
        assert.deepEqual(
            firewall.subnetMappings.map((m: any) => m.subnetId).sort(),
            net
                .subnetsOf(egress, "firewall")
                .map((s) => s.id)
                .sort(),
        );
        assert.equal(firewall.encryptionConfiguration.type, "CUSTOMER_KMS");
        assert.equal(firewall.subnetChangeProtection, true);
        assert.equal(firewall.deleteProtection, true);
        const domains = run.ofType(T.ruleGroup).find((g) => g.inputs.ruleGroup.rulesSource.rulesSourceList)!.inputs.ruleGroup;
        assert.deepEqual(domains.rulesSource.rulesSourceList.targets, ["api.partner.example", "dynamodb.eu-west-1.amazonaws.com"]);
        assert.deepEqual(domains.ruleVariables.ipSets[0].ipSet.definitions, ["10.30.128.0/19", "10.30.160.0/19", "10.40.8.0/23", "10.40.10.0/23"]);
        const logs = run.one(T.logging).inputs.loggingConfiguration.logDestinationConfigs;
        assert.deepEqual(logs.map((l: any) => l.logType).sort(), ["ALERT", "FLOW"]);
        const key = run.one("aws:kms/key:Key").state.arn;
        for (const l of logs) {
            assert.equal(run.ofType(T.logGroup).find((g) => g.inputs.name === l.logDestination.logGroup)?.inputs.kmsKeyId, key);
        }
    });

    it("closes every VPC's default security group", () => {
        const closed = run.ofType("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup");
        assert.equal(closed.length, 3);
        for (const g of closed) {
            assert.equal(g.inputs.ingress, undefined);
            assert.equal(g.inputs.egress, undefined);
        }
    });

    it("uses the zones it is given, and refuses a count that does not match", async () => {
        const given = await build((a) => (a.availabilityZoneNames = ["eu-west-1b", "eu-west-1c"]));
        assert.deepEqual([...new Set(given.ofType(T.subnet).map((s) => s.inputs.availabilityZone))].sort(), ["eu-west-1b", "eu-west-1c"]);
        const failed = await build((a) => (a.availabilityZoneNames = ["eu-west-1a"]));
        assert.ok(
            failed.errors.some((e) => /availabilityZoneNames has 1 zones but availabilityZoneCount is 2/.test(e)),
            failed.errors.join("\n"),
        );
    });

    describe("S3 from the sharing subnets", () => {
        const ROLE = `arn:aws:iam::${PERIMETER.accountId}:role/datasharing-microbatch`;
        const OWN = `arn:aws:s3:::datasharing-published-${PERIMETER.accountId}-eu-west-1`;
        const OTHER_ACCOUNT = "999999999999";
        const OTHER = "arn:aws:s3:::attacker-drop-box";
        const endpointPolicy = (cidr: string) => JSON.parse(run.ofType(T.endpoint).find((e) => e.inputs.vpcId === net.vpc(cidr).id)!.inputs.policy);
        /** A request through the endpoint by a principal whose own policy allows everything on S3 (the endpoint is the only gate left). */
        const through = (policy: unknown, action: string, resource: string, resourceAccount: string) =>
            decide({
                principal: ROLE,
                action,
                resource,
                resourceAccount,
                identityPolicies: [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] }],
                // The other account's bucket policy admits the caller: only the endpoint can stop the copy.
                resourcePolicy:
                    resourceAccount === OTHER_ACCOUNT
                        ? { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: ROLE }, Action: "s3:*", Resource: `${OTHER}/*` }] }
                        : undefined,
                endpointPolicies: [policy],
                // IAM sets aws:ResourceAccount on every request to the resource's owner; the simulator does not.
                context: { "aws:ResourceAccount": resourceAccount },
            });

        it("goes through a gateway endpoint of each workload VPC, not through the firewall", () => {
            for (const cidr of ["10.30.0.0/16", "10.40.0.0/20"]) {
                const [endpoint] = run.ofType(T.endpoint).filter((e) => e.inputs.vpcId === net.vpc(cidr).id);
                assert.equal(endpoint.inputs.serviceName, "com.amazonaws.eu-west-1.s3");
                assert.equal(endpoint.inputs.vpcEndpointType, "Gateway");
            }
            const targets = run.ofType(T.ruleGroup).flatMap((g) => g.inputs.ruleGroup?.rulesSource?.rulesSourceList?.targets ?? []);
            assert.ok(!targets.some((t: string) => /s3/.test(t)), targets.join(", "));
        });

        it("reaches the perimeter account's own buckets, and no other account's", async () => {
            const policy = endpointPolicy("10.30.0.0/16");
            assert.equal(await through(policy, "s3:PutObject", `${OWN}/transaction_logs/transaction_log/batch.jsonl`, PERIMETER.accountId), "Allowed");
            assert.equal(await through(policy, "s3:PutObject", `${OTHER}/stolen.jsonl`, OTHER_ACCOUNT), "ImplicitlyDenied");
            assert.equal(await through(policy, "s3:GetObject", `${OTHER}/tools.sh`, OTHER_ACCOUNT), "ImplicitlyDenied");
        });

        it("refuses an allow-list entry that would let S3 of any account through the firewall", async () => {
            for (const broad of [".amazonaws.com", ".s3.eu-west-1.amazonaws.com", "s3.eu-west-1.amazonaws.com", ".eu-west-1.amazonaws.com"]) {
                const failed = await build((a) => (a.allowedDomains = ["api.partner.example", broad]));
                assert.ok(
                    failed.errors.some((e) => e.includes(`allowedDomains: ${broad} would let the sharing subnets reach any account's S3 buckets`)),
                    `${broad}: ${failed.errors.join("\n")}`,
                );
                assert.equal(failed.awsResources.length, 0, "nothing is created");
            }
        });
    });

    it("refuses a bad plan or allow-list before creating anything", async () => {
        const overlap = await build((a) => (a.workloads = [{ name: "producer", cidr: "10.100.0.0/16" }]));
        assert.ok(
            overlap.errors.some((e) => /workloads\[0\]\.cidr: 10.100.0.0\/16 overlaps egressCidr/.test(e)),
            overlap.errors.join("\n"),
        );
        const domains = await build((a) => (a.allowedDomains = ["https://api.partner.example"]));
        assert.ok(
            domains.errors.some((e) => /allowedDomains/.test(e)),
            domains.errors.join("\n"),
        );
    });
});
