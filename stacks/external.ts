import { PublishedDatasets } from "../components/published-datasets/index";
import { PartnerApiOutputs } from "../patterns/partner-api/program";
import { AccountScope, StackOutputs, accountExports } from "./account";
import { accessOf, buildParts, partsOf } from "./program";
import { accountWarehouse } from "./warehouse";

/**
 * The producer's external sharing account (account B of reference/000): the only
 * account external consumers reach, holding the "External Published Datasets".
 */
export function externalStack(scope: AccountScope): StackOutputs<"external", PartnerApiOutputs> {
    const { ctx } = scope;
    const parts = partsOf("external");
    const access = accessOf(scope, parts, "publishedAccess");
    const published = new PublishedDatasets(
        "external-published",
        {
            names: ctx.names,
            purpose: "external-published",
            description: "External Published Datasets",
            keyGrants: access.keyGrants,
            bucketStatements: access.bucketStatements,
            protect: ctx.settings.protectStatefulResources,
        },
        scope.opts,
    );
    const { exports, outputs } = buildParts(scope, { published, warehouse: accountWarehouse(scope, parts) }, parts);
    return { ...accountExports(scope), ...published.contractFields, ...exports, ...outputs, upstreamStacks: scope.upstream.verified() };
}
