import { strict as assert } from "assert";
import { sharingGrants } from "../../../bench/model-grants";
import { BenchSize, GrantBy, LAKE_PRODUCT, benchTopology } from "../../../bench/topology";
import { LakeGrant } from "../../../components/lake-formation/grants";
import { SNAPSHOT_PARTITION, consumerAccountGrants, directPrincipalGrants, lakeShares } from "../../../patterns/lake-formation/model";
import { Topology } from "../../../core/topology/model";
import { parseTopology } from "../../../core/topology/parse";
import { PATTERNS } from "../../../patterns/index";

const AS_OF = new Date("2026-11-22T00:00:00Z");

/** Every sharing grant of patterns 2 and 3, by the account that makes it, for a generated C x T topology. */
function grants(size: BenchSize, grantBy: GrantBy) {
    const t = parseTopology(benchTopology(size, grantBy), PATTERNS);
    const { central, byAccount } = sharingGrants(t, AS_OF);
    return { t, central, byAccount, total: Object.values(byAccount).reduce((n, list) => n + list.length, 0) };
}

/**
 * Which principal may do what on which columns of which table, whatever the grant's form (tag
 * expressions resolved against the topology: a table's non-PII columns, and in the external
 * account's catalog, which holds pattern 3's published daily snapshots, the snapshot partition
 * column too). DESCRIBE is on the table, SELECT on columns. `catalog` is the account whose
 * catalog a grant without a catalog id is on (its grantor's).
 */
function tableReads(t: Topology, list: readonly LakeGrant[], catalog?: string): string[] {
    const table = (name: string) => t.dataProducts.flatMap((p) => p.tables).find((tb) => tb.name === name)!;
    const shared = (name: string, owner?: string) => [
        ...table(name)
            .columns.filter((c) => !c.pii)
            .map((c) => c.name),
        ...(owner === t.external?.accountId ? [SNAPSHOT_PARTITION.name] : []),
    ];
    return list.flatMap((g) => {
        const target = g.target;
        const line = (permission: string, name: string, columns?: readonly string[]) =>
            `${g.principal} ${permission}${g.grantable ? " grantable" : ""} ${name}${columns ? `(${columns.join(",")})` : ""}`;
        if (target.kind === "tag-expression" && target.resourceType === "TABLE") {
            const products = t.dataProducts.filter((p) => target.expression.every((c) => c.key !== "data_product" || c.values.includes(p.name)));
            return products.flatMap((p) =>
                p.tables.flatMap((tb) =>
                    g.permissions.map((perm) => line(perm, tb.name, perm === "SELECT" ? shared(tb.name, target.catalogId ?? catalog) : undefined)),
                ),
            );
        }
        if (target.kind === "named-columns") return g.permissions.map((perm) => line(perm, target.table, target.columns));
        if (target.kind === "table") return g.permissions.map((perm) => line(perm, target.table));
        return [];
    });
}

