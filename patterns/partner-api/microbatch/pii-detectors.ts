import { electronicFormatIBAN, isValidIBAN } from "ibantools";

/**
 * The PII detectors of the redaction, each a pure function from (normalised) text to the
 * spans it finds. They run in order over one working copy in which what an earlier one
 * found is blanked out, so a later one never reads the digits of an e-mail address or
 * an IBAN as a phone. Rules, by detector:
 *
 * - E-mail: `local@domain.tld` in any script (`josé@example.com`, `user@exämple.de`).
 * - IBAN: two letters, two check digits, 11 to 30 letters or digits, written whole or in
 *   groups of four, that pass the ISO 13616 checksum (ibantools, which also checks each
 *   country's length and format).
 * - US social security number: `123-45-6789` or `123 45 6789` (not 000/666/9xx areas, 00
 *   groups or 0000 serials, which the SSA never issues), or nine bare digits after a label
 *   (`SSN 123456789`).
 * - Card: 13 to 19 digits, optionally split by single blanks or dashes into groups of at
 *   least 3 (or 4-4-4 and a short last group), that pass the Luhn check, also inside
 *   longer runs (a card then its expiry, two cards in a row); a run written in a card's
 *   grouping (4-4-4-4, 4-6-5, 4-4-4-4-1..3, 4-4-4-1..4) even when the check fails (a
 *   mistyped card is still a card); the same groupings split by dots or slashes. A plain
 *   run that fails the check is an ordinary id and survives; a Luhn-valid 13-19 digit id
 *   (about one in ten) is masked, the price of no false negatives. Digits glued to a word
 *   or a decimal point are never a candidate; a run glued to another number by a comma is
 *   one only as a whole bare card-length run or a whole grouping (lists, CSV), never as a
 *   thousands group (`12,345,678.90`).
 * - Phone: see {@link phoneRegexDetectors} (international, national with separators, or bare after a label).
 */

/** What a detector finds. */
export type PiiKind = "email" | "iban" | "ssn" | "card" | "phone";

/** A span [start, end) of the text holding one piece of PII. */
export interface PiiSpan {
    readonly start: number;
    readonly end: number;
    readonly kind: PiiKind;
}

/** Finds PII in a text. */
export type Detector = (text: string) => PiiSpan[];

function matches(pattern: RegExp, text: string, kind: PiiKind, group = 0): PiiSpan[] {
    return [...text.matchAll(pattern)].map((m) => {
        const start = m.index! + (group === 0 ? 0 : m[0].indexOf(m[group]));
        return { start, end: start + m[group].length, kind };
    });
}

/* ---------------- e-mail ---------------- */

const LABEL_CHAR = String.raw`[\p{L}\p{M}\p{N}]`;
const DOMAIN_LABEL = String.raw`${LABEL_CHAR}(?:[\p{L}\p{M}\p{N}-]*${LABEL_CHAR})?`;
const EMAIL = new RegExp(String.raw`[\p{L}\p{M}\p{N}._%+-]+@${DOMAIN_LABEL}(?:\.${DOMAIN_LABEL})*\.(?:[\p{L}\p{M}]{2,}|xn--[a-z0-9-]+)`, "gu");

/** E-mail addresses, in any script. */
export const detectEmails: Detector = (text) => matches(EMAIL, text, "email");

/* ---------------- IBAN ---------------- */

/** An IBAN candidate: whole (`DE89370400440532013000`) or in groups of four (`DE89 3704 0044 0532 0130 00`). */
const IBAN_CANDIDATE = /(?<![\p{L}\p{N}])[A-Z]{2}\d{2}(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,4})?)(?![\p{L}\p{N}])/giu;

/** ISO 13616's checksum: the rearranged number, letters as 10..35, modulo 97 is 1. */
export function ibanChecksumValid(iban: string): boolean {
    const compact = iban.replace(/ /g, "").toUpperCase();
    if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(compact)) {
        return false;
    }
    let remainder = 0;
    for (const ch of compact.slice(4) + compact.slice(0, 4)) {
        const value = ch >= "A" ? String(ch.charCodeAt(0) - 55) : ch;
        for (const digit of value) {
            remainder = (remainder * 10 + Number(digit)) % 97;
        }
    }
    return remainder === 1;
}

