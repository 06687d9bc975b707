import { PreflightRule, RuleViolation } from "../rule";
import { resourceLabel } from "../world";

/**
 * Glue's API calls a connection's Availability Zone redundant with its subnet, yet
 * requires it: a connection placed in a subnet without one cannot start its jobs'
 * network interfaces. It must be the subnet's own zone.
 */
export const glueConnectionAvailabilityZone: PreflightRule = {
    id: "glue-connection-availability-zone",
    summary:
        "A Glue connection placed in a subnet (physicalConnectionRequirements.subnetId) must also name the subnet's Availability Zone; Glue requires the field.",
    fix: "Set physicalConnectionRequirements.availabilityZone to the subnet's zone (aws.ec2.getSubnet(...).availabilityZone).",
    source: {
        title: "AWS Glue API: PhysicalConnectionRequirements (AvailabilityZone)",
        url: "https://docs.aws.amazon.com/glue/latest/webapi/API_PhysicalConnectionRequirements.html",
    },
    check(world) {
        const violations: RuleViolation[] = [];
        for (const { stack, resource } of world.placements()) {
            if (resource.type !== "aws:glue/connection:Connection") continue;
            const requirements = resource.inputs.physicalConnectionRequirements;
            if (!requirements?.subnetId || requirements.availabilityZone) continue;
            violations.push({
                stack: stack.stack,
                resource: resourceLabel(resource),
                message: `is placed in subnet ${requirements.subnetId} but names no availabilityZone: Glue cannot place its jobs' network interfaces`,
            });
        }
        return violations;
    },
};
