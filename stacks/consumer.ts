import { AccountScope, StackOutputs, accountExports } from "./account";

/** A consumer account (account C of reference/000): one stack per consumer on AWS. */
export function consumerStack(scope: AccountScope): StackOutputs<"consumer"> {
    return { ...accountExports(scope), upstreamStacks: scope.upstream.verified() };
}
