/**
 * PII redaction for the microbatch export (pattern 5): columns the data product declares
 * as PII are blanked whole, and every other string is scanned for e-mail addresses, card
 * numbers and phone numbers. Pure functions, no I/O.
 *
 * Rules, in the order they run (each sees the previous ones' output):
 * 1. E-mail: `local@domain.tld` -> `[EMAIL]` (first, so a `+tag` or digits in an address are not read as a phone).
 * 2. International phone -> `[PHONE]`:
 *    - `+` and 7 to 15 digits, optionally split by blanks, dots, dashes or parentheses
 *      (`+44 20 7946 0958`, `+1 (415) 555-2671`, `+4930123456`);
 *    - `00` instead of `+` (`0044 20 7946 0958`, `00 44 20 7946 0958`), but only with a
 *      separator after the country code, since a bare run starting `00` may be an id.
 * 3. Card: 13 to 19 digits, optionally split by single blanks or dashes into groups of at
 *    least 3 (or 4-4-4 and a short last group), that pass the Luhn check -> `[CARD]`; also
 *    found inside longer runs (a card then its expiry, two cards in a row). A run written
 *    in a card's grouping (4-4-4-4, 4-6-5, 4-4-4-4-1..3, 4-4-4-1..4) is redacted even when
 *    the check fails: a mistyped card is still a card.
 *    A plain digit run that fails the check is an ordinary id (order ids, references) and
 *    survives; a Luhn-valid 13-19 digit id (about one in ten) is redacted, the price of no
 *    false negatives. Digits glued to a word (`ORD-2024...`, `id_...`, `...1234abc`) or to
 *    a decimal point (`3.14`, `10.0.0.1`) are never a candidate.
 *    A run glued to another number by a comma (`1,234`, `4111...,5555...`) is a thousands
 *    group or a list item: it is a candidate only as a whole bare 13-19 digit run or a whole
 *    card grouping, so lists and CSV (`john,4111111111111111,12/25`) are redacted while
 *    `12,345,678.90` is not. A comma after a word (`x,4111 1111 1111 1111`) does not glue.
 * 4. National phone, always with a separator, since a bare digit run cannot be told from
 *    an id -> `[PHONE]`: North American `(415) 555-2671`, `415-555-2671`, `415.555.2671`,
 *    also with the country code 1 (`1-800-555-1234`, `1 415 555 2671`); trunk-0 numbers
 *    `020 7946 0958`, `07700 900123`, `0161-496-0000`; French-style pairs `06 12 34 56 78`.
 * Every phone rule takes a label before it (`tel:020 7946 0958`: a `:` blocks only after a
 * digit, as in a time `10:30`) and an extension after it (`x12`, ` ext 12`), masked with it.
 * Numbers stored in numeric columns are not scanned: a column that holds phone or card
 * numbers as numbers must be declared PII.
 */

/** What replaces a PII column's value. */
export const REDACTED = "[REDACTED]";
/** What replaces an e-mail address, a card number or a phone number found in a string. */
export const MASKS = { email: "[EMAIL]", card: "[CARD]", phone: "[PHONE]" } as const;

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}/g;

/** Phone start: not inside a word or number (`.`, `+`, `-`), nor after a time's `10:`; a label's `tel:` is fine. */
const PHONE_START = String.raw`(?<![\w.+-])(?<!\d:)`;
/** Optional extension (`x12`, ` ext 12`, ` ext. 12`), masked with the number so no digit of it is left. */
const EXTENSION = String.raw`(?:\s?(?:x|ext\.?|extension)\s?\d{1,6})?`;
/** Phone end: not glued to a word (an unparsed extension `x12` included, so no part of a number is masked). */
const PHONE_END = String.raw`(?!\w)`;
/** A phone pattern from its digits part, with the shared start, extension and end; case-insensitive for `X`/`Ext`. */
function phone(start: string, digits: string, end: string = PHONE_END): RegExp {
    return new RegExp(start + digits + EXTENSION + end, "gi");
}

