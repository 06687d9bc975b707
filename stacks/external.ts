import { PublishedDatasets } from "../components/published-datasets";
import { AccountScope, StackOutputs, accountExports } from "./account";

/**
 * The producer's external sharing account (account B of reference/000): the only
 * account external consumers reach, holding the "External Published Datasets".
 */
export function externalStack(scope: AccountScope): StackOutputs<"external"> {
    const { ctx } = scope;
    const published = new PublishedDatasets(
        "external-published",
        {
            names: ctx.names,
            purpose: "external-published",
            description: "External Published Datasets",
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
