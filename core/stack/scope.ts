import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { StackContext } from "./context";
import { UpstreamStacks } from "./upstream";

/** What every account program, and each pattern's part in it, starts from: its pinned provider and the stacks it reads. */
export interface AccountScope {
    /** The validated configuration of the stack. */
    readonly ctx: StackContext;
    /** The stack's AWS provider, pinned to its account. */
    readonly provider: aws.Provider;
    /** Options for components of this stack: everything deploys through the pinned provider. */
    readonly opts: pulumi.ComponentResourceOptions;
    /** Outputs of the stacks deployed before this one that it reads. */
    readonly upstream: UpstreamStacks;
    /** The account's read-only role for npm run verify; Lake Formation settings make it a read-only admin. */
    readonly verificationRoleArn: pulumi.Output<string>;
}
