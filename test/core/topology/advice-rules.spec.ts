import { strict as assert } from "assert";
import { ConfigError, formatPath } from "../../../core/config-error";
import { PatternSet } from "../../../core/pattern-set";
import { checkAdvice as checkAdviceWith } from "../../../core/topology/advice-rules";
import { TOPOLOGY_KEY, parseTopology } from "../../../core/topology/parse";
import { checkRules as checkRulesWith } from "../../../core/topology/rules";
import { ParsedTopology } from "../../../core/topology/schema";
import { sampleTopology, topologyWith } from "../../support/sample";
import { PATTERNS } from "../../../patterns/index";

// Sample consumers: 0 auditor, 1 supplier (both on AWS), 2 insights-partner (not on AWS), 3 former-auditor.
// Sample products: 0 sales_insights (confidential, s3), 1 transaction_logs (confidential, redshift),
// 2 audit_reports (private, unstructured), 3 market_prices (public), 4 inventory_levels (private, redshift).

function parsed(raw: unknown): ParsedTopology {
    return PATTERNS.topologySchema.parse(raw);
}

/** The advice and the rules of the registered patterns. */
const checkAdvice = (t: ParsedTopology) => checkAdviceWith(t, PATTERNS);
const checkRules = (t: ParsedTopology) => checkRulesWith(t, PATTERNS, PATTERNS.rules);

const at = (path: readonly (string | number)[]) => formatPath("", path).replace(/^\./, "");

describe("advice rules: the sample topology", () => {
    it("has no advice error and no advice warning", () => {
        assert.deepEqual(checkAdvice(parsed(sampleTopology())), { errors: [], warnings: [] });
    });
});

