import { CapturedResource } from "../../mock-aws";
import { PreflightRule, RuleViolation } from "../rule";
import { DeployedStack, PreflightWorld, resourceLabel } from "../world";

const CONNECTION = "aws:glue/connection:Connection";
const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
const EGRESS_RULE = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const LEGACY_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
const JOB = "aws:glue/job:Job";
const HTTPS = 443;

/** One egress rule, whichever resource declares it. */
interface Egress {
    readonly protocol: string;
    readonly fromPort: number;
    readonly toPort: number;
    readonly cidrs: readonly string[];
    readonly prefixLists: readonly string[];
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === "string" ? [v] : []);

/** The egress rules of a security group: inline, and separate rule resources naming it. */
function egressOf(stack: DeployedStack, group: CapturedResource): Egress[] {
    const inline = (Array.isArray(group.inputs.egress) ? group.inputs.egress : []).map((e: Record<string, unknown>) => ({
        protocol: String(e.protocol),
        fromPort: Number(e.fromPort),
        toPort: Number(e.toPort),
        cidrs: list(e.cidrBlocks),
        prefixLists: list(e.prefixListIds),
    }));
    const separate = stack.resources.flatMap((r): Egress[] => {
        if (r.inputs.securityGroupId !== group.id) return [];
        if (r.type === EGRESS_RULE) {
            return [
                {
                    protocol: String(r.inputs.ipProtocol),
                    fromPort: Number(r.inputs.fromPort),
                    toPort: Number(r.inputs.toPort),
                    cidrs: list(r.inputs.cidrIpv4),
                    prefixLists: list(r.inputs.prefixListId),
                },
            ];
        }
        if (r.type === LEGACY_RULE && r.inputs.type === "egress") {
            return [
                {
                    protocol: String(r.inputs.protocol),
                    fromPort: Number(r.inputs.fromPort),
                    toPort: Number(r.inputs.toPort),
                    cidrs: list(r.inputs.cidrBlocks),
                    prefixLists: list(r.inputs.prefixListIds),
                },
            ];
        }
        return [];
    });
    return [...inline, ...separate];
}

function coversHttps(e: Egress): boolean {
    if (e.protocol === "-1" || e.protocol === "all") return true;
    return (e.protocol === "tcp" || e.protocol === "6") && e.fromPort <= HTTPS && HTTPS <= e.toPort;
}

function reachesS3(world: PreflightWorld, stack: DeployedStack, e: Egress): boolean {
    const s3 = `com.amazonaws.${stack.region}.s3`;
    return coversHttps(e) && (e.cidrs.includes("0.0.0.0/0") || e.prefixLists.some((id) => world.prefixListName(stack, id) === s3));
}

/**
 * A Glue job with a connection in a VPC runs its Spark driver and workers on network
 * interfaces there, under the connection's security groups: it reads its script and writes
 * TempDir in S3 through the VPC's S3 gateway endpoint only if one of those groups lets
 * HTTPS out to S3's prefix list (or to anywhere). Security groups no stack creates are not
 * judged: their rules are not visible here.
 */
export const glueVpcReachesS3: PreflightRule = {
    id: "glue-vpc-reaches-s3",
    summary:
        "A Glue connection in a VPC must have a security group that allows HTTPS (443) out to the S3 prefix list (the S3 gateway endpoint) or to 0.0.0.0/0; otherwise its jobs cannot reach S3 for their script and temporary files.",
    fix: "Add an egress rule for TCP 443 to the region's S3 prefix list (aws.ec2.getPrefixList com.amazonaws.<region>.s3) on the connection's security group.",
    source: {
        title: "AWS Glue Developer Guide: Setting up a VPC to connect to JDBC data stores",
        url: "https://docs.aws.amazon.com/glue/latest/dg/setup-vpc-for-glue-access.html",
    },
    check(world) {
        const violations: RuleViolation[] = [];
        for (const { stack, resource } of world.placements()) {
            const requirements = resource.type === CONNECTION ? resource.inputs.physicalConnectionRequirements : undefined;
            if (!requirements?.subnetId) continue;
            const ids = list(requirements.securityGroupIdLists);
            const groups = ids.map((id) => stack.resources.find((r) => r.type === SECURITY_GROUP && r.id === id));
            if (groups.length === 0 || groups.some((g) => g === undefined)) continue;
            if (groups.some((g) => egressOf(stack, g!).some((e) => reachesS3(world, stack, e)))) continue;
            const jobs = stack.resources
                .filter((r) => r.type === JOB && list(r.inputs.connections).includes(resource.inputs.name))
                .map((r) => `job ${r.inputs.name}`);
            violations.push({
                stack: stack.stack,
                resource: resourceLabel(resource),
                message:
                    `no security group (${ids.join(", ")}) allows HTTPS (443) out to the S3 prefix list or 0.0.0.0/0, ` +
                    `so ${jobs.length > 0 ? jobs.join(", ") : "a job using it"} cannot read its script or write its temporary files through the S3 gateway endpoint`,
            });
        }
        return violations;
    },
};
