/**
 * ISO dates and timestamps as the configuration and the plan's `--as-of` take them: a date
 * ("2027-06-30") or a timestamp with a zone ("2027-06-30T17:00:00Z", "...+02:00"). What
 * `Date.parse` accepts is wider ("1", "June 30"), and its failures do not say what is wrong.
 */

const SHAPE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|([+-])(\d{2}):(\d{2})))?$/;

/** What is wrong with `s` as an ISO date or timestamp, in words; undefined if nothing is. */
export function isoInstantProblem(s: string): string | undefined {
    const m = SHAPE.exec(s);
    if (!m) return `${JSON.stringify(s)} is not an ISO date: write "YYYY-MM-DD" or a timestamp with a zone, e.g. "2027-06-30T17:00:00Z"`;
    const [, y, mo, d, h, mi, sec, , , oh, om] = m;
    const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
    if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d)) {
        return `${JSON.stringify(s)} is not a real calendar date: check the month and day`;
    }
    if (h !== undefined && (Number(h) > 23 || Number(mi) > 59 || Number(sec ?? 0) > 59)) {
        return `${JSON.stringify(s)} is not a real time of day: hours run 00-23, minutes and seconds 00-59`;
    }
    if (oh !== undefined && (Number(om) > 59 || Number(oh) * 60 + Number(om) > 14 * 60)) {
        return `${JSON.stringify(s)} has no real time zone offset: offsets run from -14:00 to +14:00, e.g. "+02:00", or write Z for UTC`;
    }
    return undefined;
}

/** The instant of a valid ISO date (its start, UTC) or timestamp. */
export function isoInstant(s: string): Date {
    return new Date(s.length === 10 ? `${s}T00:00:00Z` : s);
}
