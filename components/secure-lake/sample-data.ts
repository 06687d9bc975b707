import { CARDS, CUSTOMERS, LakeTable, SALES } from "./tables";

/**
 * Synthetic card-purchase data for the lake of reference/004: customers (account holders),
 * cards and sales, as CSV. The blog's point is that some account holders pay with a family
 * member's card (same last name and address, different first name, older), which its final
 * query finds; the data is built so that query has answers. Nothing in it is real: names are
 * NATO-alphabet words and made-up surnames, e-mails use the RFC 2606 domains, and card numbers
 * are Luhn-valid "4000..." test numbers.
 */

export interface SampleDataOptions {
    /** Number of customers (account holders), an integer from 2 to 100000. @default none, required */
    customers: number;
    /** Seed of the pseudo-random generator, a safe integer; the same options always give the same bytes. @default 2024 */
    seed?: number;
    /** Sales per customer, an integer from 1 to 100. @default 4 */
    salesPerCustomer?: number;
}

/** The three raw tables as RFC 4180 CSV text: header row, `\n` line endings, trailing newline. */
export interface SampleData {
    /** Rows of `cards`: each customer's own card, followed by their family member's card if they have one. */
    cards: string;
    /** Rows of `customers`. */
    customers: string;
    /** Rows of `sales`. */
    sales: string;
}

type Value = string | number;
type Row = Record<string, Value>;

const DEFAULT_SEED = 2024;
const DEFAULT_SALES_PER_CUSTOMER = 4;
const MIN_CUSTOMERS = 2;
const MAX_CUSTOMERS = 100000;
const MIN_SALES_PER_CUSTOMER = 1;
const MAX_SALES_PER_CUSTOMER = 100;

/** Every FAMILY_EVERY-th customer, starting with the first, also pays with a family member's card. */
const FAMILY_EVERY = 3;

