import { awsPrincipals, policyStatements } from "../../policy-statements";
import { PreflightRule, RuleViolation } from "../rule";
import { resourceLabel } from "../world";

/** Resource policies that AWS validates when they are saved: each rejects a principal that does not exist. */
const VALIDATED_POLICIES = [
    "aws:kms/key:Key",
    "aws:kms/keyPolicy:KeyPolicy",
    "aws:s3/bucketPolicy:BucketPolicy",
    "aws:s3/accessPoint:AccessPoint",
    "aws:s3control/accessPointPolicy:AccessPointPolicy",
    "aws:secretsmanager/secret:Secret",
    "aws:secretsmanager/secretPolicy:SecretPolicy",
    "aws:iam/role:Role",
];

const ROLE_OR_USER = /^arn:[^:]+:iam::(\d{12}):(role|user)\/(.+)$/;

/**
 * Roles AWS itself creates when an account sets a service up (QuickSight's S3 role with the
 * subscription, service-linked roles): the README lists these services as prerequisites.
 */
const SET_UP_BY_AWS = /^(service-role\/aws-|aws-service-role\/)/;

/**
 * A policy may name an IAM role or user only once it exists: created by a stack deployed
 * before, or earlier in the same stack (the policy depends on it), or declared in the
 * topology as existing. KMS answers MalformedPolicyDocumentException, S3 and Secrets
 * Manager "Invalid principal", IAM MalformedPolicyDocument.
 */
export const principalExists: PreflightRule = {
    id: "principal-exists",
    summary: "A key, bucket, access point, secret or trust policy may name an IAM role or user as Principal only if it exists when the policy is saved.",
    fix: "Name the role's account as Principal and narrow with ArnEquals aws:PrincipalArn, which admits the role once it exists; or make the policy depend on the role.",
    source: {
        title: "IAM User Guide: AWS JSON policy elements: Principal (IAM roles, IAM users)",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html",
    },
    check(world) {
        const violations: RuleViolation[] = [];
        for (const { stackIndex, stack, resource } of world.placements()) {
            if (!VALIDATED_POLICIES.includes(resource.type)) continue;
            const named = new Set(policyStatements(resource).flatMap((s) => awsPrincipals(s.Principal)));
            for (const arn of named) {
                const match = ROLE_OR_USER.exec(arn);
                if (!match || SET_UP_BY_AWS.test(match[3]) || world.existingPrincipals.has(arn)) continue;
                const creator = world.creatorOf(arn);
                if (
                    creator &&
                    (creator.stackIndex < stackIndex || (creator.stackIndex === stackIndex && world.createdBefore(stackIndex, creator.resource, resource)))
                )
                    continue;
                const when = !creator
                    ? "which no stack creates and the topology does not declare"
                    : creator.stackIndex === stackIndex
                      ? `which this stack creates (${resourceLabel(creator.resource)}) without the policy waiting for it`
                      : `which stack ${world.stacks[creator.stackIndex].stack} creates, deployed after ${stack.stack}`;
                violations.push({ stack: stack.stack, resource: resourceLabel(resource), message: `names ${arn} as Principal, ${when}` });
            }
        }
        return violations;
    },
};
