import { CapturedResource } from "../../mock-aws";
import { PreflightRule, RuleViolation } from "../rule";
import { DeployedStack, PreflightWorld, resourceLabel } from "../world";

const CLUSTER = "aws:redshift/cluster:Cluster";
const AUTHORIZATION = "aws:redshift/endpointAuthorization:EndpointAuthorization";
const ACCESS = "aws:redshift/endpointAccess:EndpointAccess";
/** The ports cluster relocation (and so a Redshift-managed VPC endpoint) works on. */
const RELOCATION_PORTS: readonly [number, number][] = [
    [5431, 5455],
    [8191, 8215],
];

/** The cluster with this identifier that a stack creates in `accountId`, if any. */
function clusterOf(world: PreflightWorld, accountId: string, identifier: unknown): CapturedResource | undefined {
    for (const { stack, resource } of world.placements()) {
        if (stack.accountId === accountId && resource.type === CLUSTER && resource.inputs.clusterIdentifier === identifier) return resource;
    }
    return undefined;
}

/** What keeps the cluster from serving a Redshift-managed VPC endpoint; empty when nothing does. */
function problems(cluster: CapturedResource): string[] {
    const { nodeType, availabilityZoneRelocationEnabled, publiclyAccessible } = cluster.inputs;
    const port = Number(cluster.inputs.port ?? 5439);
    const found: string[] = [];
    if (typeof nodeType !== "string" || !nodeType.startsWith("ra3.")) found.push(`is ${nodeType}, not an RA3 node type`);
    if (availabilityZoneRelocationEnabled !== true) found.push("has cluster relocation off (availabilityZoneRelocationEnabled)");
    if (publiclyAccessible === true) found.push("is publicly accessible, which relocation refuses");
    if (!RELOCATION_PORTS.some(([from, to]) => from <= port && port <= to)) found.push(`port ${port} is outside 5431-5455 and 8191-8215`);
    return found;
}

/**
 * A Redshift-managed VPC endpoint (PrivateLink) reaches only an RA3 cluster with cluster
 * relocation turned on, on one of relocation's ports; relocation in turn refuses publicly
 * accessible clusters. Both the owner's authorization and the grantee's endpoint are
 * reported, since both would be made for a cluster that cannot serve them.
 */
export const redshiftEndpointRelocation: PreflightRule = {
    id: "redshift-endpoint-relocation",
    summary:
        "A Redshift-managed VPC endpoint (and its cross-account authorization) needs an RA3 cluster with cluster relocation turned on, on a port in 5431-5455 or 8191-8215, not publicly accessible.",
    fix: "Build the cluster with an RA3 node type, availabilityZoneRelocationEnabled: true, the default port 5439 and publiclyAccessible: false (its subnet group spanning two or more zones).",
    source: {
        title: "Amazon Redshift Management Guide: Redshift-managed VPC endpoints (considerations)",
        url: "https://docs.aws.amazon.com/redshift/latest/mgmt/managing-cluster-cross-vpc.html",
    },
    check(world) {
        const violations: RuleViolation[] = [];
        for (const { stack, resource } of world.placements()) {
            if (resource.type !== AUTHORIZATION && resource.type !== ACCESS) continue;
            const owner = resource.type === ACCESS ? String(resource.inputs.resourceOwner ?? stack.accountId) : stack.accountId;
            const cluster = clusterOf(world, owner, resource.inputs.clusterIdentifier);
            if (!cluster) continue;
            const found = problems(cluster);
            if (found.length === 0) continue;
            violations.push(
                violation(stack, resource, `cluster ${resource.inputs.clusterIdentifier} ${found.join("; ")}: Redshift refuses a managed VPC endpoint to it`),
            );
        }
        return violations;
    },
};

function violation(stack: DeployedStack, resource: CapturedResource, message: string): RuleViolation {
    return { stack: stack.stack, resource: resourceLabel(resource), message };
}
