import { findPhoneNumbersInText } from "libphonenumber-js/max";
import type { CountryCode } from "libphonenumber-js/max";
import { Detector, PiiSpan } from "./pii-detectors";

/**
 * libphonenumber-js's phone finder, as a detector: the candidate the hand-written phone
 * rules were measured against (docs/redaction.md). It lost on the corpus (one number
 * missed, and ids, dates and addresses read as national numbers), so the export does not
 * use it and its bundle does not carry it; the measurement does.
 */

/** Countries whose national phone formats the finder reads without a `+`. */
export const PHONE_COUNTRIES: readonly CountryCode[] = ["US", "GB", "FR", "DE"];

/** International numbers, and national ones as each of `countries` writes them; only numbers valid in their country (full metadata). */
export function libphonenumberDetector(countries: readonly CountryCode[] = PHONE_COUNTRIES): Detector {
    return (text) => {
        const spans: PiiSpan[] = [];
        for (const defaultCountry of [undefined, ...countries]) {
            for (const found of findPhoneNumbersInText(text, defaultCountry ? { defaultCountry } : undefined)) {
                spans.push({ start: found.startsAt, end: found.endsAt, kind: "phone" });
            }
        }
        return spans;
    };
}