describe("Lake Formation grant models (patterns/lake-formation/model)", () => {
    const sizes: BenchSize[] = [
        { consumers: 1, tables: 10 },
        { consumers: 10, tables: 100 },
        { consumers: 20, tables: 400 },
    ];

    for (const size of sizes) {
        it(`${size.consumers} x ${size.tables}: by tag under 3 x (C + T) grants, by name at least 2 x C x T`, () => {
            const tags = grants(size, "tags").total;
            const names = grants(size, "names").total;
            assert.ok(tags < 3 * (size.consumers + size.tables), `${tags} tag grants`);
            // Each table reaches each consumer account, and then its principal, by a grant of its own.
            assert.ok(names >= 2 * size.consumers * size.tables, `${names} named grants`);
        });
    }

    it("by tag, adds no grant when products gain tables; by name, grants per table, account and principal", () => {
        const small = { consumers: 4, tables: 120 };
        const large = { consumers: 4, tables: 200 }; // same two generated products, 80 more tables
        assert.equal(grants(large, "tags").total, grants(small, "tags").total);
        // 80 tables more, each DESCRIBE on the table and SELECT on its named columns, to each of the
        // 4 consumer accounts and then to its principal (the owner shares directly: no account in between).
        const extra = grants(large, "names").total - grants(small, "names").total;
        assert.equal(extra, 80 * 4 * (2 + 2));
    });

    it("by tag, grows with consumers: a consumer more adds the same few grants", () => {
        const at = (consumers: number) => grants({ consumers, tables: 1000 }, "tags").total;
        const step = at(21) - at(20);
        // Per owner (governance, external): the account gets 4 grants (2 tag values, databases and
        // tables by expression); the principal a link per database (11) and 2 expressions per owner.
        assert.equal(step, 2 * 4 + 11 + 2 * 2);
        assert.equal(at(41) - at(40), step);
    });

    for (const who of ["governance", "external", "consumers"] as const) {
        it(`${who}: grants by name reach exactly the tables and columns the tag expressions reach`, () => {
            const size = { consumers: 3, tables: 150 };
            const tags = grants(size, "tags");
            const names = grants(size, "names");
            const owner = who === "external" ? tags.t.external?.accountId : undefined;
            const reads = tableReads(names.t, names.byAccount[who], owner).sort();
            assert.ok(reads.length > 0);
            assert.deepEqual(reads, tableReads(tags.t, tags.byAccount[who], owner).sort());
        });
    }

    it("shares only the columns declared as not PII, by name as by tag", () => {
        const { t, byAccount } = grants({ consumers: 1, tables: 1 }, "names");
        const customers = tableReads(t, byAccount.governance).filter((r) => r.includes(" SELECT") && r.includes("customers("));
        assert.deepEqual(customers, ["100000001000 SELECT grantable customers(customer_id,age)"]);
    });

    it("direct principal grants (pattern 2) reach the same tables by name as by tag", () => {
        const size = { consumers: 3, tables: 150 };
        const [tags, names] = [grants(size, "tags"), grants(size, "names")];
        const direct = (g: typeof tags) => tableReads(g.t, directPrincipalGrants(g.central, g.t.governance!.accountId)).sort();
        assert.ok(direct(tags).length > 0);
        assert.deepEqual(direct(names), direct(tags));
    });

    it("grants each consumer its own cells filter, and nothing twice to one account, when several consumers filter one product", () => {
        const topology = benchTopology({ consumers: 4, tables: 3 }, "tags") as any;
        topology.consumers.forEach((c: any, i: number) => {
            const lake = c.dataProducts.find((p: any) => p.name === LAKE_PRODUCT.name);
            lake.rowFilters = [{ table: i === 3 ? "customers" : "clean_sales", expression: `customer_id > ${i}` }];
        });
        const t = parseTopology(topology, PATTERNS);
        const list = consumerAccountGrants(lakeShares(t, "lake-formation-central", AS_OF), t.governance!.accountId);
        const targets = list.map((g) => JSON.stringify([g.principal, g.target, g.permissions]));
        assert.equal(new Set(targets).size, targets.length, "no resource granted twice to one account");
        assert.deepEqual(
            list.filter((g) => g.target.kind === "cells-filter").map((g) => g.target.kind === "cells-filter" && g.target.filter),
            ["c0_clean_sales", "c1_clean_sales", "c2_clean_sales", "c3_customers"],
        );
        // The tables each consumer reads unfiltered, by their shared columns.
        assert.deepEqual(
            list
                .filter((g) => g.principal === "100000001000" && g.target.kind === "named-columns")
                .map((g) => g.target.kind === "named-columns" && `${g.target.table}(${g.target.columns.join(",")})`),
            ["customers(customer_id,age)"],
        );
    });

    it("refuses an unknown grant model, naming the key and both choices", () => {
        const t = benchTopology({ consumers: 1, tables: 1 }, "tags") as any;
        t.patterns.lakeFormation.grantBy = "roles";
        assert.throws(
            () => parseTopology(t, PATTERNS),
            /patterns\.lakeFormation\.grantBy: "roles" is not a grant model: use tags \(LF-tag expressions\) or names/,
        );
    });
});
