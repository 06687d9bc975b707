import * as pulumi from "@pulumi/pulumi";
import { CopyTarget } from "../components/redshift-sharing/copy-job/copy-target";
import { RedshiftCopyJob } from "../components/redshift-sharing/copy-job";
import { copyRoleArn } from "../components/redshift-sharing/copy-job/names";
import { ExistingWarehouse, SharingWarehouse } from "../components/redshift-sharing/existing-warehouse";
import { ReceivedDatashare } from "../components/redshift-sharing/received-datashare";
import { SharedDatashare } from "../components/redshift-sharing/shared-datashare";
import { RedshiftWarehouse } from "../components/redshift-sharing/warehouse";
import { WarehouseTables } from "../components/redshift-sharing/warehouse-tables";
import { ContractOf } from "../core/contract/exports";
import { AccountNames } from "../core/naming";
import { microbatchSources } from "../core/partner-api/sharing";
import { Table, Topology } from "../core/topology/model";
import { TableSpec } from "../components/redshift-sharing/warehouse-sql";
import { RedshiftProduct, consumerDatabaseName, datashareConsumerAccounts, datasharesOf, receivedDatashares } from "../core/redshift/sharing";
import { awsTargetOf } from "../core/stack/context";
import { AccountScope } from "./account";

/**
 * Pattern 4 in each account that takes part: the warehouse, the tables, the datashares and
 * option B's copy. The stack programs call these; the topology decides what each builds.
 */

type Datashares = NonNullable<ContractOf<"producer">["datashares"]>;

/**
 * The account's warehouse, when the topology needs one here: the existing one the stack's
 * settings name (config validation keeps it to option A and consumers), or one built here.
 */
function warehouseOf(scope: AccountScope): RedshiftWarehouse | ExistingWarehouse | undefined {
    const { ctx } = scope;
    if (!ctx.patterns.needsWarehouse(ctx.topology, ctx.identity.role, ctx.identity.consumer?.name)) {
        return undefined;
    }
    const settings = ctx.settings.warehouse;
    if (settings.existing) {
        return new ExistingWarehouse("warehouse", { existing: settings.existing, database: settings.database }, scope.opts);
    }
    return new RedshiftWarehouse("warehouse", { names: ctx.names, settings, protect: ctx.settings.protectStatefulResources }, scope.opts);
}

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

type SchemaSpec = { name: string; tables: TableSpec[] };

function tableSpec(t: Table): TableSpec {
    return { name: t.name, columns: t.columns.map((c) => ({ name: c.name, type: c.type })) };
}

/** Schemas of the tables pattern 5 exports (most are shared through pattern 4 as well). */
function exportedSchemas(t: Topology): SchemaSpec[] {
    return microbatchSources(t).map((s) => ({ name: s.schema, tables: [tableSpec(s.table)] }));
}

/** One entry per schema and table: a table both shared and exported is created once. */
function mergeSchemas(schemas: readonly SchemaSpec[]): SchemaSpec[] {
    const merged = new Map<string, Map<string, TableSpec>>();
    for (const schema of schemas) {
        const tables = merged.get(schema.name) ?? new Map<string, TableSpec>();
        for (const table of schema.tables) tables.set(table.name, table);
        merged.set(schema.name, tables);
    }
    return [...merged].map(([name, tables]) => ({ name, tables: [...tables.values()] }));
}

/** Datashares of one sharing account, each granted and authorized to its consumers now. */
function shareProducts(scope: AccountScope, warehouse: SharingWarehouse, products: readonly RedshiftProduct[], after: pulumi.Resource[]): pulumi.Output<Datashares> {
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
        .all(shared.map(({ product, share }) => pulumi.all([share.arn, warehouse.namespaceId]).apply(([arn, namespaceId]) => [product.product.name, { arn, namespaceId, accountId }] as const)))
        .apply((entries) => Object.fromEntries(entries));
}

/** The production warehouse and the tables it holds, for pattern 5's export beside pattern 4. */
export interface ProductionWarehouse {
    readonly warehouse: RedshiftWarehouse;
    /** Every shared product's tables; readers are granted on them once they exist. */
    readonly tables: WarehouseTables;
}

