import * as aws from "@pulumi/aws";
import { typeOf } from "../../core/resource-type";
import { EntitlementContext, accountOfArn, asList, jsonInput } from "../../plan/entitlements/context";
import { Entitlement } from "../../plan/entitlements/model";
import { StackEvaluation } from "../../plan/evaluation";
import { PatternReport } from "../../plan/pattern-report";

declare module "../../plan/entitlements/model" {
    interface AccessPaths {
        "s3 access point": true;
    }
}

/** The type access points are registered under. */
export const ACCESS_POINT = typeOf(aws.s3.AccessPoint);

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
                const prefixes = [
                    ...asList(s.Condition?.StringLike?.["s3:prefix"]),
                    ...asList(s.Resource).flatMap((r) => (r.includes("/object/") ? [r.split("/object/")[1]] : [])),
                ];
                return principals.flatMap((principal) =>
                    prefixes.map((prefix): Entitlement => ({
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
                    })),
                );
            });
        });
}

/** Pattern 6 in the entitlement report and the diagram. */
export const accessPointReport: PatternReport = {
    entitlements: (evaluation, context) => evaluation.stacks.flatMap((s) => accessPointEntitlements(s, context)),
    paths: { "s3 access point": "S3 access point" },
};