// Obviously fictional names; none contains a quote, backslash or newline, which Glue's
// OpenCSVSerde (escapeChar "\") and TextInputFormat (splits on newlines) would misread.
const FIRST_NAMES = ["Alfa", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India", "Juliett", "Kilo", "Lima"] as const;
const LAST_NAMES = ["Exampleton", "Sampleby", "Testington", "Mockridge", "Placeholder", "Dummyworth", "Fixturelli", "Stubfield"] as const;
const STREETS = ["Example Street", "Sample Avenue", "Test Lane", "Placeholder Road", "Mock Boulevard"] as const;
const TOWN = "Springfield";
const EMAIL_DOMAINS = ["example.com", "example.org"] as const;

const SALES_WINDOW_START_MS = Date.UTC(2024, 0, 1);
const SALES_WINDOW_SECONDS = 366 * 24 * 60 * 60; // 2024 is a leap year: the window ends 2024-12-31 23:59:59 UTC.

/**
 * Generates the customers, cards and sales CSVs. Pure: the same options give byte-identical
 * output. Customer ids, card ids and sale ids each run from 1. Customers 1, 4, 7, ... (every
 * third) have a second card held by an older family member sharing their last name and address;
 * their first sale uses that card, their second (if any) their own, and the rest either.
 * All other customers only use their own card.
 *
 * @throws RangeError naming the option when an option is not an integer in its range.
 */
export function generateSampleData(options: SampleDataOptions): SampleData {
    const customerCount = checkInteger("customers", options.customers, MIN_CUSTOMERS, MAX_CUSTOMERS);
    const seed = checkInteger("seed", options.seed ?? DEFAULT_SEED, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    const salesPerCustomer = options.salesPerCustomer ?? DEFAULT_SALES_PER_CUSTOMER;
    checkInteger("salesPerCustomer", salesPerCustomer, MIN_SALES_PER_CUSTOMER, MAX_SALES_PER_CUSTOMER);

    // Separate streams, so changing salesPerCustomer leaves customers and cards unchanged.
    const people = mulberry32(deriveSeed(seed, 1));
    const purchases = mulberry32(deriveSeed(seed, 2));
    const cardNumbers = new Set<string>();
    const newCardNumber = (): string => {
        for (;;) {
            const payload = "4000" + digits(people, 6) + digits(people, 5);
            const number = payload + luhnCheckDigit(payload);
            if (!cardNumbers.has(number)) {
                cardNumbers.add(number);
                return number;
            }
        }
    };

    // Rows become CSV as they are made: the largest option values give ~10 million sales.
    const customers = new CsvTableWriter(CUSTOMERS);
    const cards = new CsvTableWriter(CARDS);
    const sales = new CsvTableWriter(SALES);
    for (let customerId = 1; customerId <= customerCount; customerId++) {
        const firstName = pick(people, FIRST_NAMES);
        const lastName = pick(people, LAST_NAMES);
        // The house number is the customer id, so two households never share an address by chance.
        const address = `${customerId} ${pick(people, STREETS)}, ${TOWN}`;
        const age = between(people, 18, 65);
        const email = `${firstName}.${lastName}.${customerId}@${pick(people, EMAIL_DOMAINS)}`.toLowerCase();

        const ownCardId = cards.rowCount + 1;
        cards.add({
            card_id: ownCardId,
            card_number: newCardNumber(),
            cardholder_first_name: firstName,
            cardholder_last_name: lastName,
            cardholder_address: address,
            cardholder_age: age,
        });
        customers.add({ customer_id: customerId, first_name: firstName, last_name: lastName, address, email, card_id: ownCardId, age });

        let familyCardId: number | undefined;
        if ((customerId - 1) % FAMILY_EVERY === 0) {
            familyCardId = cards.rowCount + 1;
            cards.add({
                card_id: familyCardId,
                card_number: newCardNumber(),
                cardholder_first_name: pick(
                    people,
                    FIRST_NAMES.filter((n) => n !== firstName),
                ),
                cardholder_last_name: lastName,
                cardholder_address: address,
                cardholder_age: age + between(people, 1, 30),
            });
        }

        for (let k = 0; k < salesPerCustomer; k++) {
            const usesFamilyCard = familyCardId !== undefined && (k === 0 || (k > 1 && purchases() < 0.5));
            // The first two sales overall are fixed below and above $1,000, so both kinds always exist.
            const saleId = sales.rowCount + 1;
            const bigPurchase = saleId === 1 ? false : saleId === 2 ? true : purchases() < 0.25;
            const cents = bigPurchase ? between(purchases, 100000, 2499999) : between(purchases, 100, 99999);
            sales.add({
                sale_id: saleId,
                customer_id: customerId,
                card_id: usesFamilyCard ? (familyCardId as number) : ownCardId,
                price: formatPrice(cents),
                sold_at: formatTimestamp(SALES_WINDOW_START_MS + between(purchases, 0, SALES_WINDOW_SECONDS - 1) * 1000),
            });
        }
    }

    return { cards: cards.text(), customers: customers.text(), sales: sales.text() };
}

/**
 * RFC 4180 CSV: a field containing a comma, quote, CR or LF is quoted and its quotes doubled;
 * lines end with `\n`, including the last.
 */
export function formatCsv(header: readonly string[], rows: readonly (readonly Value[])[]): string {
    const line = (fields: readonly Value[]): string => fields.map(csvField).join(",") + "\n";
    return line(header) + rows.map(line).join("");
}

function csvField(value: Value): string {
    const text = String(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Builds one table's CSV in the column order of tables.ts; a column renamed there fails loudly
 * here rather than shifting data. Lines are joined in chunks to keep millions of rows cheap.
 */
class CsvTableWriter {
    private static readonly CHUNK_LINES = 8192;
    private readonly names: readonly string[];
    private readonly chunks: string[] = [];
    private lines: string[] = [];
    private count = 0;

    constructor(private readonly table: LakeTable) {
        this.names = table.columns.map((c) => c.name);
        this.lines.push(formatCsv(this.names, []));
    }

    /** Rows added so far, not counting the header. */
    get rowCount(): number {
        return this.count;
    }

    add(row: Row): void {
        const keys = Object.keys(row);
        if (keys.length !== this.names.length) {
            throw new Error(`sample ${this.table.name} row has columns ${keys.join(", ")}, table has ${this.names.join(", ")}`);
        }
        const fields = this.names.map((name) => {
            const value = row[name];
            if (value === undefined) {
                throw new Error(`sample ${this.table.name} row has no value for column ${name}`);
            }
            return csvField(value);
        });
        this.lines.push(fields.join(",") + "\n");
        this.count++;
        if (this.lines.length >= CsvTableWriter.CHUNK_LINES) {
            this.chunks.push(this.lines.join(""));
            this.lines = [];
        }
    }

    text(): string {
        return this.chunks.join("") + this.lines.join("");
    }
}

function checkInteger(name: string, value: unknown, min: number, max: number): number {
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
        throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${String(value)}`);
    }
    return value;
}

/** mulberry32: a small, fast 32-bit PRNG; returns floats in [0, 1). */
function mulberry32(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

/**
 * Folds a safe-integer seed and a stream number into 32 well-mixed bits (murmur3's finaliser),
 * so seeds beyond 32 bits, and neighbouring seeds, still give unrelated streams.
 */
function deriveSeed(seed: number, stream: number): number {
    const low = seed >>> 0;
    const high = Math.floor(seed / 4294967296) >>> 0;
    let h = (low ^ Math.imul(high, 0x9e3779b9) ^ Math.imul(stream, 0x85ebca6b)) >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return (h ^ (h >>> 16)) >>> 0;
}

/** A uniform integer in [min, max]. */
function between(random: () => number, min: number, max: number): number {
    return min + Math.floor(random() * (max - min + 1));
}

function pick<T>(random: () => number, items: readonly T[]): T {
    return items[Math.floor(random() * items.length)] as T;
}

function digits(random: () => number, count: number): string {
    return String(between(random, 0, 10 ** count - 1)).padStart(count, "0");
}

/** The digit that makes `payload + digit` pass the Luhn check. */
function luhnCheckDigit(payload: string): string {
    let sum = 0;
    for (let i = 0; i < payload.length; i++) {
        // Counting from the right of the payload, the first digit is the one doubled once the check digit is appended.
        let d = Number(payload[payload.length - 1 - i]);
        if (i % 2 === 0) {
            d = d * 2 > 9 ? d * 2 - 9 : d * 2;
        }
        sum += d;
    }
    return String((10 - (sum % 10)) % 10);
}

/** Cents as "$1,234.50": dollar sign, thousands separators, two decimals; built by hand so no locale can change it. */
function formatPrice(cents: number): string {
    const dollars = String(Math.floor(cents / 100)).replace(/\B(?=(\d{3})+$)/g, ",");
    return `$${dollars}.${String(cents % 100).padStart(2, "0")}`;
}

/** Epoch milliseconds as "YYYY-MM-DD HH:MM:SS" in UTC. */
function formatTimestamp(ms: number): string {
    return new Date(ms).toISOString().slice(0, 19).replace("T", " ");
}