/** ibantools' validation: the checksum, and the country's length and BBAN format. */
export function ibanValid(candidate: string): boolean {
    const electronic = electronicFormatIBAN(candidate.toUpperCase());
    return electronic !== null && isValidIBAN(electronic);
}

/** IBANs that pass `valid`; a grouped candidate that does not is retried without its last group (a word written after it). */
export function ibanDetector(valid: (candidate: string) => boolean): Detector {
    return (text) =>
        [...text.matchAll(IBAN_CANDIDATE)].flatMap((m) => {
            let candidate = m[0];
            while (!valid(candidate) && candidate.includes(" ")) {
                candidate = candidate.slice(0, candidate.lastIndexOf(" "));
            }
            return valid(candidate) ? [{ start: m.index!, end: m.index! + candidate.length, kind: "iban" as const }] : [];
        });
}

/* ---------------- US social security numbers ---------------- */

const SSN = /(?<![\w-])(?!000|666|9\d\d)\d{3}([- ])(?!00)\d{2}\1(?!0000)\d{4}(?![\w-]|[.,]\d)/g;
const SSN_LABELLED = /(?<!\p{L})(?:ssn|social security(?: number| no\.?| #)?)\s*[:#]?\s*((?!000|666|9\d\d)\d{3}(?!00)\d{2}(?!0000)\d{4})(?![\w-]|[.,]\d)/giu;

/** US social security numbers, written in their 3-2-4 form or labelled. */
export const detectSsns: Detector = (text) => [...matches(SSN, text, "ssn"), ...matches(SSN_LABELLED, text, "ssn", 1)];

/* ---------------- cards ---------------- */

/** A run of digit groups split by single blanks or dashes, taken whole (what follows is judged in code). */
const DIGIT_RUN = /(?<![\w.-])\d+(?:[ -]\d+)*/g;
const GLUED_WORD_AFTER = /^\w/;
const DECIMAL_AFTER = /^\.\d/;
const COMMA_BEFORE = /\d,$/;
const COMMA_AFTER = /^,\d/;
const BARE_CARD_LENGTH = /^\d{13,19}$/;
/** Card groupings: 4-4-4-4, 4-6-5 (Amex), 4-4-4-4-1..3 (19-digit cards), 4-4-4-1..4 (13-15-digit cards). */
const CARD_GROUPINGS = [
    /^\d{4}([ -])\d{4}\1\d{4}\1\d{4}$/,
    /^\d{4}([ -])\d{6}\1\d{5}$/,
    /^\d{4}([ -])\d{4}\1\d{4}\1\d{4}\1\d{1,3}$/,
    /^\d{4}([ -])\d{4}\1\d{4}\1\d{1,4}$/,
];
/** The same groupings split by dots or slashes, which dates, versions and addresses never take. */
const DOTTED_CARD = /(?<![\w./-])(?:\d{4}([./])\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?|\d{4}([./])\d{6}\2\d{5}|\d{4}([./])\d{4}\3\d{4}\3\d{1,3})(?![\w]|[./-]\d)/g;
const MIN_CARD_GROUP = 3;

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

function isCard(span: string): boolean {
    return luhnValid(span.replace(/[ -]/g, "")) || CARD_GROUPINGS.some((g) => g.test(span));
}

/** The cards in a run of digit groups: from left to right, the longest span of whole groups with 13 to 19 digits that reads as a card. */
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

/** Card numbers (see the rules above). */
export const detectCards: Detector = (text) => {
    const found = matches(DOTTED_CARD, text, "card");
    for (const m of text.matchAll(DIGIT_RUN)) {
        const run = m[0];
        const offset = m.index!;
        const before = text.slice(Math.max(0, offset - 2), offset);
        const after = text.slice(offset + run.length, offset + run.length + 2);
        if (GLUED_WORD_AFTER.test(after) || DECIMAL_AFTER.test(after)) {
            continue;
        }
        const commaGlued = COMMA_BEFORE.test(before) || COMMA_AFTER.test(after);
        if (commaGlued && !BARE_CARD_LENGTH.test(run) && !CARD_GROUPINGS.some((g) => g.test(run))) {
            continue;
        }
        for (const [start, end] of cardSpans(run)) {
            found.push({ start: offset + start, end: offset + end, kind: "card" });
        }
    }
    return found;
};

/* ---------------- phones ---------------- */

/** Phone start: not inside a word or number (`.`, `+`, `-`), nor after a time's `10:`; a label's `tel:` is fine. */
const PHONE_START = String.raw`(?<![\w.+-])(?<!\d:)`;
/** Optional extension (`x12`, ` ext 12`, ` ext. 12`), masked with the number. */
const EXTENSION = String.raw`(?:\s?(?:x|ext\.?|extension)\s?\d{1,6})?`;
const PHONE_END = String.raw`(?!\w)`;
function phone(start: string, digits: string, end: string = PHONE_END): RegExp {
    return new RegExp(start + digits + EXTENSION + end, "gi");
}

const INTERNATIONAL_PHONES = [
    // `+`, then 7-15 digits with up to two separators between digits; not inside a word or number.
    phone(String.raw`(?<![\w+])`, String.raw`\+\(?\d(?:[ .()-]{0,2}\d){6,14}`),
    // `00` for `+`: country code, a separator (a bare `00...` run may be an id), then 6-12 digits.
    phone(PHONE_START, String.raw`00 ?[1-9]\d{0,2}[ .-]\(?\d(?:[ .()-]{0,2}\d){5,11}`),
];
const NATIONAL_PHONES = [
    // North American, optionally after the country code 1. Not followed by `.5`/`-5` (a longer number).
    phone(PHONE_START, String.raw`(?:1[ .-]?)?\(\d{3}\)[ .-]?\d{3}[ .-]\d{4}`, PHONE_END + String.raw`(?![.-]\d)`),
    phone(PHONE_START, String.raw`(?:1[ .-])?[2-9]\d{2}([ .-])\d{3}\1\d{4}`, PHONE_END + String.raw`(?![.-]\d)`),
    // Trunk prefix 0 (UK, much of Europe): at least one separator; not followed by a time's `:30`.
    phone(PHONE_START, String.raw`0\d{1,4}(?:[ -]\d{3,4}[ -]?\d{3,4}|\d{0,3}[ -]\d{5,7})`, PHONE_END + String.raw`(?![.:-]\d)`),
    // Pairs: 06 12 34 56 78, 01.23.45.67.89
    phone(PHONE_START, String.raw`0\d([ .-])\d{2}\1\d{2}\1\d{2}\1\d{2}`, PHONE_END + String.raw`(?![.:-]\d)`),
];
/** Words that announce a phone number, after which a bare run of 7 to 15 digits is one. */
const PHONE_LABEL = String.raw`(?<!\p{L})(?:tel|telephone|phone|ph|mobile|mob|cell|cellphone|fax|call|whatsapp|sms|handy|portable|telefon|téléphone|teléfono)\.?\s*[:#]?\s*`;
const LABELLED_PHONE = new RegExp(`${PHONE_LABEL}(\\+?\\d{7,15})(?![\\w.,-]\\d|\\w)`, "giu");

/** The hand-written phone rules, international first (their `+` and digits are no card), national last. */
export const phoneRegexDetectors = {
    international: ((text) => INTERNATIONAL_PHONES.flatMap((p) => matches(p, text, "phone"))) as Detector,
    national: ((text) => [...NATIONAL_PHONES.flatMap((p) => matches(p, text, "phone")), ...matches(LABELLED_PHONE, text, "phone", 1)]) as Detector,
};
