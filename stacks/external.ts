import { ReplicaCatalog } from "../components/lake-sharing/replica-catalog";
import { PublishedDatasets } from "../components/published-datasets";
import { lakeProducts, lakeShares } from "../core/lake-formation/sharing";
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
    const { topology } = ctx;
    if (topology.enabledPatterns.includes("lake-formation-external")) {
        const bucketName = ctx.names.bucket("external-published");
        new ReplicaCatalog(
            "replica",
            {
                names: ctx.names,
                bucket: { name: published.bucket.bucketName, arn: ctx.names.bucketArn(bucketName) },
                keyArn: published.key.arn,
                shares: lakeShares(topology, "lake-formation-external", ctx.asOf),
                products: lakeProducts(topology, "lake-formation-external"),
                crossAccountVersion: topology.lakeFormation.crossAccountVersion,
            },
            scope.opts,
        );
    }
    return {
        ...accountExports(scope),
        ...published.contractFields,
        upstreamStacks: scope.upstream.verified(),
    };
}
