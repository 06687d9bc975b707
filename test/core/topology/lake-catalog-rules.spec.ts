import { strict as assert } from "assert";
import { filterColumns } from "../../../patterns/lake-formation/catalog-rules";
import { parseTopology } from "../../../core/topology/parse";
import { runStack } from "../../support/run-stack";
import { topologyWith } from "../../support/sample";
import { problemsOf } from "../../support/topology-problems";
import { PATTERNS } from "../../../patterns/index";

const K = "datasharing:topology";

// Sample: product 0 sales_insights (pattern 2 for consumer 0, auditor; pattern 3 for consumer 1, supplier), tables customers, clean_cards, clean_sales.
const customers = (t: any) => t.dataProducts[0].tables.find((tb: any) => tb.name === "customers");
const UNDECLARED: { name: string; change: (t: any) => void; key: string; message: RegExp }[] = [
    {
        name: "a database the producer's catalog does not declare",
        change: (t) => (t.dataProducts[0].database = "db2"),
        key: "dataProducts[0].database",
        message: /"db2" is not a database of the producer's catalog, and lake-formation-central shares the producer's tables: use db1/,
    },
    {
        name: "a table the producer's db1 does not declare",
        change: (t) => t.dataProducts[0].tables.push({ name: "refunds", columns: [{ name: "id" }] }),
        key: "dataProducts[0].tables[3].name",
        message: /"refunds" is not a table of the producer's db1: use one of cards, customers, sales, clean_cards, clean_sales/,
    },
    {
        name: "a column the lake's table does not have",
        change: (t) => customers(t).columns.push({ name: "phone" }),
        key: "dataProducts[0].tables[0].columns[7].name",
        message: /"phone" is not a column of the producer's db1\.customers: use one of customer_id, first_name/,
    },
    {
        name: "a PII column the lake's table does not have",
        change: (t) => customers(t).columns.push({ name: "ssn", pii: true }),
        key: "dataProducts[0].tables[0].columns[7].name",
        message: /"ssn" is not a column of the producer's db1\.customers/,
    },
    {
        name: "a column of another type than the lake's",
        change: (t) => (customers(t).columns[0].type = "string"),
        key: "dataProducts[0].tables[0].columns[0].type",
        message: /is string, but the producer's db1\.customers\.customer_id is int: declare type int/,
    },
    {
        name: "a row filter over a PII column",
        change: (t) => (t.consumers[0].dataProducts[0].rowFilters = [{ table: "customers", expression: "email LIKE '%@example.com'" }]),
        key: "consumers[0].dataProducts[0].rowFilters[0].expression",
        message: /filters on "email", a PII column of customers: a filter would reveal it/,
    },
    {
        name: "a row filter over an undeclared column",
        change: (t) => (t.consumers[1].dataProducts[0].rowFilters = [{ table: "customers", expression: "age > 30 AND country = 'DE'" }]),
        key: "consumers[1].dataProducts[0].rowFilters[0].expression",
        message:
            /uses "country", which is not a declared column of sales_insights\.customers: a row filter may use only the table's shared columns \(customer_id, first_name, last_name, card_id, age\)/,
    },
];

describe("topology validation: the owning catalog declares every table, column and filter column (fail-closed sharing)", () => {
    for (const bad of UNDECLARED) {
        it(`refuses ${bad.name}, naming the key and the fix`, () => {
            const problems = problemsOf(topologyWith(bad.change));
            const match = problems.find((p) => p.key === `${K}.${bad.key}`);
            assert.ok(match, `no problem at ${K}.${bad.key}; got ${JSON.stringify(problems)}`);
            assert.match(match.message, bad.message);
        });
    }

    it("refuses before any resource is registered", async () => {
        const run = await runStack("governance", { topology: topologyWith(UNDECLARED[1].change) });
        assert.match(run.errors.join("\n"), /"refunds" is not a table of the producer's db1/);
        assert.deepEqual(run.awsResources, []);
    });

    it("accepts a product declaring fewer columns than the lake's table (they are not shared), and filters over shared columns", () => {
        parseTopology(
            topologyWith((t) => {
                customers(t).columns = customers(t).columns.filter((c: any) => !["address", "email"].includes(c.name));
                t.consumers[0].dataProducts[0].rowFilters = [
                    { table: "customers", expression: `age BETWEEN 30 AND 60 AND "first_name" <> 'it''s' OR card_id IS NOT NULL` },
                ];
            }),
            PATTERNS,
        );
    });

    it("reads the columns of a row filter, not its literals or SQL words", () => {
        assert.deepEqual(filterColumns(`age > 30 and "first_name" IN ('email', 'x''y') OR region is null`), ["first_name", "age", "region"]);
        assert.deepEqual(filterColumns("price >= 1.5e3"), ["price"]);
    });
});
