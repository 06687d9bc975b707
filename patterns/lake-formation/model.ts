import { LakeGrant } from "../../components/lake-formation/grants";
import { sharesFor } from "../../core/access";
import { Column, Consumer, DataProduct, PatternId, Table, Topology, productDatabase } from "../../core/topology/model";
import { SNAPSHOT_COLUMN } from "../../components/published-datasets/snapshots";
import { DATA_PRODUCT_TAG, SHARED, VISIBILITY_TAG, productDatabasesOf, sharedTablesOf } from "./vocabulary";

/**
 * Who receives which Lake Formation permissions for patterns 2 and 3, as pure data. Only the
 * account owning a catalog shares it with other accounts (Lake Formation sharing is not
 * transitive): the central governance account for pattern 2, which declares the products'
 * tables in its own catalog over the producer's S3 locations, and the external account for
 * pattern 3. Each consumer's admin then grants its own principals what its account holds.
 * Products with row filters are granted by name (tags cannot express rows); the rest by
 * tag expression, one grant per consumer whatever the number of tables, unless the
 * topology sets `patterns.lakeFormation.grantBy: names`: then every table is granted by
 * name, to each account and principal the tag expression would have reached (the
 * hand-made baseline the benchmark compares with; it grows with consumers times tables).
 * Columns are shared by inclusion: only the columns the topology declares as not PII.
 */

export type LakePattern = Extract<PatternId, "lake-formation-central" | "lake-formation-external">;

/** A product one active consumer receives through a Lake Formation pattern. */
export interface LakeShare {
    readonly consumer: Consumer & { readonly account: NonNullable<Consumer["account"]> };
    readonly product: DataProduct;
    /** Database of the product in the owning catalog (governance's or the external account's). */
    readonly database: string;
    readonly rowFilters: readonly { readonly table: string; readonly expression: string }[];
    /** Granted table by table: it has row filters (tags cannot express rows), or the topology grants by name. */
    readonly byName: boolean;
}

export function lakeShares(topology: Topology, pattern: LakePattern, asOf: Date): LakeShare[] {
    return sharesFor(topology, pattern, asOf).flatMap((s) => {
        const account = s.consumer.account;
        if (!account) return [];
        const access = s.consumer.access.find((a) => a.product === s.product.name)!;
        const byName = access.rowFilters.length > 0 || topology.lakeFormation.grantBy === "names";
        return [
            {
                consumer: { ...s.consumer, account },
                product: asOwned(s.product, pattern),
                database: ownerDatabase(topology, s.product),
                rowFilters: access.rowFilters,
                byName,
            },
        ];
    });
}

/** The `snapshot` partition column of pattern 3's tables: the day of the snapshot a row belongs to. */
export const SNAPSHOT_PARTITION: Column = { name: SNAPSHOT_COLUMN, type: "string", pii: false };

/**
 * A product as the catalog owning it for a pattern holds it. Pattern 3's tables are the
 * snapshots the producer publishes (`<table>/snapshot=<date>/`), with the `snapshot`
 * partition column, which every reader gets with the shared columns, to choose a day
 * (`WHERE snapshot = '2026-11-20'`). PII columns stay declared, tagged PII and granted to
 * nobody, so the entitlement report shows them left out; the published files hold none.
 */
export function asOwned(product: DataProduct, pattern: LakePattern): DataProduct {
    if (pattern !== "lake-formation-external") return product;
    return { ...product, tables: product.tables.map((t) => ({ ...t, columns: [...t.columns, SNAPSHOT_PARTITION] })) };
}

/**
 * The database of a product in the catalog that owns it: one per product, in governance's
 * catalog (pattern 2) as in the external account's (pattern 3), so two products may take
 * the same table of the producer's lake with different columns.
 */
export function ownerDatabase(topology: Pick<Topology, "namePrefix">, product: Pick<DataProduct, "name">): string {
    return productDatabase(topology, { name: product.name });
}

/** The account whose catalog owns the shared tables of a pattern, and so the only one that may share them. */
export function ownerAccountOf(topology: Topology, pattern: LakePattern): Topology["producer"] | undefined {
    return pattern === "lake-formation-central" ? topology.governance : topology.external;
}

