import * as pulumi from "@pulumi/pulumi";
import { ExistingWarehouse, SharingWarehouse } from "../../components/redshift/existing-warehouse";
import { SchemaSpec, tableSpec } from "../../components/redshift/schemas";
import { RedshiftWarehouse } from "../../components/redshift/warehouse";
import { AccountNames } from "../../core/naming";
import { awsTargetOf } from "../../core/stack/context";
import { AccountScope } from "../../core/stack/scope";
import { AccountWarehouse, PatternProgram, RolePart, UntimedGrants } from "../program";
import { Datashares } from "./config";
import { RedshiftCopyJob } from "./copy-job";
import { CopyTarget } from "./copy-job/copy-target";
import { copyRoleArn } from "./copy-job/names";
import { RedshiftProduct, consumerDatabaseName, datashareConsumerAccounts, datasharesOf, receivedDatashares } from "./model";
import { ReceivedDatashare } from "./received-datashare";
import { SharedDatashare } from "./shared-datashare";

/**
 * What pattern 4 builds in each account that takes part, on the account's warehouse (which
 * the stack program makes where a pattern needs one): the producer's datashares (option A)
 * and option B's copy job, the external account's landing tables and datashares (option B),
 * and each consumer's databases made from what it receives.
 */

/** The warehouse this stack built; validation refuses an existing one wherever this is asked. */
function built(warehouse: RedshiftWarehouse | ExistingWarehouse, what: string): RedshiftWarehouse {
    if (!(warehouse instanceof RedshiftWarehouse)) {
        throw new Error(`${what} needs a warehouse this stack builds, not datasharing:warehouse.existing; config validation should have refused it`);
    }
    return warehouse;
}

function schemasOf(products: readonly RedshiftProduct[]): SchemaSpec[] {
    return products.map((p) => ({ name: p.schema, tables: p.tables.map(tableSpec) }));
}

/** Datashares of one sharing account, each granted and authorized to its consumers now. */
function shareProducts(
    scope: AccountScope,
    warehouse: SharingWarehouse,
    products: readonly RedshiftProduct[],
    after: pulumi.Resource[],
): pulumi.Output<Datashares> {
    const { ctx } = scope;
    const shared = products.map((p) => ({
        product: p,
        share: new SharedDatashare(
            `datashare-${p.datashare}`,
            {
                names: ctx.names,
                target: awsTargetOf(ctx),
                warehouse: warehouse.dataApi,
                namespaceId: warehouse.namespaceId,
                datashare: p.datashare,
                schema: p.schema,
                tables: p.tables.map((t) => t.name),
                consumerAccounts: datashareConsumerAccounts(ctx.topology, p.product.name, ctx.asOf),
                after,
            },
            scope.opts,
        ),
    }));
    const accountId = ctx.identity.account.accountId;
    return pulumi
        .all(
            shared.map(({ product, share }) =>
                pulumi.all([share.arn, warehouse.namespaceId]).apply(([arn, namespaceId]) => [product.product.name, { arn, namespaceId, accountId }] as const),
            ),
        )
        .apply((entries) => Object.fromEntries(entries));
}

/**
 * The datashares a sharing account authorizes to each active consumer, by consumer name:
 * what its access expiry deauthorizes at the consumer's end date.
 */
export function authorizedDatashares(
    scope: AccountScope,
    datashares: pulumi.Output<Datashares> | undefined,
    sharedFrom: "producer" | "external",
): UntimedGrants {
    const { ctx } = scope;
    if (!datashares) return {};
    const byConsumer: Record<string, pulumi.Output<string>[]> = {};
    for (const consumer of ctx.topology.consumers) {
        const products = receivedDatashares(ctx.topology, consumer.name, ctx.asOf).filter((p) => p.sharedFrom === sharedFrom);
        if (products.length > 0) byConsumer[consumer.name] = products.map((p) => datashares.apply((d) => d[p.product.name].arn));
    }
    return { datashares: byConsumer };
}

/** The datashares of a sharing account, with what its access expiry must end. */
function shared(
    scope: AccountScope,
    warehouse: SharingWarehouse,
    products: readonly RedshiftProduct[],
    after: pulumi.Resource[],
    sharedFrom: "producer" | "external",
) {
    const datashares = shareProducts(scope, warehouse, products, after);
    return { datashares, untimed: authorizedDatashares(scope, datashares, sharedFrom) };
}

/**
 * The producer: its warehouse holds every shared product's tables, whichever option shares
 * it; option A's datashares are made there; option B's copy job writes into the external
 * account's landing warehouse.
 */