const INTERNATIONAL_PHONES = [
    // `+`, then 7-15 digits with up to two separators between digits; not inside a word or number.
    phone(String.raw`(?<![\w+])`, String.raw`\+\(?\d(?:[ .()-]{0,2}\d){6,14}`),
    // `00` for `+`: country code 1-3 digits, a separator (a bare `00...` run may be an id), then 6-12 digits.
    phone(PHONE_START, String.raw`00 ?[1-9]\d{0,2}[ .-]\(?\d(?:[ .()-]{0,2}\d){5,11}`),
];

/**
 * A run of digit groups split by single blanks or dashes, taken whole: no look-ahead, so the
 * engine never backtracks to a shorter run that would pass; what follows is judged in code.
 * Not glued to a word, a dash or a decimal point before it.
 */
const DIGIT_RUN = /(?<![\w.-])\d+(?:[ -]\d+)*/g;
/** After a run: a word character glues it to the word (`4111...abc`, `1Z999...`). */
const GLUED_WORD_AFTER = /^\w/;
/** After a run: a decimal point and a digit make it an integer part, a version or an IPv4 address. */
const DECIMAL_AFTER = /^\.\d/;
/** Before / after a run: a comma between digits glues it to another number (thousands, decimal comma, list). */
const COMMA_BEFORE = /\d,$/;
const COMMA_AFTER = /^,\d/;
/** A bare card-length run: the only plain run that a comma-glued neighbour may still be (a list of cards). */
const BARE_CARD_LENGTH = /^\d{13,19}$/;
/** Card groupings: 4-4-4-4, 4-6-5 (Amex), 4-4-4-4-1..3 (19-digit cards), 4-4-4-1..4 (13-15-digit cards). */
const CARD_GROUPINGS = [/^\d{4}([ -])\d{4}\1\d{4}\1\d{4}$/, /^\d{4}([ -])\d{6}\1\d{5}$/, /^\d{4}([ -])\d{4}\1\d{4}\1\d{4}\1\d{1,3}$/, /^\d{4}([ -])\d{4}\1\d{4}\1\d{1,4}$/];
/** Shortest group inside a written-out card number (a lone `1` or `12` is a list, not a card). */
const MIN_CARD_GROUP = 3;

const NATIONAL_PHONES = [
    // North American, optionally after the country code 1: area code in parentheses, or
    // three groups split by one kind of separator. Not followed by `.5`/`-5` (a longer number).
    phone(PHONE_START, String.raw`(?:1[ .-]?)?\(\d{3}\)[ .-]?\d{3}[ .-]\d{4}`, PHONE_END + String.raw`(?![.-]\d)`),
    phone(PHONE_START, String.raw`(?:1[ .-])?[2-9]\d{2}([ .-])\d{3}\1\d{4}`, PHONE_END + String.raw`(?![.-]\d)`),
    // Trunk prefix 0 (UK, much of Europe): at least one separator; not followed by a time's `:30`.
    phone(PHONE_START, String.raw`0\d{1,4}(?:[ -]\d{3,4}[ -]?\d{3,4}|\d{0,3}[ -]\d{5,7})`, PHONE_END + String.raw`(?![.:-]\d)`),
    // Pairs: 06 12 34 56 78, 01.23.45.67.89
    phone(PHONE_START, String.raw`0\d([ .-])\d{2}\1\d{2}\1\d{2}\1\d{2}`, PHONE_END + String.raw`(?![.:-]\d)`),
];

/** Whether a digit string passes the Luhn check that card numbers carry. */
export function luhnValid(digits: string): boolean {
    let sum = 0;
    for (let i = 0; i < digits.length; i++) {
        let d = digits.charCodeAt(digits.length - 1 - i) - 48;
        if (i % 2 === 1) {
            d *= 2;
            if (d > 9) {
                d -= 9;
            }
        }
        sum += d;
    }
    return digits.length > 0 && sum % 10 === 0;
}

/** Whether a span of digits (with its separators) reads as a card number (see the rules above). */
function isCard(span: string): boolean {
    return luhnValid(span.replace(/[ -]/g, "")) || CARD_GROUPINGS.some((g) => g.test(span));
}