/** Name of a data cells filter: one per consumer and table. */
export function cellsFilterName(consumer: string, table: string): string {
    return `${consumer.replace(/-/g, "_")}_${table}`;
}

/** The columns of a table anyone outside the owner may read: those declared, and not PII. */
export function sharedColumns(table: Pick<Table, "columns">): string[] {
    return table.columns.filter((c) => !c.pii).map((c) => c.name);
}

const READ = ["SELECT", "DESCRIBE"] as const;

/**
 * What the owner of a catalog grants each consumer account: DESCRIBE on the product
 * databases and read on their tables (by tag expression, or by name), and DESCRIBE on the
 * LF-tag values its expressions use (so the consumer's admin can grant its own principals by expression), all with
 * grant option (required towards another account, and what lets its admin pass them on).
 */
export function consumerAccountGrants(shares: readonly LakeShare[], ownerAccountId: string): LakeGrant[] {
    return byConsumer(shares).flatMap(([name, list]) => {
        const principal = list[0].consumer.account.accountId;
        const tagged = list.filter((s) => !s.byName).map((s) => s.product.name);
        const named = list.filter((s) => s.byName);
        const grants: LakeGrant[] = databasesOf(named).map((database) => ({
            id: `${name}-${database}`,
            principal,
            target: { kind: "database", database },
            permissions: ["DESCRIBE"],
            grantable: true,
        }));
        if (tagged.length > 0) {
            grants.push(
                {
                    id: `${name}-tag-product`,
                    principal,
                    target: { kind: "tag", key: DATA_PRODUCT_TAG, values: [...tagged].sort() },
                    permissions: ["DESCRIBE"],
                    grantable: true,
                },
                {
                    id: `${name}-tag-visibility`,
                    principal,
                    target: { kind: "tag", key: VISIBILITY_TAG, values: [SHARED] },
                    permissions: ["DESCRIBE"],
                    grantable: true,
                },
                ...taggedProductGrants(name, principal, tagged, true),
            );
        }
        return [...grants, ...namedTableGrants(name, principal, named, ownerAccountId, undefined, true)];
    });
}

/**
 * Grants by name (products with row filters, or every product with `grantBy: names`): each
 * filtered table through its cells filter, the others DESCRIBE on the table and SELECT on
 * its shared columns, named one by one.
 */
function namedTableGrants(
    id: string,
    principal: string,
    shares: readonly LakeShare[],
    ownerAccountId: string,
    catalogId: string | undefined,
    grantable: boolean,
): LakeGrant[] {
    return shares.flatMap((s) =>
        s.product.tables.flatMap((table): LakeGrant[] => {
            const at = `${id}-${s.product.name}-${table.name}`;
            if (s.rowFilters.some((f) => f.table === table.name)) {
                const filter = cellsFilterName(s.consumer.name, table.name);
                return [
                    {
                        id: at,
                        principal,
                        target: { kind: "cells-filter", catalogId: ownerAccountId, database: s.database, table: table.name, filter },
                        permissions: ["SELECT"],
                        grantable,
                    },
                ];
            }
            const columns = sharedColumns(table);
            const describe: LakeGrant = {
                id: `${at}-describe`,
                principal,
                target: { kind: "table", database: s.database, table: table.name, catalogId },
                permissions: ["DESCRIBE"],
                grantable,
            };
            // A table whose declared columns are all PII shares nothing but its name.
            return columns.length === 0
                ? [describe]
                : [
                      describe,
                      {
                          id: at,
                          principal,
                          target: { kind: "named-columns", database: s.database, table: table.name, columns, catalogId },
                          permissions: ["SELECT"],
                          grantable,
                      },
                  ];
        }),
    );
}

/**
 * What a consumer's admin grants each of its principals on the shares its account received:
 * DESCRIBE on each resource link (by name: links carry no tags) and on the target databases,
 * and read on the shared tables (both by the owner's expressions, or by name).
 */
