import { PreflightRule, RuleViolation } from "../rule";
import { Placement, resourceLabel } from "../world";

const ACCOUNT = "aws:apigateway/account:Account";

/**
 * API Gateway's CloudWatch logging role is one setting per account and region, shared by
 * every API there: a second resource that sets it silently replaces the first one's role,
 * and whichever deploys last wins (or, destroyed, resets it under the others).
 */
export const apigatewayAccountOnce: PreflightRule = {
    id: "apigateway-account-once",
    summary: "API Gateway's account settings (the CloudWatch logging role) are one per account and region: only one resource may set them.",
    fix: "Let one stack of the account and region manage the setting (partnerApi.apiGatewayAccountRole: manage) and leave it alone everywhere else (existing).",
    source: {
        title: "AWS CloudFormation: AWS::ApiGateway::Account",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-account.html",
    },
    check(world) {
        const seen = new Map<string, Placement & { stack: string }>();
        const violations: RuleViolation[] = [];
        for (const { stackIndex, stack, resource } of world.placements()) {
            if (resource.type !== ACCOUNT) continue;
            const region = typeof resource.inputs.region === "string" ? resource.inputs.region : resource.region;
            const where = `${resource.accountId}/${region}`;
            const first = seen.get(where);
            if (first) {
                violations.push({
                    stack: stack.stack,
                    resource: resourceLabel(resource),
                    message: `sets the API Gateway logging role of account ${resource.accountId} in ${region}, which ${resourceLabel(first.resource)} of stack ${first.stack} sets too: the last to deploy replaces the other's role for every API there`,
                });
            } else {
                seen.set(where, { stackIndex, resource, stack: stack.stack });
            }
        }
        return violations;
    },
};
