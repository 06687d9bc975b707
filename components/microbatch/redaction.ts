/**
 * PII redaction for the microbatch export (pattern 5): columns the data product declares
 * as PII are blanked whole, and every other string is scanned for e-mail addresses, card
 * numbers and phone numbers. Pure functions, no I/O.
 *
 * Rules, in the order they run (each sees the previous ones' output):
 * 1. E-mail: `local@domain.tld` -> `[EMAIL]` (first, so a `+tag` or digits in an address are not read as a phone).
 * 2. International phone: `+` and 7 to 15 digits, optionally split by blanks, dots,
 *    dashes or parentheses (`+44 20 7946 0958`, `+1 (415) 555-2671`, `+4930123456`) -> `[PHONE]`.
 * 3. Card: 13 to 19 digits, optionally split by single blanks or dashes into groups of at
 *    least 3 (or 4-4-4 and a short last group), that pass the Luhn check -> `[CARD]`; also
 *    found inside longer runs (a card then its expiry, two cards in a row). A run written
 *    in a card's grouping (4-4-4-4, 4-6-5, 4-4-4-4-1..3, 4-4-4-1..4) is redacted even when
 *    the check fails: a mistyped card is still a card.
 *    A plain digit run that fails the check is an ordinary id (order ids, references) and
 *    survives; a Luhn-valid 13-19 digit id (about one in ten) is redacted, the price of no
 *    false negatives. Digits glued to a word (`ORD-2024...`, `id_...`) or a decimal part
 *    are never a candidate.
 * 4. National phone, always with a separator, since a bare digit run cannot be told from
 *    an id: North American `(415) 555-2671`, `415-555-2671`, `415.555.2671`; trunk-0
 *    numbers `020 7946 0958`, `07700 900123`, `0161-496-0000`; French-style pairs
 *    `06 12 34 56 78` -> `[PHONE]`.
 * Numbers stored in numeric columns are not scanned: a column that holds phone or card
 * numbers as numbers must be declared PII.
 */

/** What replaces a PII column's value. */
export const REDACTED = "[REDACTED]";
/** What replaces an e-mail address, a card number or a phone number found in a string. */
export const MASKS = { email: "[EMAIL]", card: "[CARD]", phone: "[PHONE]" } as const;

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}/g;
/** `+`, then 7-15 digits with up to two separators between digits; not inside a word or number. */
const INTERNATIONAL_PHONE = /(?<![\w+])\+\(?\d(?:[ .()-]{0,2}\d){6,14}(?![\w])/g;
/** Digit groups split by single blanks or dashes; not glued to a word, a dash, or a decimal part. Cards are searched inside. */
const CARD_CANDIDATE = /(?<![\w.,-])\d+(?:[ -]\d+)*(?![\w])(?![.,]\d)/g;
/** Card groupings: 4-4-4-4, 4-6-5 (Amex), 4-4-4-4-1..3 (19-digit cards), 4-4-4-1..4 (13-15-digit cards). */
const CARD_GROUPINGS = [/^\d{4}([ -])\d{4}\1\d{4}\1\d{4}$/, /^\d{4}([ -])\d{6}\1\d{5}$/, /^\d{4}([ -])\d{4}\1\d{4}\1\d{4}\1\d{1,3}$/, /^\d{4}([ -])\d{4}\1\d{4}\1\d{1,4}$/];
/** Shortest group inside a written-out card number (a lone `1` or `12` is a list, not a card). */
const MIN_CARD_GROUP = 3;
const NATIONAL_PHONES = [
    // North American: area code in parentheses, or three groups split by one kind of separator.
    /(?<![\w.+-])\(\d{3}\)[ .-]?\d{3}[ .-]\d{4}(?![\w])(?![.-]\d)/g,
    /(?<![\w.+-])[2-9]\d{2}([ .-])\d{3}\1\d{4}(?![\w])(?![.-]\d)/g,
    // Trunk prefix 0 (UK, much of Europe): at least one separator.
    /(?<![\w.+:-])0\d{1,4}(?:[ -]\d{3,4}[ -]?\d{3,4}|\d{0,3}[ -]\d{5,7})(?![\w])(?![.:-]\d)/g,
    // Pairs: 06 12 34 56 78, 01.23.45.67.89
    /(?<![\w.+:-])0\d([ .-])\d{2}\1\d{2}\1\d{2}\1\d{2}(?![\w])(?![.:-]\d)/g,
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
    out = out.replace(INTERNATIONAL_PHONE, MASKS.phone);
    out = out.replace(CARD_CANDIDATE, (candidate) => {
        let masked = candidate;
        // Right to left, so earlier offsets stay valid.
        for (const [start, end] of cardSpans(candidate).reverse()) {
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
 * The set of PII column names as matched against result columns: lower case, since
 * Redshift folds unquoted names to lower case and returns them so.
 */
export function piiColumnSet(columns: readonly string[]): ReadonlySet<string> {
    return new Set(columns.map((c) => c.toLowerCase()));
}

/**
 * A row fit to leave the producer: every PII column's value (null included, so not even
 * its absence shows) is `[REDACTED]`, and every other string is scanned by {@link redactText}.
 * @param pii lower-case PII column names, from {@link piiColumnSet}
 */
export function redactRow(row: Readonly<Record<string, unknown>>, pii: ReadonlySet<string>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [column, value] of Object.entries(row)) {
        out[column] = pii.has(column.toLowerCase()) ? REDACTED : redactValue(value);
    }
    return out;
}
