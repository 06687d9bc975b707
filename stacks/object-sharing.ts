import * as pulumi from "@pulumi/pulumi";
import { ProductDataSet } from "../components/data-exchange/data-set";
import { RevisionAutoExport } from "../components/data-exchange/auto-export";
import { ReceivedDataSets } from "../components/data-exchange/received-data-sets";
import { RevisionPublisher } from "../components/data-exchange/revision-publisher";
import { PolicyStatement } from "../core/policy/document";
import { KeyGrant } from "../core/policy/key-policy";
import { AccountNames } from "../core/naming";
import { exchangedProducts, receivedExchangeProducts } from "../core/object-sharing/data-exchange";
import { awsTargetOf } from "../core/stack/context";
import { AccountScope } from "./account";

/**
 * The two patterns that share objects of a Published Datasets bucket: S3 access points
 * (pattern 6, on the bucket the topology chooses) and AWS Data Exchange (pattern 1, from the
 * external account). The sharing side adds statements to the bucket and key policies
 * before the bucket exists, then builds the access points and data sets on it.
 */
export interface ObjectSharing {
    readonly bucketStatements: PolicyStatement[];
    readonly keyGrants: KeyGrant[];
    /** Builds the access points and data sets on the bucket; returns the contract's data grant ARNs. */
    build(bucket: SharingBucket): { dataGrants?: pulumi.Output<Record<string, Record<string, string>>> };
}

/** The Published Datasets bucket objects are shared from. */
export interface SharingBucket {
    readonly bucketName: pulumi.Output<string>;
    readonly keyArn: pulumi.Output<string>;
}

/** The sharing side in the producer or external account, `purpose` naming its Published Datasets bucket. */
export function objectSharing(scope: AccountScope, purpose: string): ObjectSharing {
    const { ctx } = scope;
    const { topology, names } = ctx;
    const role = ctx.identity.role;
    const bucketArn = names.bucketArn(names.bucket(purpose));
    const exchanged = role === "external" ? exchangedProducts(topology, ctx.asOf) : [];
    return {
        bucketStatements: [],
        keyGrants: [],
        build({ bucketName, keyArn }) {
            if (exchanged.length === 0) {
                return {};
            }
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
                    bucket: { name: bucketName, arn: bucketArn, keyArn },
                    products: dataSets.map(([product, set]) => ({ name: product, dataSetId: set.dataSetId, retainRevisions: exchanged.find((p) => p.product.name === product)!.retainRevisions })),
                    protect: ctx.settings.protectStatefulResources,
                },
                scope.opts,
            );
            const arns = dataSets.map(([product, set]) =>
                pulumi.all(Object.entries(set.grants).map(([consumer, grant]) => grant.dataGrantArn.apply((arn) => [consumer, arn] as const))).apply((entries) => [product, Object.fromEntries(entries)] as const),
            );
            return { dataGrants: pulumi.all(arns).apply((entries) => Object.fromEntries(entries)) };
        },
    };
}

/** The consumer's side: its access point client and the Data Exchange grants it accepts. */
export function consumerObjectSharing(scope: AccountScope): void {
    const { ctx } = scope;
    const { topology } = ctx;
    const consumer = ctx.identity.consumer!;
    const products = receivedExchangeProducts(topology, consumer.name, ctx.asOf);
    if (products.length > 0 && topology.external) {
        const external = scope.upstream.of("external");
        const received = new ReceivedDataSets(
            "data-exchange",
            {
                target: awsTargetOf(ctx),
                sharing: new AccountNames(topology.namePrefix, topology.external),
                consumer: consumer.name,
                products,
                endsAt: consumer.accessEndsAt,
                dataGrantArns: Object.fromEntries(products.map((p) => [p, external.dataGrants?.apply((g) => g?.[p]?.[consumer.name])])),
            },
            scope.opts,
        );
        if (ctx.settings.dataExchange?.autoExport) {
            new RevisionAutoExport("data-exchange-exports", { names: ctx.names, dataSets: received.dataSetIds, protect: ctx.settings.protectStatefulResources }, scope.opts);
        }
    }
}
