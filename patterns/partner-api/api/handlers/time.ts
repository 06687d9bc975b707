/**
 * Timestamps as the partner API accepts them: ISO 8601 with a zone, so "since 10:00" never
 * depends on the Lambda's clock zone, and real calendar dates only (no 31 February).
 */

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function realDate(year: string, month: string, day: string): boolean {
    const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
    return date.getUTCFullYear() === Number(year) && date.getUTCMonth() === Number(month) - 1 && date.getUTCDate() === Number(day);
}

/**
 * The instant of an ISO 8601 timestamp with a zone (`2024-05-01T10:00:00Z`,
 * `2024-05-01T12:00:00.250+02:00`), or undefined when the text is anything else.
 */
export function parseTimestamp(value: unknown): Date | undefined {
    if (typeof value !== "string") {
        return undefined;
    }
    const m = TIMESTAMP.exec(value);
    if (!m || !realDate(m[1], m[2], m[3]) || Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59) {
        return undefined;
    }
    const time = Date.parse(value);
    return Number.isNaN(time) ? undefined : new Date(time);
}

/**
 * When access ends, as the topology writes it: a timestamp with a zone, or a date
 * (`2027-06-30`), which means the end of that day, UTC (the same rule as the topology's
 * `accessEndsAt`).
 */
export function parseEndDate(value: unknown): Date | undefined {
    if (typeof value === "string") {
        const m = DATE.exec(value);
        if (m) {
            return realDate(m[1], m[2], m[3]) ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1)) : undefined;
        }
    }
    return parseTimestamp(value);
}
