import { AccountScope, StackOutputs, accountExports } from "./account";
import { buildParts, partsOf } from "./program";

/**
 * The central governance account of pattern 2: it owns the catalog of the products it
 * governs, over the producer's S3 locations, and shares it with consumer accounts.
 */
export function governanceStack(scope: AccountScope): StackOutputs<"governance"> {
    const { exports, outputs } = buildParts(scope, {}, partsOf("governance"));
    return { ...accountExports(scope), ...exports, ...outputs, upstreamStacks: scope.upstream.verified() };
}
