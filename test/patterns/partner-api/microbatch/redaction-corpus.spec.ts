import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { REDACTION_CHOICE } from "../../../../patterns/partner-api/microbatch/redaction";
import { MUST_MASK, MUST_SURVIVE } from "./redaction-corpus";
import { better, comparisons, measure, renderReport } from "./redaction-measure";

/**
 * The redaction measured on its corpus: real text (other scripts, full-width digits,
 * non-breaking spaces, dots and slashes in card numbers, SSNs, IBANs, labelled phones)
 * must not leak, look-alikes must survive, and docs/redaction.md must say what is true.
 */
describe("microbatch PII redaction, measured on the corpus", function () {
    this.timeout(60_000);

    it("has at least 150 strings, half to mask and half to keep", () => {
        assert.ok(MUST_MASK.length + MUST_SURVIVE.length >= 150, `${MUST_MASK.length + MUST_SURVIVE.length} strings`);
        assert.ok(MUST_MASK.length >= 75 && MUST_SURVIVE.length >= 75, `${MUST_MASK.length} to mask, ${MUST_SURVIVE.length} to keep`);
        for (const entry of MUST_MASK) {
            for (const secret of entry.secrets) {
                assert.ok(entry.text.includes(secret), `${JSON.stringify(entry.text)} does not hold ${JSON.stringify(secret)}`);
            }
        }
    });

    it("masks every PII string of the corpus (recall 100%)", () => {
        const chosen = measure(REDACTION_CHOICE);
        assert.deepEqual(chosen.leaks, []);
        assert.equal(chosen.masked, MUST_MASK.length);
    });

    it("keeps at least 98% of the look-alikes exactly as written", () => {
        const chosen = measure(REDACTION_CHOICE);
        assert.ok(chosen.altered / MUST_SURVIVE.length <= 0.02, chosen.changes.join("\n"));
    });

    it("runs, for phones and for IBANs, whichever of the library and the hand-written rule did better", () => {
        for (const { what, options } of comparisons()) {
            const best = options.reduce(better);
            const run = measure(REDACTION_CHOICE);
            assert.deepEqual(
                [run.masked, run.altered],
                [best.masked, best.altered],
                `${what}: the export runs ${JSON.stringify(REDACTION_CHOICE)}, but ${JSON.stringify(best.choice)} did better`,
            );
        }
    });

    it("publishes its figures in docs/redaction.md, as measured now", () => {
        const file = path.resolve(__dirname, "../../../../docs/redaction.md");
        assert.equal(
            fs.readFileSync(file, "utf8"),
            renderReport(),
            "docs/redaction.md is stale: run npx ts-node --transpile-only test/patterns/partner-api/microbatch/redaction-measure.ts",
        );
    });
});
