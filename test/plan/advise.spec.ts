import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { runAdvise } from "../../plan/advise";
import { PROJECT_DIR, topologyWith } from "../support/sample";

/** `npm run advise -- ...`, run in-process: exit code and what it printed. */
function advise(...argv: string[]): { code: number; out: string; err: string } {
    const out: string[] = [];
    const err: string[] = [];
    const code = runAdvise(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out: out.join("\n"), err: err.join("\n") };
}

const FROM_SAMPLE = ["--dir", PROJECT_DIR];

describe("npm run advise", () => {
    it("--help explains the options and exit codes", () => {
        const run = advise("--help");
        assert.equal(run.code, 0);
        assert.match(run.out, /^Usage: npm run advise -- \[options\]/);
        assert.match(run.out, /--classification <c>\s+public \| private \| confidential/);
        assert.match(run.out, /Exit codes: 0 advice given; 1 no pattern fits, or the topology is invalid; 2 bad options/);
    });

    describe("answers from the sample topology", () => {
        const cases: { product: string; consumer: string; recommended: RegExp; chosen: RegExp }[] = [
            {
                product: "transaction_logs",
                consumer: "auditor",
                recommended: /Recommended: pattern 4 \(redshift-datashare/,
                chosen: /Chosen in Pulumi\.yaml: redshift-datashare \(recommended\)/,
            },
            {
                product: "transaction_logs",
                consumer: "insights-partner",
                recommended: /Recommended: pattern 5 \(partner-api/,
                chosen: /Chosen in Pulumi\.yaml: partner-api \(recommended\)/,
            },
            { product: "audit_reports", consumer: "auditor", recommended: /Recommended: pattern 6 \(access-point/, chosen: /access-point \(recommended\)/ },
            { product: "market_prices", consumer: "supplier", recommended: /Recommended: pattern 1 \(data-exchange/, chosen: /data-exchange \(recommended\)/ },
            {
                product: "sales_insights",
                consumer: "supplier",
                recommended: /Recommended: pattern 3 \(lake-formation-external/,
                chosen: /lake-formation-external \(recommended\)/,
            },
        ];
        for (const c of cases) {
            it(`${c.product} for ${c.consumer}`, () => {
                const run = advise(...FROM_SAMPLE, "--product", c.product, "--consumer", c.consumer);
                assert.equal(run.code, 0, run.err);
                assert.match(run.out, new RegExp(`Advice for data product "${c.product}".*for consumer "${c.consumer}"`));
                assert.match(run.out, c.recommended);
                assert.match(run.out, c.chosen);
            });
        }

        it("shows the hard reasons and their source sentences", () => {
            const run = advise(...FROM_SAMPLE, "--product", "transaction_logs", "--consumer", "insights-partner");
            assert.match(run.out, /2\. lake-formation-central \(excluded\)\n\s+- \[hard\] needs a consumer with an AWS account/);
            assert.match(run.out, /source: You can use this pattern in cases where both the producer and consumer are on the AWS Services/);
        });

        it("lets flags override the topology's facts", () => {
            const run = advise(...FROM_SAMPLE, "--product", "transaction_logs", "--consumer", "auditor", "--disallow", "redshift");
            assert.equal(run.code, 0, run.err);
            assert.match(run.out, /Recommended: pattern 5 \(partner-api/);
            assert.match(run.out, /Chosen in Pulumi\.yaml: redshift-datashare \(CANNOT WORK\)/);
        });

        it("takes a product alone when --on-aws says where the consumer is", () => {
            const run = advise(...FROM_SAMPLE, "--product", "audit_reports", "--on-aws", "no");
            assert.equal(run.code, 0, run.err);
            assert.match(run.out, /Recommended: pattern 5 \(partner-api/);
            assert.doesNotMatch(run.out, /Chosen in Pulumi\.yaml/);
        });

        it("prints JSON with --json", () => {
            const run = advise(...FROM_SAMPLE, "--product", "inventory_levels", "--consumer", "supplier", "--json");
            const json = JSON.parse(run.out);
            assert.deepEqual(json.recommended, ["redshift-datashare"]);
            assert.deepEqual(json.chosen, ["redshift-datashare"]);
            assert.equal(json.situation.store, "redshift");
            assert.equal(json.assessments["access-point"].viable, false);
        });
    });

    describe("answers from flags", () => {
        it("FedRAMP without Data Exchange and Lake Formation: Redshift data sharing for a warehouse", () => {
            const run = advise(
                "--classification",
                "confidential",
                "--structure",
                "structured",
                "--on-aws",
                "yes",
                "--store",
                "redshift",
                "--disallow",
                "dataexchange,lakeformation",
            );
            assert.equal(run.code, 0, run.err);
            assert.match(run.out, /Recommended: pattern 4 \(redshift-datashare/);
            assert.match(run.out, /needs dataexchange, which is not available or not allow-listed here/);
            // --disallow given once per service says the same.
            const split = advise(
                "--classification",
                "confidential",
                "--structure",
                "structured",
                "--on-aws",
                "yes",
                "--store",
                "redshift",
                "--disallow",
                "dataexchange",
                "--disallow",
                "lakeformation",
            );
            assert.equal(split.out, run.out);
        });

        it("exits 1 when no pattern fits", () => {
            const run = advise("--classification", "public", "--structure", "structured", "--on-aws", "no", "--allowed-services", "s3,lambda");
            assert.equal(run.code, 1);
            assert.match(run.out, /No pattern fits/);
        });

        it("counts partners, size and consumption", () => {
            const run = advise(
                "--classification",
                "private",
                "--structure",
                "unstructured",
                "--on-aws",
                "yes",
                "--partners",
                "8",
                "--size",
                "large",
                "--consumption",
                "bulk",
                "--json",
            );
            const json = JSON.parse(run.out);
            assert.deepEqual(json.recommended, ["data-exchange", "access-point"]);
            assert.equal(json.situation.partners, 8);
        });
    });

    describe("bad options exit 2 with a clear message", () => {
        const cases: { argv: string[]; message: RegExp }[] = [
            { argv: ["--colour", "blue"], message: /Unknown option '--colour'; see --help/ },
            {
                argv: ["--classification", "secret", "--structure", "structured", "--on-aws", "yes"],
                message: /--classification must be one of public, private, confidential, got "secret"; see --help/,
            },
            { argv: ["--on-aws", "maybe"], message: /--on-aws must be yes or no, got "maybe"/ },
            { argv: ["--partners", "0"], message: /--partners must be a whole number of at least 1/ },
            { argv: ["--disallow", "ftp"], message: /--disallow: unknown service ftp; use s3, glue/ },
            { argv: ["--product"], message: /'--product <value>' argument missing; see --help/ },
            { argv: ["--product", "--json"], message: /'--product' argument is ambiguous/ },
            { argv: ["--disallow", "s3", "--disallow", "ftp"], message: /--disallow: unknown service ftp/ },
            { argv: ["--consumer", "auditor"], message: /--consumer needs --product/ },
            { argv: ["--classification", "public", "--structure", "structured"], message: /--on-aws is required \(or give --product and --consumer\)/ },
            { argv: [...FROM_SAMPLE, "--product", "nope"], message: /--product nope is not a data product of the topology; use one of sales_insights/ },
            {
                argv: [...FROM_SAMPLE, "--product", "audit_reports", "--consumer", "nobody"],
                message: /--consumer nobody is not a consumer of the topology; use one of auditor/,
            },
            { argv: ["--dir", path.join(os.tmpdir(), "no-such-project-dir"), "--product", "x"], message: /cannot read Pulumi\.yaml/ },
        ];
        for (const c of cases) {
            it(c.argv.filter((a) => a !== PROJECT_DIR).join(" "), () => {
                const run = advise(...c.argv);
                assert.equal(run.code, 2, run.out);
                assert.match(run.err, c.message);
            });
        }
    });

    it("exits 1 naming the key when the topology contradicts the advisor", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "advise-"));
        const topology = topologyWith((t) => (t.consumers[0].dataProducts[1] = { name: "transaction_logs", patterns: ["lake-formation-central"] }));
        fs.writeFileSync(
            path.join(dir, "Pulumi.yaml"),
            stringify({ name: "datasharing", runtime: "nodejs", config: { "datasharing:topology": { value: topology } } }),
        );
        const run = advise("--dir", dir, "--product", "transaction_logs", "--consumer", "auditor");
        assert.equal(run.code, 1);
        assert.match(run.err, /datasharing:topology\.consumers\[0\]\.dataProducts\[1\]\.patterns\[0\]: .*cannot work/);
    });
});
