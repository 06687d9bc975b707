import { strict as assert } from "assert";
import { activeConsumers, expiredConsumers, isExpired, sharesFor } from "../../core/access";
import { parseTopology } from "../../core/topology/parse";
import { sampleTopology, topologyWith } from "../support/sample";
import { PATTERNS } from "../../patterns/index";

describe("time-bound access", () => {
    const topology = parseTopology(sampleTopology(), PATTERNS);
    const auditor = topology.consumers.find((c) => c.name === "auditor")!;

    it("keeps access through the whole end date and ends it at midnight UTC after", () => {
        assert.equal(isExpired(auditor, new Date("2027-12-31T23:59:59Z")), false);
        assert.equal(isExpired(auditor, new Date("2028-01-01T00:00:00Z")), true);
    });

    it("never expires a consumer without an end date", () => {
        const supplier = topology.consumers.find((c) => c.name === "supplier")!;
        assert.equal(isExpired(supplier, new Date("2999-01-01T00:00:00Z")), false);
    });

    it("splits consumers into active and expired as of an instant", () => {
        const asOf = new Date("2026-11-22T00:00:00Z");
        assert.deepEqual(
            activeConsumers(topology, asOf).map((c) => c.name),
            ["auditor", "supplier", "insights-partner"],
        );
        assert.deepEqual(
            expiredConsumers(topology, asOf).map((c) => c.name),
            ["former-auditor"],
        );
    });

    it("gives an expired consumer no share in any pattern", () => {
        const asOf = new Date("2026-11-22T00:00:00Z");
        const central = sharesFor(topology, "lake-formation-central", asOf).map((s) => `${s.consumer.name}/${s.product.name}`);
        assert.deepEqual(central, ["auditor/sales_insights"], "former-auditor declared the same pattern and product, but has expired");
        const later = sharesFor(topology, "lake-formation-central", new Date("2028-01-01T00:00:00Z"));
        assert.deepEqual(later, [], "after the auditor's end date nobody receives the central share");
    });

    it("shares a product only through the patterns its entry allows", () => {
        const asOf = new Date("2026-11-22T00:00:00Z");
        const viaAccessPoint = sharesFor(topology, "access-point", asOf).map((s) => `${s.consumer.name}/${s.product.name}`);
        assert.deepEqual(viaAccessPoint, ["auditor/audit_reports"]);
    });

    it("shares nothing through a pattern that is not enabled", () => {
        const t = parseTopology(
            topologyWith((x) => {
                x.patterns.enabled = ["partner-api"];
                x.consumers = [x.consumers[2]];
                // Publishing settings belong to products served through patterns 1 and 3, now off.
                for (const p of x.dataProducts) {
                    delete p.publish;
                    delete p.dataExchange;
                }
            }),
            PATTERNS,
        );
        assert.deepEqual(sharesFor(t, "access-point", new Date()), []);
        assert.equal(sharesFor(t, "partner-api", new Date()).length, 1);
    });
});