/**
 * The card numbers in a run of digit groups, as [start, end) offsets: from left to right,
 * the longest span of whole groups with 13 to 19 digits that reads as a card, so a card
 * followed by an expiry or a second card is still found.
 */
function cardSpans(candidate: string): [number, number][] {
    const groups = [...candidate.matchAll(/\d+/g)].map((m) => ({ start: m.index!, end: m.index! + m[0].length, length: m[0].length }));
    const spans: [number, number][] = [];
    let i = 0;
    while (i < groups.length) {
        let found = -1;
        let digits = 0;
        for (let j = i; j < groups.length; j++) {
            if (j > i) {
                // Groups of 3+ digits; a shorter one only ends a 4-4-4 run ("4222 2222 2222 2").
                const fours = groups.slice(i, j).every((g) => g.length === 4);
                if (groups[j - 1].length < MIN_CARD_GROUP || (groups[j].length < MIN_CARD_GROUP && !fours)) {
                    break;
                }
            }
            digits += groups[j].length;
            if (digits > 19) {
                break;
            }
            if (digits >= 13 && isCard(candidate.slice(groups[i].start, groups[j].end))) {
                found = j;
            }
        }
        if (found >= 0) {
            spans.push([groups[i].start, groups[found].end]);
            i = found + 1;
        } else {
            i++;
        }
    }
    return spans;
}

/** A string with every e-mail address, card number and phone number in it masked. */
export function redactText(text: string): string {
    let out = text.replace(EMAIL, MASKS.email);
    for (const pattern of INTERNATIONAL_PHONES) {
        out = out.replace(pattern, MASKS.phone);
    }
    out = out.replace(DIGIT_RUN, (run: string, offset: number, whole: string) => {
        const before = whole.slice(Math.max(0, offset - 2), offset);
        const after = whole.slice(offset + run.length, offset + run.length + 2);
        // Part of a word or a decimal: never a card (rule 3).
        if (GLUED_WORD_AFTER.test(after) || DECIMAL_AFTER.test(after)) {
            return run;
        }
        // Glued by a comma to another number: a card only as a whole (a list), never a thousands group.
        const commaGlued = COMMA_BEFORE.test(before) || COMMA_AFTER.test(after);
        if (commaGlued && !BARE_CARD_LENGTH.test(run) && !CARD_GROUPINGS.some((g) => g.test(run))) {
            return run;
        }
        let masked = run;
        // Right to left, so earlier offsets stay valid.
        for (const [start, end] of cardSpans(run).reverse()) {
            masked = masked.slice(0, start) + MASKS.card + masked.slice(end);
        }
        return masked;
    });
    for (const pattern of NATIONAL_PHONES) {
        out = out.replace(pattern, MASKS.phone);
    }
    return out;
}

/** A value with its strings redacted, however deeply nested (SUPER columns hold JSON). */
function redactValue(value: unknown): unknown {
    if (typeof value === "string") {
        return redactText(value);
    }
    if (Array.isArray(value)) {
        return value.map(redactValue);
    }
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v)]));
    }
    return value;
}

/**
 * Column names as matched against result columns: lower case, since Redshift folds
 * unquoted names to lower case and returns them so.
 */
export function columnSet(columns: readonly string[]): ReadonlySet<string> {
    return new Set(columns.map((c) => c.toLowerCase()));
}

/**
 * A row fit to leave the producer: every PII column's value (null included, so not even
 * its absence shows) is `[REDACTED]`, and every other string is scanned by {@link redactText},
 * but for numbers read as text (BIGINTs), which are numbers, not free text: a 19-digit id is
 * not a card, as it would not be as a number.
 * @param pii lower-case PII column names, from {@link columnSet}
 * @param numbers lower-case names of columns holding numbers as text, from {@link columnSet}
 */
export function redactRow(row: Readonly<Record<string, unknown>>, pii: ReadonlySet<string>, numbers: ReadonlySet<string> = new Set()): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [column, value] of Object.entries(row)) {
        const name = column.toLowerCase();
        out[column] = pii.has(name) ? REDACTED : numbers.has(name) ? value : redactValue(value);
    }
    return out;
}
