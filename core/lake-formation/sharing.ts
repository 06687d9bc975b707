import { LakeGrant } from "../../components/lake-formation-grants";
import { sharesFor } from "../access";
import { Consumer, DataProduct, PatternId, Topology, productDatabase } from "../topology/model";
import { DATA_PRODUCT_TAG, VISIBILITY_TAG, VISIBILITY_VALUES, sharedTablesOf } from "./vocabulary";

/**
 * Who receives which Lake Formation permissions for patterns 2 and 3, as pure data. The
 * owner of the tables (producer for pattern 2, external account for pattern 3) and the
 * central governance account grant to accounts; each consumer grants to its principals.
 * Products with row filters are granted by name (tags cannot express rows); the rest by
 * tag expression, one grant per consumer whatever the number of tables, unless the
 * topology sets `patterns.lakeFormation.grantBy: names`: then every table is granted by
 * name, to each account and principal the tag expression would have reached (the
 * hand-made baseline the benchmark compares with; it grows with consumers times tables).
 */

export type LakePattern = Extract<PatternId, "lake-formation-central" | "lake-formation-external">;

/** A product one active consumer receives through a Lake Formation pattern. */
export interface LakeShare {
    readonly consumer: Consumer & { readonly account: NonNullable<Consumer["account"]> };
    readonly product: DataProduct;
    /** Database of the product in the owner's catalog. */
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
        return [{ consumer: { ...s.consumer, account }, product: s.product, database: ownerDatabase(topology, pattern, s.product), rowFilters: access.rowFilters, byName }];
    });
}

/** Pattern 2 shares the producer's own database; pattern 3 a database of the replica, per product. */
export function ownerDatabase(topology: Topology, pattern: LakePattern, product: DataProduct): string {
    return pattern === "lake-formation-central" ? productDatabase(topology, product) : productDatabase(topology, { name: product.name });
}

/** Name of a data cells filter: one per consumer and table. */
export function cellsFilterName(consumer: string, table: string): string {
    return `${consumer.replace(/-/g, "_")}_${table}`;
}

const READ = ["SELECT", "DESCRIBE"] as const;

/** The account that owns the shared tables, and whether it is also the one granting. */
export interface TableOwner {
    readonly accountId: string;
    readonly isGrantor: boolean;
}

/**
 * What one account (owner or central governance) grants each consumer account: read on the
 * tagged tables, DESCRIBE on their databases, all with grant option so the consumer's admin
 * can grant its own principals.
 */
export function consumerAccountGrants(shares: readonly LakeShare[], owner: TableOwner): LakeGrant[] {
    const catalogId = owner.isGrantor ? undefined : owner.accountId;
    return byConsumer(shares).flatMap(([name, list]) => {
        const principal = list[0].consumer.account.accountId;
        const tagged = list.filter((s) => !s.byName).map((s) => s.product.name);
        const grants: LakeGrant[] = databasesOf(list).map((database) => ({
            id: `${name}-${database}`,
            principal,
            target: { kind: "database", database, catalogId },
            permissions: ["DESCRIBE"],
            grantable: true,
        }));
        if (tagged.length > 0) {
            grants.push({ id: `${name}-tagged-tables`, principal, target: { kind: "tag-expression", resourceType: "TABLE", expression: sharedTablesOf(tagged), catalogId }, permissions: [...READ], grantable: true });
        }
        return [...grants, ...namedTableGrants(name, principal, list.filter((s) => s.byName), owner, true)];
    });
}

/** Grants by name (products with row filters, or every product with `grantBy: names`): each filtered table through its cells filter, the others without PII columns. */
function namedTableGrants(id: string, principal: string, shares: readonly LakeShare[], owner: TableOwner, grantable: boolean): LakeGrant[] {
    const catalogId = owner.isGrantor ? undefined : owner.accountId;
    return shares.flatMap((s) =>
        s.product.tables.map((table): LakeGrant => {
            const filtered = s.rowFilters.some((f) => f.table === table.name);
            const pii = table.columns.filter((c) => c.pii).map((c) => c.name);
            return filtered
                ? { id: `${id}-${s.product.name}-${table.name}`, principal, target: { kind: "cells-filter", catalogId: owner.accountId, database: s.database, table: table.name, filter: cellsFilterName(s.consumer.name, table.name) }, permissions: ["SELECT"], grantable }
                : { id: `${id}-${s.product.name}-${table.name}`, principal, target: { kind: "columns", database: s.database, table: table.name, excludedColumns: pii, catalogId }, permissions: [...READ], grantable };
        }),
    );
}

/**
 * What the producer grants the central governance account (pattern 2): read with grant
 * option on the union of what consumers receive, DESCRIBE and ASSOCIATE on the LF-tags
 * (external accounts must get the grant option), and the consumers' cells filters.
 */
