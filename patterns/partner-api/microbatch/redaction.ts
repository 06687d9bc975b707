import {
    Detector,
    PiiKind,
    PiiSpan,
    detectCards,
    detectEmails,
    detectSsns,
    ibanChecksumValid,
    ibanDetector,
    ibanValid,
    phoneRegexDetectors,
} from "./pii-detectors";
import { normaliseForDetection, originalSpan } from "./text-normalisation";

export { luhnValid } from "./pii-detectors";

/**
 * PII redaction for the microbatch export (pattern 5): columns the data product declares
 * as PII are blanked whole, and every other string is scanned for e-mail addresses, IBANs,
 * US social security numbers, card numbers and phone numbers. Pure functions, no I/O.
 *
 * The text is normalised first (see text-normalisation.ts: NFKC, every kind of whitespace,
 * dashes and digits of other scripts), the detectors run over the normalised copy, and
 * what they find is masked in the original, so the rest of a value is returned unchanged.
 * The rules are in pii-detectors.ts; which implementation serves phones and IBANs was
 * chosen by measuring both on the same corpus (docs/redaction.md).
 * Numbers stored in numeric columns are not scanned: a column that holds phone or card
 * numbers as numbers must be declared PII.
 */

/** What replaces a PII column's value. */
export const REDACTED = "[REDACTED]";
/** What replaces each kind of PII found in a string. */
export const MASKS: Record<PiiKind, string> = { email: "[EMAIL]", iban: "[IBAN]", ssn: "[SSN]", card: "[CARD]", phone: "[PHONE]" };

/** Which implementation detects phone numbers and IBANs. */
export interface RedactionChoice {
    /** The hand-written rules, or libphonenumber-js's finder. */
    readonly phones: "hand-written" | "libphonenumber-js";
    /** The ISO 13616 checksum written here, or ibantools (checksum, country length and format). */
    readonly ibans: "hand-written" | "ibantools";
}

/** The choice the export runs with: the better of each pair on the corpus (docs/redaction.md, checked by a test). */
export const REDACTION_CHOICE: RedactionChoice = { phones: "hand-written", ibans: "ibantools" };

/**
 * The detectors of a choice, in the order they run: each sees what the earlier ones found
 * blanked out.
 * @param phoneLibrary libphonenumber-js's detector (phone-library.ts), for that choice only:
 *   the export does not use it, so its bundle does not carry the library
 */
export function detectorsOf(choice: RedactionChoice, phoneLibrary?: Detector): readonly Detector[] {
    const ibans = ibanDetector(choice.ibans === "ibantools" ? ibanValid : ibanChecksumValid);
    if (choice.phones === "libphonenumber-js") {
        if (!phoneLibrary) {
            throw new Error(
                "the libphonenumber-js choice needs its detector: pass libphonenumberDetector() from patterns/partner-api/microbatch/phone-library.ts",
            );
        }
        return [detectEmails, ibans, detectSsns, phoneLibrary, detectCards];
    }
    // International numbers before cards (a `+` and 13 digits may pass Luhn), national ones after (a card's groups look like them).
    return [detectEmails, ibans, detectSsns, phoneRegexDetectors.international, detectCards, phoneRegexDetectors.national];
}

const DEFAULT_DETECTORS = detectorsOf(REDACTION_CHOICE);

/** Stands in for what a detector found, so later ones cannot read it: no word, digit or separator. */
const BLANK = "\uE000";

/** Overlapping or touching spans joined (a later pattern of one detector may extend an earlier match). */
function union(spans: readonly PiiSpan[]): PiiSpan[] {
    const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
    const out: PiiSpan[] = [];
    for (const s of sorted) {
        const last = out[out.length - 1];
        if (last && s.start < last.end) {
            out[out.length - 1] = { ...last, end: Math.max(last.end, s.end) };
        } else {
            out.push(s);
        }
    }
    return out;
}

/** The PII in a text, as spans of the original text, in order. */
export function findPii(text: string, detectors: readonly Detector[] = DEFAULT_DETECTORS): PiiSpan[] {
    const normalised = normaliseForDetection(text);
    let working = normalised.text;
    const found: PiiSpan[] = [];
    for (const detect of detectors) {
        for (const span of union(detect(working))) {
            working = working.slice(0, span.start) + BLANK.repeat(span.end - span.start) + working.slice(span.end);
            found.push(span);
        }
    }
    return union(
        found.map((s) => {
            const [start, end] = originalSpan(normalised, s.start, s.end);
            return { start, end, kind: s.kind };
        }),
    );
}

/** A string with every piece of PII found in it masked by its kind's mask. */
export function redactText(text: string, detectors: readonly Detector[] = DEFAULT_DETECTORS): string {
    let out = text;
    // Right to left, so earlier offsets stay valid.
    for (const span of findPii(text, detectors).reverse()) {
        out = out.slice(0, span.start) + MASKS[span.kind] + out.slice(span.end);
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
