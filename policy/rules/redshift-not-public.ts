import type { ResourceValidationPolicy } from "@pulumi/policy";
import { isTrue } from "../lib/values";

/** Warehouses are reached through datashares and private endpoints, never from the internet. */
export const redshiftNotPublic: ResourceValidationPolicy = {
    name: "redshift-not-public",
    description: "Redshift clusters and Redshift Serverless workgroups are not publicly accessible.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: "Set publiclyAccessible: false (the provider default) and reach the warehouse through a VPC or a Redshift-managed VPC endpoint.",
    validateResource: (args, reportViolation) => {
        const kind =
            args.type === "aws:redshift/cluster:Cluster"
                ? "cluster"
                : args.type === "aws:redshiftserverless/workgroup:Workgroup"
                  ? "Serverless workgroup"
                  : undefined;
        if (kind && isTrue(() => args.props.publiclyAccessible)) {
            reportViolation(`Redshift ${kind} ${args.name} is publicly accessible: set publiclyAccessible: false.`);
        }
    },
};
