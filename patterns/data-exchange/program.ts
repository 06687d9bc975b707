import * as pulumi from "@pulumi/pulumi";
import { AccountNames } from "../../core/naming";
import { awsTargetOf } from "../../core/stack/context";
import { PatternProgram, RolePart } from "../program";
import { RevisionAutoExport } from "./auto-export";
import { ProductDataSet } from "./data-set";
import { exchangedProducts, receivedExchangeProducts } from "./model";
import { ReceivedDataSets } from "./received-data-sets";
import { RevisionPublisher } from "./revision-publisher";

/**
 * What pattern 1 builds: in the external account, a data set per product with a grant to
 * each active consumer account, and the function turning each snapshot that reaches its
 * Published Datasets into a revision; in each consumer's account, the grants accepted and,
 * with `datasharing:dataExchange.autoExport`, each new revision exported into its own bucket.
 */

const external: RolePart<"external"> = {
    build(scope, base) {
        const { ctx } = scope;
        const { names } = ctx;
        const exchanged = exchangedProducts(ctx.topology, ctx.asOf);
        if (exchanged.length === 0) {
            return {};
        }
        const published = base.published!;
        const dataSets = exchanged.map(
            (p) =>
                [
                    p.product.name,
                    new ProductDataSet(
                        `data-exchange-${p.product.name}`,
                        {
                            names,
                            target: awsTargetOf(ctx),
                            product: { name: p.product.name, description: p.product.description },
                            grants: p.grants.map((g) => ({ consumer: g.consumer, accountId: g.accountId, endsAt: g.endsAt })),
                        },
                        scope.opts,
                    ),
                ] as const,
        );
        // Each snapshot that reaches the bucket becomes a revision of its product's data set.
        new RevisionPublisher(
            "data-exchange-revisions",
            {
                names,
                bucket: { name: published.bucket.bucketName, arn: names.bucketArn(names.bucket("external-published")), keyArn: published.key.arn },
                products: dataSets.map(([product, set]) => ({
                    name: product,
                    dataSetId: set.dataSetId,
                    retainRevisions: exchanged.find((p) => p.product.name === product)!.retainRevisions,
                })),
                protect: ctx.settings.protectStatefulResources,
            },
            scope.opts,
        );
        const arns = dataSets.map(([product, set]) =>
            pulumi
                .all(Object.entries(set.grants).map(([consumer, grant]) => grant.dataGrantArn.apply((arn) => [consumer, arn] as const)))
                .apply((entries) => [product, Object.fromEntries(entries)] as const),
        );
        return { exports: { dataGrants: pulumi.all(arns).apply((entries) => Object.fromEntries(entries)) } };
    },
};

/** The consumer's side: the Data Exchange grants it accepts, and its own export of each new revision. */
const consumer: RolePart<"consumer"> = {
    build(scope) {
        const { ctx } = scope;
        const { topology } = ctx;
        const me = ctx.identity.consumer!;
        const products = receivedExchangeProducts(topology, me.name, ctx.asOf);
        if (products.length === 0 || !topology.external) return {};
        const grants = scope.upstream.of("external").dataGrants;
        const received = new ReceivedDataSets(
            "data-exchange",
            {
                target: awsTargetOf(ctx),
                sharing: new AccountNames(topology.namePrefix, topology.external),
                consumer: me.name,
                products,
                endsAt: me.accessEndsAt,
                dataGrantArns: Object.fromEntries(products.map((p) => [p, grants?.apply((g) => g?.[p]?.[me.name])])),
            },
            scope.opts,
        );
        if (ctx.settings.dataExchange.autoExport) {
            new RevisionAutoExport(
                "data-exchange-exports",
                { names: ctx.names, dataSets: received.dataSetIds, protect: ctx.settings.protectStatefulResources },
                scope.opts,
            );
        }
        return {};
    },
};

export const dataExchangeProgram: PatternProgram = { external, consumer };