/**
 * The producer's part of pattern 4: option A's datashares (contract fields), the source
 * tables and option B's copy job; and the warehouse itself, which pattern 5 reads too.
 */
export function producerRedshift(scope: AccountScope): { datashares?: pulumi.Output<Datashares>; production?: ProductionWarehouse } {
    const { ctx } = scope;
    const { topology } = ctx;
    const direct = datasharesOf(topology, "producer");
    const copied = datasharesOf(topology, "external");
    const warehouse = warehouseOf(scope);
    if (!warehouse) {
        return {};
    }
    // The production warehouse holds every shared product's tables, whichever pattern shares it.
    const schemas = [...schemasOf([...direct, ...copied]), ...exportedSchemas(topology)];
    const tables = new WarehouseTables("warehouse-tables", { target: awsTargetOf(ctx), warehouse: warehouse.dataApi, schemas: mergeSchemas(schemas) }, { ...scope.opts, parent: warehouse });
    if (warehouse instanceof ExistingWarehouse) {
        // Option A only (validation): the datashares are made in the warehouse the producer already runs.
        return direct.length > 0 ? { datashares: shareProducts(scope, warehouse, direct, [tables]) } : {};
    }
    const production = { warehouse, tables };
    if (copied.length > 0) {
        const target = scope.upstream.of("external").copyTarget!.apply((t) => {
            if (!t) {
                throw new Error(`the external stack exports no copyTarget: deploy it first (it builds option B's landing warehouse for ${copied.map((p) => p.product.name).join(", ")})`);
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
    return direct.length > 0 ? { datashares: shareProducts(scope, warehouse, direct, [tables]), production } : { production };
}

/** Contract fields of the external account: option B's landing tables and datashares. */
export function externalRedshift(scope: AccountScope): { datashares?: pulumi.Output<Datashares>; copyTarget?: pulumi.Output<NonNullable<ContractOf<"external">["copyTarget"]>> } {
    const warehouse = warehouseOf(scope);
    if (!warehouse) {
        return {};
    }
    const { ctx } = scope;
    const products = datasharesOf(ctx.topology, "external");
    const landing = built(warehouse, "option B's landing warehouse");
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
    return {
        datashares: shareProducts(scope, landing, products, [target.tables]),
        copyTarget: pulumi
            .all([landing.clusterIdentifier!, landing.dataApi, target.writerSecretArn, target.writerKeyArn])
            .apply(([clusterIdentifier, api, writerSecretArn, writerKeyArn]) => ({ clusterIdentifier, database: api.database, writerSecretArn, writerKeyArn })),
    };
}

/**
 * The datashares a sharing account authorizes to each active consumer, by consumer name:
 * what its access expiry deauthorizes at the consumer's end date.
 */
export function authorizedDatashares(scope: AccountScope, datashares: pulumi.Output<Datashares> | undefined, sharedFrom: "producer" | "external"): Record<string, pulumi.Output<string>[]> {
    const { ctx } = scope;
    if (!datashares) return {};
    const byConsumer: Record<string, pulumi.Output<string>[]> = {};
    for (const consumer of ctx.topology.consumers) {
        const products = receivedDatashares(ctx.topology, consumer.name, ctx.asOf).filter((p) => p.sharedFrom === sharedFrom);
        if (products.length > 0) byConsumer[consumer.name] = products.map((p) => datashares.apply((d) => d[p.product.name].arn));
    }
    return byConsumer;
}

/** The consumer's databases from the datashares it receives now, from the producer (A) or the external account (B). */
export function consumerRedshift(scope: AccountScope): { redshiftDatabases?: pulumi.Output<string>[] } {
    const warehouse = warehouseOf(scope);
    if (!warehouse) {
        return {};
    }
    const { ctx } = scope;
    const received = receivedDatashares(ctx.topology, ctx.identity.consumer!.name, ctx.asOf);
    const databases = received.map((p) => {
        const offered = scope.upstream.of(p.sharedFrom).datashares!.apply((all) => {
            const share = all?.[p.product.name];
            if (!share) {
                throw new Error(`the ${p.sharedFrom} stack exports no datashare for ${p.product.name}: deploy it (after the topology change) before this consumer`);
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
    return { redshiftDatabases: databases };
}
