import { StackEvaluation } from "../evaluate";
import { EntitlementContext, accountOfArn, asList, jsonInput } from "./context";
import { Entitlement } from "./model";

const ACCESS_POINT = "aws:s3/accessPoint:AccessPoint";

/**
 * Pattern 6: each Allow of each access point's policy, one row per consumer role and folder,
 * with the network origin the point admits (VPC-only or any) as its condition.
 */
export function accessPointEntitlements(stack: StackEvaluation, context: EntitlementContext): Entitlement[] {
    return stack.resources
        .filter((r) => r.type === ACCESS_POINT)
        .flatMap((point) => {
            const consumer = context.consumerNamed(point.inputs.tags?.consumer);
            const vpcId = point.inputs.vpcConfiguration?.vpcId;
            const network = vpcId ? `from VPC ${vpcId} only` : "from any network";
            const allows = (jsonInput(point.inputs.policy)?.Statement ?? []).filter((s: any) => s.Effect === "Allow");
            return allows.flatMap((s: any) => {
                const principals = asList(s.Condition?.ArnEquals?.["aws:PrincipalArn"]);
                const prefixes = [...asList(s.Condition?.StringLike?.["s3:prefix"]), ...asList(s.Resource).flatMap((r) => (r.includes("/object/") ? [r.split("/object/")[1]] : []))];
                return principals.flatMap((principal) =>
                    prefixes.map(
                        (prefix): Entitlement => ({
                            ...context.who(consumer, accountOfArn(principal)),
                            principal,
                            principalAccount: accountOfArn(principal),
                            grantorAccount: stack.account.accountId,
                            path: "s3 access point",
                            pattern: "access-point",
                            ...context.product(context.productOfPrefix(prefix)),
                            resource: `access point ${point.inputs.name} on ${point.inputs.bucket}: ${prefix}`,
                            actions: asList(s.Action),
                            conditions: `over TLS, ${network}`,
                            basis: "registered",
                        }),
                    ),
                );
            });
        });
}
