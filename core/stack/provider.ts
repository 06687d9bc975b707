import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { defaultTags } from "../tags";
import { StackContext } from "./context";

/**
 * The AWS provider of a stack, pinned to the stack's account with `allowedAccountIds`, so
 * a stack run with the wrong credentials fails before it changes anything. Optionally
 * assumes a deployment role; tags every taggable resource with project and account role.
 */
export function accountProvider(ctx: StackContext, region: string = ctx.identity.account.region): aws.Provider {
    const { account, role } = ctx.identity;
    const { assumeRoleArn, assumeRoleExternalId } = ctx.settings;
    const name = region === account.region ? `aws-${role}` : `aws-${role}-${region}`;
    return new aws.Provider(name, {
        region: region as pulumi.Input<aws.Region>,
        allowedAccountIds: [account.accountId],
        assumeRoles: assumeRoleArn
            ? [{ roleArn: assumeRoleArn, sessionName: `${ctx.topology.namePrefix}-${ctx.stackName}`, externalId: assumeRoleExternalId }]
            : undefined,
        defaultTags: { tags: defaultTags(ctx.topology.namePrefix, role, ctx.stackName) },
    });
}
