/**
 * Text as the PII detectors read it, mapped back to the original so that only what is
 * found is masked and the rest of a value is returned exactly as it was.
 *
 * Each character is normalised on its own: NFKC (full-width `４１１１` and `＠` become
 * ASCII, ligatures split), every kind of whitespace becomes one plain space (non-breaking,
 * narrow, ideographic, tabs, line breaks), every dash a hyphen-minus, every other script's
 * decimal digit an ASCII digit, and invisible characters (zero-width spaces and joiners,
 * soft hyphens, word joiners) are dropped, so `4111\u200B1111…` reads as one run.
 */

/** Characters that render as nothing and split no word: dropped before detection. */
const INVISIBLE = /[\u00AD\u180E\u200B-\u200D\u2060-\u2064\uFEFF]/u;
const WHITESPACE = /\s/u;
const DASH = /\p{Pd}|\u2212/u;
const DIGIT = /\p{Nd}/u;

/** A normalised text and where each of its characters came from. */
export interface NormalisedText {
    /** What the detectors read. */
    readonly text: string;
    /** For each UTF-16 unit of `text`, the offset in the original where its character starts. */
    readonly from: readonly number[];
    /** For each UTF-16 unit of `text`, the offset in the original where its character ends. */
    readonly to: readonly number[];
}

/** The ASCII digit of a decimal digit of any script: its distance from the start of its run of ten. */
function asciiDigit(ch: string): string {
    let cp = ch.codePointAt(0)!;
    let steps = 0;
    while (DIGIT.test(String.fromCodePoint(cp - 1)) && steps < 1000) {
        cp--;
        steps++;
    }
    return String(steps % 10);
}

/** One character as the detectors read it. */
function normaliseChar(ch: string): string {
    if (INVISIBLE.test(ch)) {
        return "";
    }
    if (WHITESPACE.test(ch)) {
        return " ";
    }
    const nfkc = ch.normalize("NFKC");
    let out = "";
    for (const c of nfkc) {
        if (WHITESPACE.test(c)) {
            out += " ";
        } else if (DASH.test(c)) {
            out += "-";
        } else if (c > "\u007f" && DIGIT.test(c)) {
            out += asciiDigit(c);
        } else {
            out += c;
        }
    }
    return out;
}

/** The text as the detectors read it, with the offsets to map what they find back. */
export function normaliseForDetection(original: string): NormalisedText {
    // Plain ASCII without control characters is already what the detectors read.
    if (/^[\x20-\x7e]*$/.test(original)) {
        const offsets = Array.from({ length: original.length }, (_, i) => i);
        return { text: original, from: offsets, to: offsets.map((i) => i + 1) };
    }
    let text = "";
    const from: number[] = [];
    const to: number[] = [];
    let offset = 0;
    for (const ch of original) {
        const out = normaliseChar(ch);
        for (let i = 0; i < out.length; i++) {
            from.push(offset);
            to.push(offset + ch.length);
        }
        text += out;
        offset += ch.length;
    }
    return { text, from, to };
}

/** A span of the normalised text, [start, end), as a span of the original. */
export function originalSpan(n: NormalisedText, start: number, end: number): [number, number] {
    return [n.from[start], n.to[end - 1]];
}
