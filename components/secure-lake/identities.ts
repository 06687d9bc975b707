import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { AwsTarget } from "../../core/dynamic/aws-target";
import { policyJson } from "../../core/policy/document";
import { LoginProfile } from "./login-profile";
import { serviceTrustPolicy } from "../../core/policy/trust";
import { LakeResources, analystPolicy, dataAccessRolePolicy, glueRolePolicy, lakeAdminPolicy } from "./policies";
import { CLEAN_TABLES, RAW_TABLES } from "./tables";

export interface LakeIdentitiesArgs {
    /** Where the lake's policies point. */
    resources: LakeResources;
    /** The stack's account, for the console password provider. */
    target: AwsTarget;
}

/** The managed policies reference/004 gives the data lake admin group. */
export const LAKE_ADMIN_MANAGED_POLICIES = ["AWSLakeFormationDataAdmin", "AWSGlueConsoleFullAccess", "AmazonS3ReadOnlyAccess"] as const;

/**
 * The people and roles of reference/004: an admin group and an analyst group, one user in
 * each with a console password that must be changed at first login, the Glue role, and the
 * role Lake Formation uses to reach the lake.
 */
export class LakeIdentities extends pulumi.ComponentResource {
    public readonly adminUser: aws.iam.User;
    public readonly analystUser: aws.iam.User;
    /** Initial console passwords, secret; AWS asks for a new one at first login. */
    public readonly adminPassword: pulumi.Output<string>;
    public readonly analystPassword: pulumi.Output<string>;
    public readonly glueRole: aws.iam.Role;
    public readonly dataAccessRole: aws.iam.Role;

    constructor(name: string, args: LakeIdentitiesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:lake:LakeIdentities", name, {}, opts);
        const { names } = args.resources;
        const parent = { parent: this };

        const admins = new aws.iam.Group(`${name}-admins`, { name: names.group("lake-admins") }, parent);
        LAKE_ADMIN_MANAGED_POLICIES.forEach(
            (policy) =>
                new aws.iam.GroupPolicyAttachment(`${name}-admins-${policy}`, { group: admins.name, policyArn: names.managedPolicyArn(policy) }, parent),
        );
        new aws.iam.GroupPolicy(
            `${name}-admins`,
            { group: admins.name, name: "lake-administration", policy: policyJson(lakeAdminPolicy(args.resources)) },
            parent,
        );

        const analysts = new aws.iam.Group(`${name}-analysts`, { name: names.group("lake-analysts") }, parent);
        new aws.iam.GroupPolicy(`${name}-analysts`, { group: analysts.name, name: "lake-analysis", policy: policyJson(analystPolicy(args.resources)) }, parent);

        const admin = this.consoleUser(`${name}-admin`, names.user("lake-admin"), admins, args.target, names.managedPolicyArn("IAMUserChangePassword"));
        const analyst = this.consoleUser(`${name}-analyst`, names.user("lake-analyst"), analysts, args.target, names.managedPolicyArn("IAMUserChangePassword"));
        [this.adminUser, this.adminPassword] = admin;
        [this.analystUser, this.analystPassword] = analyst;

        this.glueRole = new aws.iam.Role(
            `${name}-glue`,
            { name: names.role("lake-glue"), assumeRolePolicy: policyJson(serviceTrustPolicy("glue.amazonaws.com", { account: names.account.accountId })) },
            parent,
        );
        new aws.iam.RolePolicy(
            `${name}-glue`,
            { role: this.glueRole.name, name: "crawl-and-clean", policy: policyJson(glueRolePolicy(args.resources, RAW_TABLES, CLEAN_TABLES)) },
            parent,
        );

        this.dataAccessRole = new aws.iam.Role(
            `${name}-data-access`,
            {
                name: names.role("lake-data-access"),
                assumeRolePolicy: policyJson(serviceTrustPolicy("lakeformation.amazonaws.com", { account: names.account.accountId })),
            },
            parent,
        );
        new aws.iam.RolePolicy(
            `${name}-data-access`,
            { role: this.dataAccessRole.name, name: "lake-location", policy: policyJson(dataAccessRolePolicy(args.resources)) },
            parent,
        );
        this.registerOutputs({ adminUser: this.adminUser.name, analystUser: this.analystUser.name });
    }

    /** A console user in a group, with a random initial password it must change, and the right to change it. */
    private consoleUser(
        name: string,
        userName: string,
        group: aws.iam.Group,
        target: AwsTarget,
        changePasswordPolicy: string,
    ): [aws.iam.User, pulumi.Output<string>] {
        const parent = { parent: this };
        const user = new aws.iam.User(name, { name: userName, forceDestroy: false }, parent);
        new aws.iam.UserGroupMembership(name, { user: user.name, groups: [group.name] }, parent);
        // Without it, a user created through the API cannot set the new password AWS demands.
        new aws.iam.UserPolicyAttachment(`${name}-change-password`, { user: user.name, policyArn: changePasswordPolicy }, parent);
        const password = new random.RandomPassword(
            name,
            { length: 24, special: true, overrideSpecial: "!@#$%^&*()-_=+[]{}", minUpper: 2, minLower: 2, minNumeric: 2, minSpecial: 2 },
            parent,
        );
        new LoginProfile(name, { target, userName: user.name, password: password.result, passwordResetRequired: true }, parent);
        return [user, pulumi.secret(password.result)];
    }
}