describe("advice rules: a chosen pattern that cannot work is an error naming the key and the fix", () => {
    const cases: { name: string; change: (t: any) => void; key: string; message: RegExp }[] = [
        {
            name: "Lake Formation for a product kept in Redshift",
            change: (t) => (t.consumers[0].dataProducts[1] = { name: "transaction_logs", patterns: ["lake-formation-central"] }),
            key: "consumers[0].dataProducts[1].patterns[0]",
            message:
                /lake-formation-central.*"transaction_logs" to "auditor" cannot work: shares data kept in S3, and this data is kept in Redshift.*Fix: share it through redshift-datashare.*replacing lake-formation-central in this list/,
        },
        {
            name: "an access point for a product kept in Redshift (second pattern of the entry)",
            change: (t) => {
                t.consumers[1].patterns.push("access-point");
                t.consumers[1].dataProducts[2] = { name: "inventory_levels", patterns: ["redshift-datashare", "access-point"] };
            },
            key: "consumers[1].dataProducts[2].patterns[1]",
            message: /pattern 6 \(access-point.*"inventory_levels" to "supplier" cannot work: shares data kept in S3/,
        },
        {
            name: "patterns inherited from the consumer",
            change: (t) => {
                t.consumers[1].patterns = ["lake-formation-external"];
                t.consumers[1].dataProducts = ["inventory_levels"];
            },
            key: "consumers[1].dataProducts[0]",
            message: /cannot work.*narrow this entry to \{ name: inventory_levels, patterns: \[\.\.\.\] \}/,
        },
    ];
    for (const c of cases) {
        it(c.name, () => {
            const { errors } = checkAdvice(parsed(topologyWith(c.change)));
            assert.equal(errors.length, 1, JSON.stringify(errors));
            assert.equal(at(errors[0].path), c.key);
            assert.match(errors[0].message, c.message);
        });
    }

    it("stops `pulumi up` through parseTopology, with the full config key", () => {
        const raw = topologyWith(cases[0].change);
        assert.throws(
            () => parseTopology(raw, PATTERNS),
            (err: unknown) =>
                err instanceof ConfigError &&
                err.problems.some((p) => p.key === `${TOPOLOGY_KEY}.consumers[0].dataProducts[1].patterns[0]` && /cannot work/.test(p.message)),
        );
    });

    it("is reported by parseTopology once, beside the rules' problems", () => {
        const t = parsed(topologyWith(cases[0].change));
        assert.deepEqual(
            checkRules(t).filter((p) => /cannot work/.test(p.message)),
            [],
            "the rules do not repeat the advice",
        );
        assert.throws(
            () => parseTopology(topologyWith(cases[0].change), PATTERNS),
            (err: unknown) => err instanceof ConfigError && err.problems.filter((p) => /cannot work/.test(p.message)).length === checkAdvice(t).errors.length,
        );
    });

    it("asks the advisor once per parse", () => {
        // Every consumer-product pair's situation is read once by one run of the advice rules.
        let situations = 0;
        const counting = new PatternSet(
            PATTERNS.parts.map((p) => (p.situation ? { ...p, situation: (product: any) => (situations++, p.situation!(product)) } : p)),
        );
        const raw = sampleTopology();
        const pairs = raw.consumers.reduce((n: number, c: any) => n + c.dataProducts.length, 0);
        parseTopology(raw, counting);
        assert.ok(pairs > 0);
        assert.equal(situations, pairs);
    });
});

describe("advice rules: a choice against a preference is a warning that says so", () => {
    const cases: { name: string; change: (t: any) => void; key: string; message: RegExp }[] = [
        {
            name: "structured tables through an access point",
            change: (t) => (t.consumers[0].dataProducts[0] = { name: "sales_insights", patterns: ["access-point"] }),
            key: "consumers[0].dataProducts[0].patterns[0]",
            message:
                /access-point.*"sales_insights" to "auditor" goes against a preference of reference\/000 \(a preference, not an error\): written for documents.*the advisor recommends lake-formation-external/,
        },
        {
            name: "the API for a consumer on AWS with data in one store",
            change: (t) => {
                t.consumers[1].patterns.push("partner-api");
                t.consumers[1].deliveryEmail = "planning@supplier.example";
                t.consumers[1].dataProducts[1] = { name: "market_prices", patterns: ["partner-api"] };
            },
            key: "consumers[1].dataProducts[1].patterns[0]",
            message: /partner-api.*\(a preference, not an error\): the reference offers the API for partners without AWS presence/,
        },
    ];
    for (const c of cases) {
        it(c.name, () => {
            const t = parsed(topologyWith(c.change));
            const { errors, warnings } = checkAdvice(t);
            assert.deepEqual(errors, []);
            assert.equal(warnings.length, 1, JSON.stringify(warnings));
            assert.equal(at(warnings[0].path), c.key);
            assert.match(warnings[0].message, c.message);
            assert.ok(!checkRules(t).some((p) => /preference/.test(p.message)), "warnings never stop a deploy");
        });
    }
});

/**
 * Hard constraints the rules (the base's and the patterns') already report are not repeated
 * by the advice rules; these cases prove the rules still report each of them, so none is lost.
 */
describe("advice rules: hard constraints reported once, by the rules", () => {
    const cases: { name: string; change: (t: any) => void; consumer: number }[] = [
        {
            name: "consumer not on AWS (Lake Formation)",
            change: (t) => {
                t.consumers[2].patterns = ["partner-api", "lake-formation-central"];
                t.consumers[2].dataProducts = [{ name: "market_prices", patterns: ["lake-formation-central"] }];
            },
            consumer: 2,
        },
        {
            name: "confidential data through Data Exchange",
            change: (t) => (t.consumers[1].dataProducts[0] = { name: "sales_insights", patterns: ["data-exchange"] }),
            consumer: 1,
        },
        {
            name: "unstructured data through Redshift",
            change: (t) => (t.consumers[0].dataProducts[2] = { name: "audit_reports", patterns: ["redshift-datashare"] }),
            consumer: 0,
        },
        {
            name: "unstructured data through Lake Formation",
            change: (t) => (t.consumers[0].dataProducts[2] = { name: "audit_reports", patterns: ["lake-formation-central"] }),
            consumer: 0,
        },
        {
            name: "data kept in S3 through Redshift data sharing",
            change: (t) => (t.consumers[0].dataProducts[0] = { name: "sales_insights", patterns: ["redshift-datashare"] }),
            consumer: 0,
        },
    ];
    for (const c of cases) {
        it(c.name, () => {
            const t = parsed(topologyWith(c.change));
            assert.deepEqual(checkAdvice(t).errors, [], "not repeated by the advice rules");
            const own = checkRules(t).filter((p) => p.path[0] === "consumers" && p.path[1] === c.consumer);
            assert.ok(own.length > 0, "reported by the rules");
        });
    }
});
