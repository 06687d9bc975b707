import { strict as assert } from "assert";
import { formatCsv, generateSampleData, SampleData } from "../../../components/secure-lake/sample-data";
import { CARDS, CUSTOMERS, LakeTable, SALES } from "../../../components/secure-lake/tables";
import { CARDS_NOT_OWNED_SQL } from "../../../components/secure-lake/queries";
import { CsvTable, queryCsv } from "../../support/sql";

type Row = Record<string, string>;

/** A strict RFC 4180 reader, independent of the writer under test: `\n` endings, quoted fields with doubled quotes. */
function parseCsv(text: string): string[][] {
    assert.ok(text.endsWith("\n"), "CSV ends with a newline");
    const records: string[][] = [];
    let record: string[] = [];
    let field = "";
    let i = 0;
    while (i < text.length) {
        if (text[i] === '"') {
            i++;
            for (;;) {
                assert.ok(i < text.length, "unterminated quoted field");
                if (text[i] === '"' && text[i + 1] === '"') {
                    field += '"';
                    i += 2;
                } else if (text[i] === '"') {
                    i++;
                    break;
                } else {
                    field += text[i++];
                }
            }
            assert.ok(text[i] === "," || text[i] === "\n", `quoted field followed by ${JSON.stringify(text[i])}`);
        } else {
            while (text[i] !== "," && text[i] !== "\n") {
                assert.notEqual(text[i], '"', "bare quote in an unquoted field");
                assert.notEqual(text[i], "\r", "CR line ending");
                field += text[i++];
            }
        }
        record.push(field);
        field = "";
        if (text[i++] === "\n") {
            records.push(record);
            record = [];
        }
    }
    return records;
}

const columnsOf = (table: LakeTable): string[] => table.columns.map((c) => c.name);

/** Parses one table's CSV into objects keyed by the header, checking the header is the tables.ts column list. */
function rowsOf(table: LakeTable, csv: string): Row[] {
    const [header, ...records] = parseCsv(csv);
    assert.deepEqual(header, columnsOf(table));
    return records.map((r) => {
        assert.equal(r.length, header!.length, `row ${r.join(",")} has ${r.length} fields`);
        return Object.fromEntries(header!.map((name, i) => [name, r[i]!]));
    });
}

function parsed(data: SampleData): { cards: Row[]; customers: Row[]; sales: Row[] } {
    return { cards: rowsOf(CARDS, data.cards), customers: rowsOf(CUSTOMERS, data.customers), sales: rowsOf(SALES, data.sales) };
}

function luhnValid(number: string): boolean {
    let sum = 0;
    for (let i = 0; i < number.length; i++) {
        const d = Number(number[number.length - 1 - i]);
        sum += i % 2 === 1 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d;
    }
    return sum % 10 === 0;
}

/** What the blog's query should return, computed from the parsed rows: customer id -> sales on a card not their own. */
function salesOnOthersCards(rows: { customers: Row[]; sales: Row[] }): Map<number, number> {
    const ownCard = new Map(rows.customers.map((c) => [c.customer_id, c.card_id]));
    const counts = new Map<number, number>();
    for (const s of rows.sales) {
        if (s.card_id !== ownCard.get(s.customer_id)) {
            counts.set(Number(s.customer_id), (counts.get(Number(s.customer_id)) ?? 0) + 1);
        }
    }
    return counts;
}

/** The three generated tables in schema db1, as reference/004's catalog names them. */
function lakeTables(data: SampleData, sales: LakeTable = SALES): CsvTable[] {
    return [
        { schema: "db1", table: CARDS, csv: data.cards },
        { schema: "db1", table: CUSTOMERS, csv: data.customers },
        { schema: "db1", table: sales, csv: data.sales },
    ];
}

/** The final query of reference/004, the one the QuickSight data set runs. */
const BLOG_QUERY = CARDS_NOT_OWNED_SQL;

