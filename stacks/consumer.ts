import * as pulumi from "@pulumi/pulumi";
import { AccountScope, StackOutputs, accountExports } from "./account";
import { buildParts, partsOf } from "./program";
import { accountWarehouse } from "./warehouse";

/** What the consumer's own people use. */
export interface ConsumerOperatorOutputs {
    /** Databases made from the datashares received (pattern 4), in the consumer's warehouse. */
    redshiftDatabases?: pulumi.Output<string>[];
}

/** A consumer account (account C of reference/000): one stack per consumer on AWS, receiving what each of its patterns shares with it. */
export function consumerStack(scope: AccountScope): StackOutputs<"consumer", ConsumerOperatorOutputs> {
    const parts = partsOf("consumer");
    const { exports, outputs } = buildParts(scope, { warehouse: accountWarehouse(scope, parts) }, parts);
    return { ...accountExports(scope), ...exports, ...outputs, upstreamStacks: scope.upstream.verified() };
}
