import * as pulumi from "@pulumi/pulumi";
import { ContractRole, ExportsOf } from "../core/contract/exports";
import { StackContext } from "../core/stack/context";
import { accountProvider } from "../core/stack/provider";
import { AccountScope } from "../core/stack/scope";
import { UpstreamStacks } from "../core/stack/upstream";
import { VerificationRole } from "../components/verification-role";

export type { AccountScope };

export function openAccount(ctx: StackContext): AccountScope {
    const provider = accountProvider(ctx);
    // Every stack: an auditor verifies each account with the same read-only role (npm run verify).
    const verification = new VerificationRole(
        "verification",
        { names: ctx.names, trustedPrincipals: ctx.topology.verification.trustedPrincipals },
        { provider },
    );
    return { ctx, provider, opts: { provider }, upstream: new UpstreamStacks(ctx), verificationRoleArn: verification.arn };
}

/**
 * A stack's outputs: its contract, the upstream stacks it was built against, and outputs
 * for the people operating it (`Extra`), which no other stack reads.
 */
export type StackOutputs<R extends ContractRole, Extra extends object = object> = ExportsOf<R> &
    Extra & {
        /** `org/project/stack (account)` of each stack read; resolves only if their contracts are complete. */
        upstreamStacks: Record<string, pulumi.Output<string>>;
    };

/** Contract fields every role exports. */
export function accountExports(scope: AccountScope): { accountId: string; region: string } {
    const { account } = scope.ctx.identity;
    return { accountId: account.accountId, region: account.region };
}
