import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccountNames, VERIFICATION_ROLE } from "../core/naming";
import { policyJson } from "../core/policy/document";
import { verificationPolicy, verificationTrustPolicy } from "../core/policy/verification";

export interface VerificationRoleArgs {
    /** Names of the stack's account. */
    names: AccountNames;
    /** Principals that may assume the role (the topology's `verification.trustedPrincipals`). @default [] (the account itself) */
    trustedPrincipals?: readonly string[];
}

/**
 * The read-only role `npm run verify` assumes in this account, of fixed name
 * (`<prefix>-verification`), so an auditor can check every account's live entitlements
 * against the plan without write access anywhere. It is also a Lake Formation read-only
 * administrator (the stacks' Lake Formation settings add it), since Lake Formation lists
 * every grant only to an administrator.
 */
export class VerificationRole extends pulumi.ComponentResource {
    public readonly role: aws.iam.Role;
    /** The role's ARN. */
    public readonly arn: pulumi.Output<string>;

    constructor(name: string, args: VerificationRoleArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:verify:VerificationRole", name, {}, opts);
        const { names } = args;
        this.role = new aws.iam.Role(
            name,
            {
                name: names.role(VERIFICATION_ROLE),
                description: "Read-only: npm run verify reads live entitlements with it, and can change nothing",
                assumeRolePolicy: policyJson(verificationTrustPolicy(args.trustedPrincipals ?? [], names)),
                maxSessionDuration: 3600,
            },
            { parent: this },
        );
        new aws.iam.RolePolicy(
            name,
            { role: this.role.name, name: names.policy("verification-read-only"), policy: policyJson(verificationPolicy(names)) },
            { parent: this },
        );
        this.arn = this.role.arn;
        this.registerOutputs({ arn: this.arn });
    }
}
