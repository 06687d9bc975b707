import type { ResourceValidationPolicy } from "@pulumi/policy";
import { PolicyStatement, findPolicyDocuments, listField } from "../lib/documents";
import { SourceKey, serviceTrustFacts } from "../lib/service-trust";

/**
 * Confused deputy protection in role trusts: a role an AWS service may assume is assumable
 * only on behalf of the sources the service names, for every source key the registry
 * (lib/service-trust.ts) says the service sends. A service the registry does not know is
 * refused too: whether it sends the keys must be looked up, and recorded there, first.
 */

/** Does the statement allow sts:AssumeRole (by name or by a wildcard covering it)? */
function allowsAssumeRole(s: PolicyStatement): boolean {
    return s.Effect === "Allow" && listField(s.Action).some((a) => /^(\*|sts:\*|sts:assumerole)$/i.test(a));
}

/** The service principals of a statement's Principal block. */
function servicesOf(principal: unknown): string[] {
    if (typeof principal !== "object" || principal === null) return [];
    return Object.entries(principal).flatMap(([kind, value]) => (kind === "Service" ? listField(value) : []));
}

/**
 * Is the key required by the statement: under an operator that neither negates it, nor lets
 * a request without the key through (IfExists, Null, ForAllValues), with a value other than "*"?
 */
export function conditionsOn(s: PolicyStatement, key: SourceKey): boolean {
    return Object.entries(s.Condition ?? {}).some(
        ([operator, block]) =>
            !/Not|IfExists$|^Null$|^ForAllValues:/i.test(operator) &&
            typeof block === "object" &&
            block !== null &&
            Object.entries(block).some(([k, value]) => k.toLowerCase() === key.toLowerCase() && listField(value).length > 0 && !listField(value).includes("*")),
    );
}

export const serviceTrustSourceConditions: ResourceValidationPolicy = {
    name: "service-trust-source-conditions",
    description:
        "A role trusting an AWS service conditions it on aws:SourceAccount / aws:SourceArn wherever the service documents sending them (confused deputy).",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Build the trust with serviceTrustPolicy (core/policy/trust.ts); for a new service, record in policy/lib/service-trust.ts which source keys AWS documents it sending, with the page.",
    validateResource: (args, reportViolation) => {
        if (args.type !== "aws:iam/role:Role") return;
        for (const doc of findPolicyDocuments(args.props).filter((d) => d.path === "assumeRolePolicy")) {
            doc.statements.forEach((s, i) => {
                if (!allowsAssumeRole(s)) return;
                const id = s.Sid ? `statement ${s.Sid}` : `statement ${i}`;
                for (const service of servicesOf(s.Principal)) {
                    const facts = serviceTrustFacts(service);
                    if (facts === undefined) {
                        reportViolation(
                            `role ${args.name}: trust ${id} lets ${service} assume it, a service the trust registry does not know: look up whether it sends aws:SourceAccount / aws:SourceArn when it assumes a role, and record it with its AWS page in policy/lib/service-trust.ts.`,
                        );
                        continue;
                    }
                    const missing = facts.conditions.filter((key) => !conditionsOn(s, key));
                    if (missing.length > 0) {
                        reportViolation(
                            `role ${args.name}: trust ${id} lets ${service} assume it without ${missing.join(" and ")}: condition it on this account's sources (serviceTrustPolicy in core/policy/trust.ts), as ${facts.source.url} documents.`,
                        );
                    }
                }
            });
        }
    },
};