const producer: RolePart<"producer"> = {
    warehouseSchemas: (scope) => schemasOf([...datasharesOf(scope.ctx.topology, "producer"), ...datasharesOf(scope.ctx.topology, "external")]),
    build(scope, base) {
        const { ctx } = scope;
        const { topology } = ctx;
        const direct = datasharesOf(topology, "producer");
        const copied = datasharesOf(topology, "external");
        const w: AccountWarehouse | undefined = base.warehouse;
        if (!w || (direct.length === 0 && copied.length === 0)) return {};
        const tables = w.tables!;
        if (copied.length > 0) {
            // Option A only, with an existing warehouse (validation): no copy job runs in it.
            const warehouse = built(w.warehouse, "option B's copy job");
            const target = scope.upstream.of("external").copyTarget!.apply((t) => {
                if (!t) {
                    throw new Error(
                        `the external stack exports no copyTarget: deploy it first (it builds option B's landing warehouse for ${copied.map((p) => p.product.name).join(", ")})`,
                    );
                }
                return t;
            });
            new RedshiftCopyJob(
                "redshift-copy",
                {
                    names: ctx.names,
                    target: awsTargetOf(ctx),
                    warehouse,
                    destination: {
                        accountId: topology.external!.accountId,
                        clusterIdentifier: target.clusterIdentifier,
                        database: target.database,
                        writerSecretArn: target.writerSecretArn,
                        writerKeyArn: target.writerKeyArn,
                    },
                    products: copied.map((p) => ({ name: p.product.name, schema: p.schema, tables: p.tables.map((t) => t.name), schedule: p.copySchedule! })),
                    protect: ctx.settings.protectStatefulResources,
                },
                { ...scope.opts, dependsOn: [tables] },
            );
        }
        if (direct.length === 0) return {};
        const { datashares, untimed } = shared(scope, w.warehouse, direct, [tables], "producer");
        return { exports: { datashares }, untimed };
    },
};

/** The external account: option B's landing tables, which the producer's copy job writes, and their datashares. */
const external: RolePart<"external"> = {
    build(scope, base) {
        const { ctx } = scope;
        if (!base.warehouse) return {};
        const products = datasharesOf(ctx.topology, "external");
        const landing = built(base.warehouse.warehouse, "option B's landing warehouse");
        const target = new CopyTarget(
            "redshift-copy-target",
            {
                names: ctx.names,
                target: awsTargetOf(ctx),
                warehouse: landing,
                schemas: schemasOf(products),
                producerAccountId: ctx.topology.producer.accountId,
                copyRoleArn: copyRoleArn(new AccountNames(ctx.topology.namePrefix, ctx.topology.producer)),
                protect: ctx.settings.protectStatefulResources,
            },
            scope.opts,
        );
        const { datashares, untimed } = shared(scope, landing, products, [target.tables], "external");
        const copyTarget = pulumi
            .all([landing.clusterIdentifier!, landing.dataApi, target.writerSecretArn, target.writerKeyArn])
            .apply(([clusterIdentifier, api, writerSecretArn, writerKeyArn]) => ({ clusterIdentifier, database: api.database, writerSecretArn, writerKeyArn }));
        return { exports: { datashares, copyTarget }, untimed };
    },
};

/** A consumer: a database in its warehouse from each datashare it receives now, from the producer (A) or the external account (B). */
const consumer: RolePart<"consumer"> = {
    build(scope, base) {
        const warehouse = base.warehouse?.warehouse;
        if (!warehouse) return {};
        const { ctx } = scope;
        const received = receivedDatashares(ctx.topology, ctx.identity.consumer!.name, ctx.asOf);
        const databases = received.map((p) => {
            const offered = scope.upstream.of(p.sharedFrom).datashares!.apply((all) => {
                const share = all?.[p.product.name];
                if (!share) {
                    throw new Error(
                        `the ${p.sharedFrom} stack exports no datashare for ${p.product.name}: deploy it (after the topology change) before this consumer`,
                    );
                }
                return share;
            });
            return new ReceivedDatashare(
                `datashare-${p.datashare}`,
                {
                    target: awsTargetOf(ctx),
                    warehouse: warehouse.dataApi,
                    consumerNamespaceArn: warehouse.namespaceArn,
                    datashareArn: offered.arn,
                    datashare: p.datashare,
                    producerAccountId: offered.accountId,
                    producerNamespace: offered.namespaceId,
                    database: consumerDatabaseName(p.datashare),
                },
                scope.opts,
            ).database.database;
        });
        // Databases made from the datashares received, in the consumer's warehouse.
        return { outputs: { redshiftDatabases: databases } };
    },
};

export const redshiftDatashareProgram: PatternProgram = { producer, external, consumer };
