import type { ResourceValidationPolicy } from "@pulumi/policy";
import { PolicyStatement, findPolicyDocuments, listField, principalsOf } from "../lib/documents";

/**
 * Condition keys that narrow who can use a statement, or from where, or on whose resources.
 * A wildcard is acceptable only next to one of these, under an operator that is neither
 * negated ("...Not...") nor lenient about a missing key ("...IfExists", "Null").
 */
export const NARROWING_KEYS = [
    "aws:principalaccount",
    "aws:principalarn",
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:principalservicename",
    "aws:sourceaccount",
    "aws:sourcearn",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:sourceip",
    "aws:vpcsourceip",
    "aws:userid",
    "aws:username",
    "aws:resourceaccount",
    "aws:resourceorgid",
    "aws:resourceorgpaths",
    "kms:calleraccount",
    // S3's delegation to access points: only requests through access points of the named
    // account, whose own policies then decide who.
    "s3:dataaccesspointaccount",
    "s3:dataaccesspointarn",
];

export function hasNarrowingCondition(s: PolicyStatement): boolean {
    return Object.entries(s.Condition ?? {}).some(
        ([operator, block]) =>
            !/Not|IfExists$|^Null$/.test(operator) &&
            typeof block === "object" &&
            block !== null &&
            Object.entries(block).some(
                ([key, value]) =>
                    (NARROWING_KEYS.includes(key.toLowerCase()) || key.toLowerCase().startsWith("aws:resourcetag/")) &&
                    listField(value).length > 0 &&
                    !listField(value).includes("*"),
            ),
    );
}

/** What is too broad about an Allow statement, if anything. */
export function wildcardsOf(s: PolicyStatement): string[] {
    if (s.Effect !== "Allow") return []; // a Deny with wildcards only removes access
    const found: string[] = [];
    if (listField(s.Action).some((a) => a === "*" || a === "*:*")) found.push('Action "*"');
    if (s.NotAction !== undefined) found.push("NotAction (allows every other action)");
    if (principalsOf(s.Principal).includes("*")) found.push('Principal "*"');
    if (s.NotPrincipal !== undefined) found.push("NotPrincipal (allows every other principal)");
    return found;
}

/**
 * Least privilege in every policy document the program writes (IAM, bucket, key, secret,
 * access point, VPC endpoint policies, role trust): no statement allows every action or
 * every principal unless a condition narrows it to known accounts, organisations, sources
 * or networks. Service-wide wildcards such as `kms:*` for the key owner's account (the KMS
 * default key policy) are not full wildcards and pass.
 */
export const noUnconditionedWildcards: ResourceValidationPolicy = {
    name: "no-unconditioned-wildcards",
    description: 'No policy statement allows Action "*" or Principal "*" (or NotAction / NotPrincipal) without a condition narrowing it.',
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: "Name the actions and principals, or add a condition such as aws:PrincipalOrgID, aws:SourceAccount, aws:SourceVpce or kms:CallerAccount.",
    validateResource: (args, reportViolation) => {
        for (const doc of findPolicyDocuments(args.props)) {
            doc.statements.forEach((s, i) => {
                const wildcards = wildcardsOf(s);
                if (wildcards.length > 0 && !hasNarrowingCondition(s)) {
                    const id = s.Sid ? `statement ${s.Sid}` : `statement ${i}`;
                    reportViolation(
                        `${args.type.split(":").pop()} ${args.name}: ${doc.path} ${id} allows ${wildcards.join(" and ")} without a narrowing condition: name the actions and principals, or add a condition on the principal's account, organisation, source or network.`,
                    );
                }
            });
        }
    },
};
