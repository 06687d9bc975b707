import { AccountScope, StackOutputs, accountExports } from "./account";

/** The central governance account of pattern 2: Lake Formation across the producer's accounts. */
export function governanceStack(scope: AccountScope): StackOutputs<"governance"> {
    return { ...accountExports(scope), upstreamStacks: scope.upstream.verified() };
}