describe("generateSampleData", () => {
    const options = { customers: 60, salesPerCustomer: 4 };
    const data = generateSampleData(options);
    // Parsed on first use, so a malformed CSV fails the tests that read it rather than loading this file.
    let parsedData: ReturnType<typeof parsed> | undefined;
    const rows = () => (parsedData ??= parsed(data));

    it("is deterministic: same options give the same bytes, another seed other data", () => {
        assert.deepEqual(generateSampleData(options), data);
        assert.deepEqual(generateSampleData({ ...options, seed: 2024 }), data, "seed defaults to 2024");
        assert.deepEqual(generateSampleData({ customers: 60 }), data, "salesPerCustomer defaults to 4");
        const other = generateSampleData({ ...options, seed: 7 });
        assert.notEqual(other.customers, data.customers);
        assert.notEqual(other.cards, data.cards);
        assert.notEqual(other.sales, data.sales);
        assert.notEqual(generateSampleData({ ...options, seed: 2025 }).cards, data.cards, "neighbouring seeds differ");
    });

    it("keeps customers and cards when only salesPerCustomer changes", () => {
        const more = generateSampleData({ ...options, salesPerCustomer: 9 });
        assert.equal(more.customers, data.customers);
        assert.equal(more.cards, data.cards);
        assert.notEqual(more.sales, data.sales);
    });

    it("writes the tables.ts columns as headers, one row per customer, N x salesPerCustomer sales and one card per customer plus family cards", () => {
        for (const [table, csv] of [
            [CARDS, data.cards],
            [CUSTOMERS, data.customers],
            [SALES, data.sales],
        ] as const) {
            assert.equal(csv.slice(0, csv.indexOf("\n")), columnsOf(table).join(","));
        }
        assert.equal(rows().customers.length, 60);
        assert.equal(rows().sales.length, 240);
        const ownCards = new Set(rows().customers.map((c) => c.card_id));
        const familyCards = rows().cards.filter((c) => !ownCards.has(c.card_id!));
        assert.equal(ownCards.size, 60, "every customer owns a distinct card");
        assert.equal(familyCards.length, 20, "every third customer has a family card");
        assert.equal(rows().cards.length, 60 + familyCards.length);
    });

    it("numbers ids from 1 in each table and only references rows that exist", () => {
        for (const [list, key] of [
            [rows().cards, "card_id"],
            [rows().customers, "customer_id"],
            [rows().sales, "sale_id"],
        ] as const) {
            assert.deepEqual(
                list.map((r) => r[key]),
                list.map((_, i) => String(i + 1)),
            );
        }
        const cardIds = new Set(rows().cards.map((c) => c.card_id));
        const customerIds = new Set(rows().customers.map((c) => c.customer_id));
        for (const c of rows().customers) assert.ok(cardIds.has(c.card_id), `customer ${c.customer_id} card ${c.card_id}`);
        for (const s of rows().sales) {
            assert.ok(cardIds.has(s.card_id), `sale ${s.sale_id} card ${s.card_id}`);
            assert.ok(customerIds.has(s.customer_id), `sale ${s.sale_id} customer ${s.customer_id}`);
        }
    });

    it("formats prices as $1,234.50 and has prices both below and from $1,000", () => {
        const prices = rows().sales.map((s) => s.price!);
        for (const p of prices) assert.match(p, /^\$\d{1,3}(,\d{3})*\.\d{2}$/);
        const amounts = prices.map((p) => Number(p.replace(/[$,]/g, "")));
        assert.ok(
            amounts.some((a) => a >= 1000),
            "a price of $1,000 or more",
        );
        assert.ok(
            amounts.some((a) => a < 1000),
            "a price under $1,000",
        );
        // Even the smallest data set has both, so the price-cleaning job always sees a thousands separator.
        const tiny = parsed(generateSampleData({ customers: 2, salesPerCustomer: 1, seed: 1 })).sales.map((s) => Number(s.price!.replace(/[$,]/g, "")));
        assert.ok(tiny.some((a) => a >= 1000) && tiny.some((a) => a < 1000), tiny.join(" "));
        assert.ok(data.sales.includes('"$'), "prices with a thousands separator are quoted");
    });

    it("dates sales within 2024 as YYYY-MM-DD HH:MM:SS", () => {
        for (const s of rows().sales) {
            assert.match(s.sold_at!, /^2024-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
            assert.equal(new Date(`${s.sold_at!.replace(" ", "T")}Z`).toISOString().slice(0, 19).replace("T", " "), s.sold_at, "a real instant");
        }
        assert.ok(new Set(rows().sales.map((s) => s.sold_at!.slice(0, 7))).size > 6, "spread over the year");
    });

    it("uses only reserved e-mail domains and Luhn-valid, unique 4000 test card numbers", () => {
        for (const c of rows().customers) assert.match(c.email!, /^[a-z0-9.]+@example\.(com|org)$/);
        const numbers = rows().cards.map((c) => c.card_number!);
        for (const n of numbers) {
            assert.match(n, /^4000\d{12}$/);
            assert.ok(luhnValid(n), `${n} passes Luhn`);
        }
        assert.equal(new Set(numbers).size, numbers.length, "card numbers are unique");
        assert.ok(!luhnValid("4000000000000001") && luhnValid("4000000000000002"), "the test's Luhn check itself works");
    });

    it("never writes quotes, backslashes or line breaks inside a field (Glue's OpenCSVSerde escapes with \\)", () => {
        for (const table of Object.values(rows())) {
            for (const r of table) for (const v of Object.values(r)) assert.doesNotMatch(v, /["\\\r\n]/);
        }
        assert.ok(
            rows().customers.every((c) => /^\d+ [A-Za-z ]+, Springfield$/.test(c.address!)),
            "addresses carry a comma",
        );
        assert.ok(data.customers.includes(`,"${rows().customers[0]!.address}",`), "addresses are quoted");
    });

    it("gives each customer's own card the customer as holder", () => {
        const cardById = new Map(rows().cards.map((c) => [c.card_id, c]));
        for (const c of rows().customers) {
            const card = cardById.get(c.card_id)!;
            assert.deepEqual(
                [card.cardholder_first_name, card.cardholder_last_name, card.cardholder_address, card.cardholder_age],
                [c.first_name, c.last_name, c.address, c.age],
                `customer ${c.customer_id}`,
            );
        }
    });

    it("has customers paying with a family member's card: same last name and address, other first name, older", () => {
        const cardById = new Map(rows().cards.map((c) => [c.card_id, c]));
        const customerById = new Map(rows().customers.map((c) => [c.customer_id, c]));
        const borrowers = new Set<string>();
        for (const s of rows().sales) {
            const customer = customerById.get(s.customer_id)!;
            if (s.card_id === customer.card_id) continue;
            borrowers.add(customer.customer_id!);
            const card = cardById.get(s.card_id)!;
            assert.equal(card.cardholder_last_name, customer.last_name, `sale ${s.sale_id}`);
            assert.equal(card.cardholder_address, customer.address, `sale ${s.sale_id}`);
            assert.notEqual(card.cardholder_first_name, customer.first_name, `sale ${s.sale_id}`);
            assert.ok(Number(card.cardholder_age) > Number(customer.age), `sale ${s.sale_id}: holder ${card.cardholder_age}, customer ${customer.age}`);
        }
        assert.equal(borrowers.size, 20, "every family-card customer uses it");
        for (const id of borrowers) {
            const own = rows().sales.filter((s) => s.customer_id === id && s.card_id === customerById.get(id)!.card_id);
            assert.ok(own.length >= 1, `customer ${id} also uses their own card`);
        }
    });

    it("reads back through a strict RFC 4180 parser with the same rows (quoting round-trips)", () => {
        const tables = [
            [CARDS, 80, () => rows().cards],
            [CUSTOMERS, 60, () => rows().customers],
            [SALES, 240, () => rows().sales],
        ] as const;
        for (const [table, count, expected] of tables) {
            const read = queryCsv(lakeTables(data), `SELECT * FROM "db1"."${table.name}"`);
            assert.equal(read.length, count, table.name);
            const asText = read.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, String(v)])));
            assert.deepEqual(asText, expected(), table.name);
        }
        const [customer] = queryCsv(lakeTables(data), 'SELECT address FROM "db1"."customers" WHERE customer_id = 1');
        assert.match(String(customer.address), /, Springfield$/);
    });

    const queryCases = [
        ["the default data", options],
        ["the smallest data set", { customers: 2, salesPerCustomer: 1, seed: 99 }],
        ["another seed", { customers: 37, salesPerCustomer: 7, seed: 123456789012 }],
    ] as const;
    for (const [label, opts] of queryCases) {
        it(`lets the blog's final query find the family-card customers (${label})`, async () => {
            const sample = label === "the default data" ? data : generateSampleData(opts);
            const expected = salesOnOthersCards(parsed(sample));
            // clean_sales is the sales file as the query sees it: it does not read the price.
            const result = queryCsv(lakeTables(sample, { ...SALES, name: "clean_sales" }), BLOG_QUERY);
            assert.ok(result.length >= 1, "the query finds at least one customer");
            const found = new Map(result.map((r) => [Number(r.customer_id), Number(r.num_diff_card_used)]));
            assert.equal(found.size, result.length, "one row per customer");
            assert.deepEqual(found, expected);
            const counts = result.map((r) => Number(r.num_diff_card_used));
            assert.deepEqual(
                counts,
                [...counts].sort((a, b) => b - a),
                "ordered by num_diff_card_used descending",
            );
        });
    }

    it("rejects options out of range with a RangeError naming the option", () => {
        const bad: [string, object][] = [
            ["customers", { customers: 1 }],
            ["customers", { customers: 100001 }],
            ["customers", { customers: 2.5 }],
            ["customers", { customers: Number.NaN }],
            ["customers", { customers: "10" }],
            ["customers", {}],
            ["salesPerCustomer", { customers: 10, salesPerCustomer: 0 }],
            ["salesPerCustomer", { customers: 10, salesPerCustomer: 101 }],
            ["salesPerCustomer", { customers: 10, salesPerCustomer: 1.5 }],
            ["seed", { customers: 10, seed: 0.5 }],
            ["seed", { customers: 10, seed: Number.POSITIVE_INFINITY }],
        ];
        for (const [name, opts] of bad) {
            const namesOption = (e: unknown): boolean => e instanceof RangeError && e.message.startsWith(`${name} must be`);
            assert.throws(() => generateSampleData(opts as never), namesOption, JSON.stringify(opts));
        }
        assert.doesNotThrow(() => generateSampleData({ customers: 2, salesPerCustomer: 1 }));
        assert.doesNotThrow(() => generateSampleData({ customers: 3, salesPerCustomer: 100, seed: -5 }));
    });
});

describe("formatCsv", () => {
    it("quotes fields with a comma, quote or line break, doubles quotes and ends every line with \\n", () => {
        const csv = formatCsv(
            ["a", "b"],
            [
                ["plain", 'say "hi", then'],
                [1, "two\nlines"],
                ["cr\r", ""],
            ],
        );
        assert.equal(csv, 'a,b\nplain,"say ""hi"", then"\n1,"two\nlines"\n"cr\r",\n');
        assert.equal(formatCsv(["only"], []), "only\n");
    });
});
