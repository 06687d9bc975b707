import { strict as assert } from "assert";
import { ConfigError } from "../../../core/config-error";
import { parseTopology, parseTopologyText } from "../../../core/topology/parse";
import { sampleTopology, topologyWith } from "../../support/sample";
import { problemsOf } from "../../support/topology-problems";
import { PATTERNS } from "../../../patterns/index";

const K = "datasharing:topology";

// Sample consumers: 0 auditor, 1 supplier, 2 insights-partner (not on AWS), 3 former-auditor.
// Sample products: 0 sales_insights, 1 transaction_logs, 2 audit_reports, 3 market_prices, 4 inventory_levels.
const BAD_CONFIGS: { name: string; change: (t: any) => void; key: string; message: RegExp }[] = [
    {
        name: "unquoted account id",
        change: (t) => (t.accounts.producer.accountId = 111111111111),
        key: "accounts.producer.accountId",
        message: /quoted 12-digit string.*YAML/,
    },
    {
        name: "account id of 11 digits",
        change: (t) => (t.accounts.producer.accountId = "11111111111"),
        key: "accounts.producer.accountId",
        message: /not an AWS account id: use exactly 12 digits/,
    },
    {
        name: "account id with letters",
        change: (t) => (t.accounts.external.accountId = "33333333333x"),
        key: "accounts.external.accountId",
        message: /not an AWS account id/,
    },
    {
        name: "governance in the producer's account",
        change: (t) => (t.accounts.governance.accountId = "111111111111"),
        key: "accounts.governance.accountId",
        message: /already used by accounts\.producer.*own account id/,
    },
    {
        name: "consumer equal to producer",
        change: (t) => (t.consumers[0].accountId = "111111111111"),
        key: "consumers[0].accountId",
        message: /a consumer cannot be the producer/,
    },
    {
        name: "two consumers in one account",
        change: (t) => (t.consumers[1].accountId = "444444444444"),
        key: "consumers[1].accountId",
        message: /already used by consumers\[0\] \(auditor\)/,
    },
    {
        name: "verifier that is not an IAM principal",
        change: (t) => (t.verification = { trustedPrincipals: ["auditor"] }),
        key: "verification.trustedPrincipals[0]",
        message: /not an IAM role or user ARN/,
    },
    {
        name: "unknown key under verification",
        change: (t) => (t.verification = { trusted: [] }),
        key: "verification.trusted",
        message: /unknown key.*trustedPrincipals/,
    },
    {
        name: "unknown pattern",
        change: (t) => (t.patterns.enabled[0] = "ftp-drop"),
        key: "patterns.enabled[0]",
        message: /unknown pattern "ftp-drop": use one of data-exchange/,
    },
    { name: "pattern listed twice", change: (t) => t.patterns.enabled.push("access-point"), key: "patterns.enabled[6]", message: /listed twice/ },
    {
        name: "consumer pattern not enabled",
        change: (t) => (t.patterns.enabled = t.patterns.enabled.filter((p: string) => p !== "access-point")),
        key: "consumers[0].patterns[2]",
        message: /access-point.*is not enabled: add it to patterns\.enabled/,
    },
    {
        name: "unknown data product",
        change: (t) => (t.consumers[2].dataProducts = ["nope"]),
        key: "consumers[2].dataProducts[0]",
        message: /unknown data product "nope": declare it under dataProducts or use one of sales_insights/,
    },
    {
        name: "pattern whose account is not declared",
        change: (t) => delete t.accounts.governance,
        key: "patterns.enabled[1]",
        message: /needs the governance account, which is not declared: add accounts\.governance/,
    },
    {
        name: "malformed end date",
        change: (t) => (t.consumers[0].accessEndsAt = "31/12/2027"),
        key: "consumers[0].accessEndsAt",
        message: /not an ISO date: write "YYYY-MM-DD"/,
    },
    {
        name: "impossible end date",
        change: (t) => (t.consumers[0].accessEndsAt = "2027-02-30"),
        key: "consumers[0].accessEndsAt",
        message: /not a real calendar date/,
    },
    {
        name: "non-AWS consumer on an AWS-only pattern",
        change: (t) => t.consumers[2].patterns.push("access-point"),
        key: "consumers[2].patterns[1]",
        message: /needs a consumer on AWS.*no accountId/,
    },
    {
        name: "classification forbids the pattern",
        change: (t) => (t.consumers[1].dataProducts[0] = "sales_insights"),
        key: "consumers[1].dataProducts[0]",
        message: /"sales_insights" is confidential.*data-exchange.*only public or private/,
    },
    {
        name: "unstructured data through Lake Formation",
        change: (t) => (t.consumers[0].dataProducts[2].patterns = ["lake-formation-central"]),
        key: "consumers[0].dataProducts[2]",
        message: /"audit_reports" is unstructured.*shares only structured/,
    },
    {
        name: "misspelt key",
        change: (t) => {
            t.accounts.producer.acountId = t.accounts.producer.accountId;
            delete t.accounts.producer.accountId;
        },
        key: "accounts.producer.acountId",
        message: /unknown key \(did you mean "accountId"\?\)/,
    },
    { name: "malformed region", change: (t) => (t.accounts.producer.region = "eu-west"), key: "accounts.producer.region", message: /not an AWS region code/ },
    {
        name: "unknown classification",
        change: (t) => (t.dataProducts[0].classification = "secret"),
        key: "dataProducts[0].classification",
        message: /use public, private or confidential/,
    },
    {
        name: "duplicate column",
        change: (t) => (t.dataProducts[0].tables[0].columns[1].name = "customer_id"),
        key: "dataProducts[0].tables[0].columns[1].name",
        message: /column "customer_id" is declared twice/,
    },
    {
        name: "principal of another account",
        change: (t) => (t.consumers[0].principals[0] = "arn:aws:iam::999999999999:role/x"),
        key: "consumers[0].principals[0]",
        message: /belongs to account 999999999999, not to this consumer's account 444444444444/,
    },
    {
        name: "partner without account or e-mail",
        change: (t) => delete t.consumers[2].deliveryEmail,
        key: "consumers[2].accountId",
        message: /neither accountId nor deliveryEmail/,
    },
    { name: "structured product without tables", change: (t) => (t.dataProducts[3].tables = []), key: "dataProducts[3].tables", message: /has no tables/ },
    {
        name: "two accounts on one stack",
        change: (t) => (t.consumers[1].stack = "producer"),
        key: "consumers[1].stack",
        message: /already the stack of accounts\.producer/,
    },
    { name: "missing producer", change: (t) => delete t.accounts.producer, key: "accounts.producer", message: /is required/ },
    { name: "invalid consumer name", change: (t) => (t.consumers[0].name = "Auditor X"), key: "consumers[0].name", message: /not a valid consumer name/ },
    {
        name: "invalid e-mail",
        change: (t) => (t.consumers[2].deliveryEmail = "partner at example"),
        key: "consumers[2].deliveryEmail",
        message: /not an e-mail address/,
    },
    {
        name: "product narrowed to a pattern the consumer lacks",
        change: (t) => (t.consumers[0].dataProducts[1].patterns = ["partner-api"]),
        key: "consumers[0].dataProducts[1].patterns[0]",
        message: /not among this consumer's patterns/,
    },
    {
        name: "AWS-only settings on a partner not on AWS",
        change: (t) => (t.consumers[2].principals = ["arn:aws:iam::444444444444:role/x"]),
        key: "consumers[2].principals",
        message: /only applies to a consumer on AWS/,
    },
    { name: "consumer without patterns", change: (t) => (t.consumers[0].patterns = []), key: "consumers[0].patterns", message: /list at least one pattern/ },
    { name: "invalid name prefix", change: (t) => (t.namePrefix = "ACME!"), key: "namePrefix", message: /lower-case letters/ },
    {
        name: "central sharing without the producer's database",
        change: (t) => delete t.dataProducts[0].database,
        key: "consumers[0].dataProducts[0]",
        message: /set dataProducts\[\]\.database of "sales_insights"/,
    },
    {
        name: "row filter on an unknown table",
        change: (t) => (t.consumers[0].dataProducts[0].rowFilters = [{ table: "nope", expression: "age > 30" }]),
        key: "consumers[0].dataProducts[0].rowFilters[0].table",
        message: /"nope" is not a table of "sales_insights"/,
    },
    {
        name: "row filter outside Lake Formation",
        change: (t) => (t.consumers[0].dataProducts[1].rowFilters = [{ table: "transaction_log", expression: "1 = 1" }]),
        key: "consumers[0].dataProducts[1].rowFilters[0]",
        message: /row filters are Lake Formation data cells filters/,
    },
    {
        name: "row filter with two statements",
        change: (t) => (t.consumers[0].dataProducts[0].rowFilters = [{ table: "customers", expression: "age > 30; drop" }]),
        key: "consumers[0].dataProducts[0].rowFilters[0].expression",
        message: /without ';'/,
    },
    {
        name: "cross-account version unquoted",
        change: (t) => (t.patterns.lakeFormation.crossAccountVersion = 4),
        key: "patterns.lakeFormation.crossAccountVersion",
        message: /quoted/,
    },
    {
        name: "Redshift settings on an S3 product",
        change: (t) => (t.dataProducts[0].redshift = { option: "direct" }),
        key: "dataProducts[0].redshift",
        message: /kept in s3; Redshift sharing settings apply to store: redshift only/,
    },
    {
        name: "option B without the external account",
        change: (t) => {
            delete t.accounts.external;
            t.patterns.enabled = ["lake-formation-central", "redshift-datashare"];
            t.consumers = [t.consumers[0]];
            t.consumers[0].patterns = ["lake-formation-central", "redshift-datashare"];
            t.consumers[0].dataProducts = t.consumers[0].dataProducts.slice(0, 2);
        },
        key: "dataProducts[1].redshift.option",
        message: /option B copies the tables into the external sharing account's warehouse: declare accounts\.external/,
    },
    {
        name: "copy schedule on option A",
        change: (t) => (t.dataProducts[4].redshift.copySchedule = "cron(0 * * * ? *)"),
        key: "dataProducts[4].redshift.copySchedule",
        message: /only option B \(external-copy\) copies tables on a schedule/,
    },
    {
        name: "copy schedule that is not cron",
        change: (t) => (t.dataProducts[1].redshift.copySchedule = "every hour"),
        key: "dataProducts[1].redshift.copySchedule",
        message: /not a Glue schedule: write a cron expression/,
    },
    {
        name: "unknown Redshift option",
        change: (t) => (t.dataProducts[1].redshift.option = "C"),
        key: "dataProducts[1].redshift.option",
        message: /use direct \(option A.*or external-copy \(option B/,
    },
    {
        name: "datashare of a product kept in S3",
        change: (t) => (t.consumers[0].dataProducts[0].patterns = ["redshift-datashare"]),
        key: "consumers[0].dataProducts[0]",
        message: /shares tables kept in Redshift, and "sales_insights" is kept in s3/,
    },
    {
        name: "table name with spaces",
        change: (t) => (t.dataProducts[0].tables[0].name = "Clean Sales"),
        key: "dataProducts[0].tables[0].name",
        message: /not a catalog-safe name/,
    },
    {
        name: "consumer name with a double hyphen",
        change: (t) => (t.consumers[0].name = "audit--co"),
        key: "consumers[0].name",
        message: /single '-' between them/,
    },
    {
        name: "consumer name ending in a hyphen",
        change: (t) => (t.consumers[0].name = "auditor-"),
        key: "consumers[0].name",
        message: /not a valid consumer name/,
    },
    {
        name: "name prefix ending in a hyphen (names with --)",
        change: (t) => (t.namePrefix = "acme-"),
        key: "namePrefix",
        message: /single '-' between them.*'--'/,
    },
    {
        name: "name prefix S3 reserves",
        change: (t) => (t.namePrefix = "sthree-share"),
        key: "namePrefix",
        message: /S3 reserves bucket names starting with sthree-/,
    },
    {
        name: "region that does not exist",
        change: (t) => (t.accounts.external.region = "eu-west-9"),
        key: "accounts.external.region",
        message: /"eu-west-9" is not an AWS region: check the spelling/,
    },
    {
        name: "consumer region that does not exist",
        change: (t) => (t.consumers[1].region = "us-north-1"),
        key: "consumers[1].region",
        message: /not an AWS region/,
    },
    {
        name: "column type smuggling a second column",
        change: (t) => (t.dataProducts[0].tables[0].columns[0].type = "int, injected_col int"),
        key: "dataProducts[0].tables[0].columns[0].type",
        message: /"int, injected_col int" is not one Glue column type/,
    },
    {
        name: "column type Glue does not know",
        change: (t) => (t.dataProducts[0].tables[0].columns[0].type = "number"),
        key: "dataProducts[0].tables[0].columns[0].type",
        message: /not one Glue column type/,
    },
    {
        name: "decimal scale above its precision",
        change: (t) => (t.dataProducts[0].tables[2].columns[3].type = "decimal(4,6)"),
        key: "dataProducts[0].tables[2].columns[3].type",
        message: /not one Glue column type/,
    },
    {
        name: "end time at minute 61",
        change: (t) => (t.consumers[0].accessEndsAt = "2027-06-30T17:61:00Z"),
        key: "consumers[0].accessEndsAt",
        message: /not a real time of day: hours run 00-23/,
    },
    {
        name: "end time with an offset beyond 14 hours",
        change: (t) => (t.consumers[0].accessEndsAt = "2027-06-30T17:00:00+15:00"),
        key: "consumers[0].accessEndsAt",
        message: /no real time zone offset: offsets run from -14:00 to \+14:00/,
    },
    {
        name: "end time with a zone minute of 60",
        change: (t) => (t.consumers[0].accessEndsAt = "2027-06-30T17:00:00+01:60"),
        key: "consumers[0].accessEndsAt",
        message: /no real time zone offset/,
    },
    {
        name: "end date without a zone on its time",
        change: (t) => (t.consumers[0].accessEndsAt = "2027-06-30T17:00:00"),
        key: "consumers[0].accessEndsAt",
        message: /not an ISO date: write "YYYY-MM-DD" \(access ends at the end of that day, UTC\) or a timestamp with a zone/,
    },
    { name: "two consumers with one name", change: (t) => (t.consumers[1].name = "auditor"), key: "consumers[1].name", message: /auditor/ },
    {
        name: "misspelt consumer key",
        change: (t) => {
            t.consumers[0].accesEndsAt = t.consumers[0].accessEndsAt;
            delete t.consumers[0].accessEndsAt;
        },
        key: "consumers[0].accesEndsAt",
        message: /unknown key \(did you mean "accessEndsAt"\?\)/,
    },
    {
        name: "misspelt table key",
        change: (t) => {
            t.dataProducts[3].tables[0].colums = t.dataProducts[3].tables[0].columns;
        },
        key: "dataProducts[3].tables[0].colums",
        message: /unknown key \(did you mean "columns"\?\)/,
    },
    {
        name: "access point VPC in another region than its access point",
        change: (t) => (t.consumers[0].region = "us-east-1"),
        key: "consumers[0].accessPoint.vpc.id",
        message: /consumer's region us-east-1, but the access point and its bucket are in eu-west-1/,
    },
];

describe("topology validation", () => {
    it("accepts the committed sample topology", () => {
        const t = parseTopology(sampleTopology(), PATTERNS);
        assert.equal(t.producer.accountId, "111111111111");
        assert.deepEqual(
            t.consumers.map((c) => c.name),
            ["auditor", "supplier", "insights-partner", "former-auditor"],
        );
    });

    it(`rejects ${BAD_CONFIGS.length} distinct bad configs, each naming its key and the fix`, () => {
        assert.ok(BAD_CONFIGS.length >= 60);
        for (const bad of BAD_CONFIGS) {
            const problems = problemsOf(topologyWith(bad.change));
            const match = problems.find((p) => p.key === `${K}.${bad.key}`);
            assert.ok(match, `${bad.name}: no problem at ${K}.${bad.key}; got ${JSON.stringify(problems)}`);
            assert.match(match.message, bad.message, `${bad.name}: message`);
        }
    });

    it("reports every problem in one error, not the first only", () => {
        const raw = topologyWith((t) => {
            t.accounts.producer.accountId = "1";
            t.dataProducts[0].classification = "secret";
        });
        assert.deepEqual(
            problemsOf(raw).map((p) => p.key),
            [`${K}.accounts.producer.accountId`, `${K}.dataProducts[0].classification`],
        );
    });

    it("names the config key when the topology is missing", () => {
        assert.deepEqual(
            problemsOf(undefined).map((p) => p.key),
            [K],
        );
    });

    it("says in words when the topology is a plain string or another value, not an object", () => {
        const problemOf = (text: string) => {
            try {
                parseTopologyText(text, PATTERNS);
            } catch (err) {
                assert.ok(err instanceof ConfigError, String(err));
                return err.problems[0];
            }
            assert.fail("accepted");
        };
        assert.match(
            problemOf("accounts: producer").message,
            /is a plain string, but the topology is a YAML object: put its fields under `value:` in Pulumi\.yaml/,
        );
        assert.match(problemOf("42").message, /is the number 42, but the topology is a YAML object/);
        assert.match(problemOf("[1]").message, /is a list, but the topology is a YAML object/);
        assert.equal(problemOf("42").key, K);
    });

    it("accepts every Glue type the sample and real tables use", () => {
        for (const type of [
            "string",
            "int",
            "bigint",
            "timestamp",
            "decimal(10,2)",
            "decimal",
            "varchar(255)",
            "array<string>",
            "map<string,array<int>>",
            "struct<a:int,b:struct<c:string>>",
        ]) {
            assert.ok(
                parseTopology(
                    topologyWith((t) => (t.dataProducts[3].tables[0].columns[1].type = type)),
                    PATTERNS,
                ),
                type,
            );
        }
    });

    it("resolves defaults once: consumer stacks, regions, organisations, end of day", () => {
        const t = parseTopology(sampleTopology(), PATTERNS);
        const [auditor, supplier, partner] = t.consumers;
        assert.equal(auditor.account?.stack, "consumer");
        assert.equal(supplier.account?.stack, "consumer-supplier");
        assert.equal(supplier.account?.region, t.producer.region);
        assert.equal(partner.account, undefined);
        assert.equal(auditor.accessEndsAt?.toISOString(), "2028-01-01T00:00:00.000Z", "a date means through the end of that day, UTC");
        assert.deepEqual(supplier.access.find((a) => a.product === "market_prices")?.patterns, ["data-exchange"]);
        assert.deepEqual(
            partner.access.find((a) => a.product === "transaction_logs")?.patterns,
            ["partner-api"],
            "a product named alone takes all the consumer's patterns",
        );
    });

    it("reads an end timestamp with its zone as given", () => {
        const t = parseTopology(
            topologyWith((x) => (x.consumers[0].accessEndsAt = "2027-06-30T17:00:00+02:00")),
            PATTERNS,
        );
        assert.equal(t.consumers[0].accessEndsAt?.toISOString(), "2027-06-30T15:00:00.000Z");
    });
});
