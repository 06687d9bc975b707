import { PublishedDatasets } from "../components/published-datasets";
import { AccountScope, StackOutputs, accountExports } from "./account";

/**
 * The production account (account A of reference/000): owns the data, and publishes what
 * it shares into "Published Datasets", apart from production data.
 */
export function producerStack(scope: AccountScope): StackOutputs<"producer"> {
    const { ctx } = scope;
    const published = new PublishedDatasets(
        "published",
        {
            names: ctx.names,
            purpose: "published",
            description: "Published Datasets",
            protect: ctx.settings.protectStatefulResources,
        },
        scope.opts,
    );
    return {
        ...accountExports(scope),
        ...published.contractFields,
        upstreamStacks: scope.upstream.verified(),
    };
}