export function principalGrants(shares: readonly LakeShare[], ownerAccountId: string, linkOf: (database: string) => string): LakeGrant[] {
    return shares.length === 0
        ? []
        : shares[0].consumer.principals.flatMap((principal, i) => {
              const id = `principal${i}`;
              const tagged = shares.filter((s) => !s.byName).map((s) => s.product.name);
              const named = shares.filter((s) => s.byName);
              const links: LakeGrant[] = databasesOf(shares).map((database) => ({
                  id: `${id}-link-${database}`,
                  principal,
                  target: { kind: "database", database: linkOf(database) },
                  permissions: ["DESCRIBE"],
                  grantable: false,
              }));
              const targets: LakeGrant[] = databasesOf(named).map((database) => ({
                  id: `${id}-target-${database}`,
                  principal,
                  target: { kind: "database", database, catalogId: ownerAccountId },
                  permissions: ["DESCRIBE"],
                  grantable: false,
              }));
              return [
                  ...links,
                  ...targets,
                  ...taggedProductGrants(id, principal, tagged, false, ownerAccountId),
                  ...namedTableGrants(id, principal, named, ownerAccountId, ownerAccountId, false),
              ];
          });
}

/**
 * Pattern 2's other option in reference/000: the catalog's owner (governance) grants a
 * consumer's IAM principals directly. Their permissions are then the union of these and
 * what their own admin grants them; the consumer's admin sees these grants but cannot
 * revoke them. Row-filtered products stay with the consumer's admin, as with tags.
 */
export function directPrincipalGrants(shares: readonly LakeShare[], ownerAccountId: string): LakeGrant[] {
    return byConsumer(shares).flatMap(([name, list]) =>
        list[0].consumer.principals.flatMap((principal, i) => {
            const id = `${name}-principal${i}`;
            const tagged = list.filter((s) => !s.byName).map((s) => s.product.name);
            const databases: LakeGrant[] = databasesOf(list.filter((s) => s.byName)).map((database) => ({
                id: `${id}-${database}`,
                principal,
                target: { kind: "database", database },
                permissions: ["DESCRIBE"],
                grantable: false,
            }));
            const tables = taggedProductGrants(id, principal, tagged, false);
            const named = namedTableGrants(
                id,
                principal,
                list.filter((s) => s.byName && s.rowFilters.length === 0),
                ownerAccountId,
                undefined,
                false,
            );
            return [...databases, ...tables, ...named];
        }),
    );
}

/** Every product a set of shares tags, for the LF-tag values. */
export function taggedProducts(shares: readonly LakeShare[]): string[] {
    return [...new Set(shares.map((s) => s.product.name))].sort();
}

export function databasesOf(shares: readonly LakeShare[]): string[] {
    return [...new Set(shares.map((s) => s.database))].sort();
}

function byConsumer(shares: readonly LakeShare[]): [string, LakeShare[]][] {
    const groups = new Map<string, LakeShare[]>();
    for (const s of shares) groups.set(s.consumer.name, [...(groups.get(s.consumer.name) ?? []), s]);
    return [...groups.entries()];
}

/** Every product any declared consumer takes through a pattern, expired or not: stable LF-tag values and declared tables. */
export function lakeProducts(topology: Topology, pattern: LakePattern): DataProduct[] {
    const names = new Set(topology.consumers.flatMap((c) => c.access.filter((a) => a.patterns.includes(pattern)).map((a) => a.product)));
    return topology.dataProducts.filter((p) => names.has(p.name)).map((p) => asOwned(p, pattern));
}

/**
 * DESCRIBE on the tagged products' databases and read on their shared tables, each by one
 * LF-tag expression; in the owner's catalog when `catalogId` names it (a consumer's admin
 * granting its principals what it received).
 */
function taggedProductGrants(id: string, principal: string, tagged: readonly string[], grantable: boolean, catalogId?: string): LakeGrant[] {
    if (tagged.length === 0) return [];
    const owner = catalogId ? { catalogId } : {};
    return [
        {
            id: `${id}-tagged-databases`,
            principal,
            target: { kind: "tag-expression", resourceType: "DATABASE", expression: productDatabasesOf(tagged), ...owner },
            permissions: ["DESCRIBE"],
            grantable,
        },
        {
            id: `${id}-tagged-tables`,
            principal,
            target: { kind: "tag-expression", resourceType: "TABLE", expression: sharedTablesOf(tagged), ...owner },
            permissions: [...READ],
            grantable,
        },
    ];
}
