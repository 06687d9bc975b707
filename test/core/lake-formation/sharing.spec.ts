import { strict as assert } from "assert";
import { sharingGrants } from "../../../bench/model-grants";
import { BenchSize, GrantBy, benchTopology } from "../../../bench/topology";
import { LakeGrant } from "../../../components/lake-formation-grants";
import { directPrincipalGrants, governanceGrants, lakeShares } from "../../../core/lake-formation/sharing";
import { Topology } from "../../../core/topology/model";
import { parseTopology } from "../../../core/topology/parse";

const AS_OF = new Date("2026-11-22T00:00:00Z");

/** Every sharing grant of patterns 2 and 3, by the account that makes it, for a generated C x T topology. */
function grants(size: BenchSize, grantBy: GrantBy) {
    const t = parseTopology(benchTopology(size, grantBy));
    const { central, byAccount } = sharingGrants(t, AS_OF);
    return { t, central, byAccount, total: Object.values(byAccount).reduce((n, list) => n + list.length, 0) };
}

/** Which principal may read which columns of which table, whatever the grant's form (tag expressions resolved against the topology). */
function tableReads(t: Topology, list: readonly LakeGrant[]): string[] {
    return list.flatMap((g) => {
        const target = g.target;
        const products = target.kind === "tag-expression" ? t.dataProducts.filter((p) => target.expression.every((c) => c.key !== "data_product" || c.values.includes(p.name))) : [];
        const tables =
            target.kind === "tag-expression"
                ? products.flatMap((p) => p.tables.map((tb) => ({ table: tb.name, columns: tb.columns.filter((c) => !c.pii).map((c) => c.name) })))
                : target.kind === "columns"
                  ? [{ table: target.table, columns: t.dataProducts.flatMap((p) => p.tables).find((tb) => tb.name === target.table)!.columns.map((c) => c.name).filter((c) => !target.excludedColumns.includes(c)) }]
                  : [];
        return tables.map((x) => `${g.principal} ${g.permissions.join("+")}${g.grantable ? " grantable" : ""} ${x.table}(${x.columns.join(",")})`);
    });
}

describe("Lake Formation grant models (core/lake-formation/sharing)", () => {
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

    it("by tag, adds no grant when products gain tables; by name, a grant per table, account and principal", () => {
        const small = { consumers: 4, tables: 120 };
        const large = { consumers: 4, tables: 200 }; // same two products, 80 more tables
        assert.equal(grants(large, "tags").total, grants(small, "tags").total);
        // 80 tables more: each reaches the 4 consumer accounts and their 4 principals, and governance (pattern 2) once.
        const extra = grants(large, "names").total - grants(small, "names").total;
        assert.equal(extra, 80 * (4 + 4 + 1));
    });

    it("by tag, grows with consumers: a consumer more adds the same few grants", () => {
        const at = (consumers: number) => grants({ consumers, tables: 1000 }, "tags").total;
        const step = at(21) - at(20);
        assert.ok(step <= 2 * (2 + 10), `${step} grants for one consumer more`);
        assert.equal(at(41) - at(40), step);
    });

    for (const who of ["producer", "governance", "external", "consumers"] as const) {
        it(`${who}: grants by name reach exactly the tables and columns the tag expressions reach`, () => {
            const size = { consumers: 3, tables: 150 };
            const tags = grants(size, "tags");
            const names = grants(size, "names");
            const reads = tableReads(names.t, names.byAccount[who]).sort();
            assert.ok(reads.length > 0);
            assert.deepEqual(reads, tableReads(tags.t, tags.byAccount[who]).sort());
        });
    }

    it("direct principal grants (pattern 2) reach the same tables by name as by tag", () => {
        const size = { consumers: 3, tables: 150 };
        const [tags, names] = [grants(size, "tags"), grants(size, "names")];
        const direct = (g: typeof tags) => tableReads(g.t, directPrincipalGrants(g.central, g.t.producer.accountId)).sort();
        assert.ok(direct(tags).length > 0);
        assert.deepEqual(direct(names), direct(tags));
    });

    it("governance holds each table once, and a cells filter per consumer, when several consumers have row filters on one product", () => {
        const topology = benchTopology({ consumers: 4, tables: 3 }, "tags") as any;
        for (const c of topology.consumers) (c.patterns = ["lake-formation-central"]), (c.dataProducts = [{ name: "product_0", patterns: ["lake-formation-central"], rowFilters: [{ table: "table_0_0", expression: `id > ${c.name.length}` }] }]);
        topology.consumers[3].dataProducts[0].rowFilters = [{ table: "table_0_1", expression: "id > 0" }];
        const t = parseTopology(topology);
        const list = governanceGrants(lakeShares(t, "lake-formation-central", AS_OF), t.governance!.accountId, t.producer.accountId);
        const targets = list.map((g) => JSON.stringify([g.principal, g.target]));
        assert.equal(new Set(targets).size, targets.length, "no resource granted twice to governance");
        assert.deepEqual(
            list.filter((g) => g.target.kind === "cells-filter").map((g) => g.target.kind === "cells-filter" && g.target.filter),
            ["c0_table_0_0", "c1_table_0_0", "c2_table_0_0", "c3_table_0_1"],
        );
        // The tables some consumer reads unfiltered, whole but for PII, under names no consumer is part of.
        assert.deepEqual(list.filter((g) => g.target.kind === "columns").map((g) => g.id).sort(), ["governance-product_0-table_0_0", "governance-product_0-table_0_1", "governance-product_0-table_0_2"]);
    });

    it("refuses an unknown grant model, naming the key and both choices", () => {
        const t = benchTopology({ consumers: 1, tables: 1 }, "tags") as any;
        t.patterns.lakeFormation.grantBy = "roles";
        assert.throws(() => parseTopology(t), /patterns\.lakeFormation\.grantBy: "roles" is not a grant model: use tags \(LF-tag expressions\) or names/);
    });
});