export function governanceGrants(shares: readonly LakeShare[], governanceAccountId: string, producerAccountId: string): LakeGrant[] {
    if (shares.length === 0) return [];
    const principal = governanceAccountId;
    const products = [...new Set(shares.filter((s) => !s.byName).map((s) => s.product.name))];
    const tags: LakeGrant[] = [
        { id: "governance-tag-product", principal, target: { kind: "tag", key: DATA_PRODUCT_TAG, values: taggedProducts(shares) }, permissions: ["DESCRIBE", "ASSOCIATE"], grantable: true },
        { id: "governance-tag-visibility", principal, target: { kind: "tag", key: VISIBILITY_TAG, values: [...VISIBILITY_VALUES] }, permissions: ["DESCRIBE", "ASSOCIATE"], grantable: true },
    ];
    const databases: LakeGrant[] = databasesOf(shares).map((database) => ({ id: `governance-${database}`, principal, target: { kind: "database", database }, permissions: ["DESCRIBE"], grantable: true }));
    const tagged: LakeGrant[] =
        products.length > 0 ? [{ id: "governance-tagged-tables", principal, target: { kind: "tag-expression", resourceType: "TABLE", expression: sharedTablesOf(products) }, permissions: [...READ], grantable: true }] : [];
    const owner: TableOwner = { accountId: producerAccountId, isGrantor: true };
    // Each consumer's rows come through its own cells filter.
    const filters = byConsumer(shares.filter((s) => s.rowFilters.length > 0)).flatMap(([name, list]) =>
        namedTableGrants(`governance-for-${name}`, principal, list, owner, true).filter((g) => g.target.kind === "cells-filter"),
    );
    // Whole tables governance holds once, under a name no consumer is part of, however many
    // consumers it passes them on to: two grants of one permission would revoke each other's
    // on delete, and a name that moved with the consumers would be revoked on rename.
    const tables = new Map<string, LakeGrant>();
    for (const g of namedTableGrants("governance", principal, shares.filter((s) => s.byName), owner, true)) if (g.target.kind === "columns") tables.set(g.id, g);
    return [...tags, ...databases, ...tagged, ...filters, ...tables.values()];
}

/** What a consumer's admin grants each of its principals on the shares it received. */
export function principalGrants(shares: readonly LakeShare[], ownerAccountId: string, linkOf: (database: string) => string): LakeGrant[] {
    return shares.length === 0
        ? []
        : shares[0].consumer.principals.flatMap((principal, i) => {
              const id = `principal${i}`;
              const tagged = shares.filter((s) => !s.byName).map((s) => s.product.name);
              const links: LakeGrant[] = databasesOf(shares).map((database) => ({ id: `${id}-link-${database}`, principal, target: { kind: "database", database: linkOf(database) }, permissions: ["DESCRIBE"], grantable: false }));
              const tables: LakeGrant[] =
                  tagged.length > 0
                      ? [{ id: `${id}-tagged-tables`, principal, target: { kind: "tag-expression", resourceType: "TABLE", expression: sharedTablesOf(tagged), catalogId: ownerAccountId }, permissions: [...READ], grantable: false }]
                      : [];
              return [...links, ...tables, ...namedTableGrants(id, principal, shares.filter((s) => s.byName), { accountId: ownerAccountId, isGrantor: false }, false)];
          });
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

/**
 * Pattern 2's other option in reference/000: the producer grants a consumer's IAM
 * principals directly. Their permissions are then the union of these and what their own
 * admin grants them; the consumer's admin sees these grants but cannot revoke them.
 */
export function directPrincipalGrants(shares: readonly LakeShare[], producerAccountId: string): LakeGrant[] {
    return byConsumer(shares).flatMap(([name, list]) =>
        list[0].consumer.principals.flatMap((principal, i) => {
            const id = `${name}-principal${i}`;
            const tagged = list.filter((s) => !s.byName).map((s) => s.product.name);
            const databases: LakeGrant[] = databasesOf(list).map((database) => ({ id: `${id}-${database}`, principal, target: { kind: "database", database }, permissions: ["DESCRIBE"], grantable: false }));
            const tables: LakeGrant[] = tagged.length > 0 ? [{ id: `${id}-tagged-tables`, principal, target: { kind: "tag-expression", resourceType: "TABLE", expression: sharedTablesOf(tagged) }, permissions: [...READ], grantable: false }] : [];
            // Granting by name covers table by table what the tag expression would; row-filtered products stay with the consumer's admin, as with tags.
            const named = namedTableGrants(id, principal, list.filter((s) => s.byName && s.rowFilters.length === 0), { accountId: producerAccountId, isGrantor: true }, false);
            return [...databases, ...tables, ...named];
        }),
    );
}

/** Every product any declared consumer takes through a pattern, expired or not: stable LF-tag values. */
export function lakeProducts(topology: Topology, pattern: LakePattern): DataProduct[] {
    const names = new Set(topology.consumers.flatMap((c) => c.access.filter((a) => a.patterns.includes(pattern)).map((a) => a.product)));
    return topology.dataProducts.filter((p) => names.has(p.name));
}
