import { strict as assert } from "assert";
import { grantBound, renderReport, tableRow } from "../../bench/report";
import { modelGrants } from "../../bench/model-grants";
import { parseOptions } from "../../bench/run";
import { LAKE_PRODUCT, benchStackFiles, benchTopology, parseSize } from "../../bench/topology";
import { parseTopology } from "../../core/topology/parse";
import { PATTERNS } from "../../patterns/index";

describe("npm run bench", () => {
    it("reads sizes as <consumers>x<tables> and says how when it cannot", () => {
        assert.deepEqual(parseSize("100x1000"), { consumers: 100, tables: 1000 });
        assert.throws(() => parseSize("100*1000"), /"100\*1000" is not a size: use <consumers>x<tables>, e.g. 10x100/);
        assert.throws(() => parseSize("0x10"), /is not a size/);
    });

    it("takes --sizes, refuses an unknown option, and has --help", () => {
        assert.deepEqual((parseOptions(["--sizes", "1x10,10x100"]) as any).sizes, ["1x10", "10x100"]);
        assert.equal(parseOptions(["--help"]), "help");
        // Only the full run replaces the committed table.
        assert.equal((parseOptions([]) as any).out, "docs/benchmarks.md");
        assert.equal((parseOptions(["--sizes", "1x10"]) as any).out, "out/benchmarks.md");
        assert.equal((parseOptions(["--sizes", "1x10", "--out", "x.md"]) as any).out, "x.md");
        // node:util parseArgs's words for an unknown flag or one missing its value: the flag named, then where to look.
        assert.throws(() => parseOptions(["--size", "1x10"]), /Unknown option '--size'; see --help$/);
        assert.throws(() => parseOptions(["--sizes"]), /'--sizes <value>' argument missing; see --help$/);
        assert.throws(() => parseOptions(["--timeout", "soon"]), /--timeout must be a positive number, not "soon"/);
        assert.throws(() => parseOptions(["--sizes", "1x10,10*100"]), /"10\*100" is not a size: use <consumers>x<tables>/);
    });

    it("generates valid topologies with patterns 2 and 3, a stack file per account", () => {
        const size = { consumers: 4, tables: 250 };
        const t = parseTopology(benchTopology(size, "names"), PATTERNS);
        assert.equal(t.lakeFormation.grantBy, "names");
        // The generated tables, and the producer's lake tables pattern 2 shares.
        assert.equal(t.dataProducts.flatMap((p) => p.tables).length, 250 + LAKE_PRODUCT.tables.length);
        assert.deepEqual(new Set(t.consumers.map((c) => c.account?.accountId)).size, 4);
        const patterns = t.consumers.flatMap((c) => c.access.flatMap((a) => a.patterns));
        assert.ok(patterns.includes("lake-formation-central") && patterns.includes("lake-formation-external"));
        assert.deepEqual(Object.keys(benchStackFiles(size)).sort(), [
            "consumer-c0",
            "consumer-c1",
            "consumer-c2",
            "consumer-c3",
            "external",
            "governance",
            "producer",
        ]);
    });

    it("counts the sharing grants of a case from the model, tags far fewer than names", () => {
        const size = { consumers: 10, tables: 100 };
        assert.ok(modelGrants(size, "tags") < grantBound(size));
        assert.ok(modelGrants(size, "names") > 2 * 10 * 100);
    });

    it("marks a missed target in the table, and says why a case has no numbers", () => {
        const size = { consumers: 1, tables: 10 };
        const row = tableRow({
            size,
            result: {
                size: "1x10",
                grantBy: "names",
                stackTraceLimit: 0,
                seconds: 20,
                peakRssMb: 300,
                stacks: 4,
                resources: 100,
                maxResourcesPerStack: 60,
                lakeFormationGrants: 40,
            },
        });
        assert.equal(row, "| 1x10 | names | 4 | 100 | 60 | 40 | 33 | **no** | 20.0 s | **no** | 300 |");
        const doc = renderReport({
            cpus: 2,
            cpuModel: "test",
            node: "v20",
            date: "2026-11-22",
            rows: [
                {
                    size,
                    result: {
                        size: "1x10",
                        grantBy: "tags",
                        stackTraceLimit: 0,
                        seconds: 1,
                        peakRssMb: 250,
                        stacks: 4,
                        resources: 90,
                        maxResourcesPerStack: 50,
                        lakeFormationGrants: 16,
                        fingerprint: "a",
                    },
                },
                { size, result: { size: "1x10", grantBy: "names", stackTraceLimit: 0, failed: "ran out of its 8 GB heap" }, modelGrants: 30 },
            ],
        });
        assert.match(doc, /\| 1x10 \| names \| - \| - \| - \| 30 \(sharing model\) \| 33 \| yes \| ran out of its 8 GB heap \| \*\*no\*\* \| - \|/);
        assert.match(doc, /the largest topology meets both targets: 1\.0 s, and 16 grant resources against a bound of 33/);
    });
});
