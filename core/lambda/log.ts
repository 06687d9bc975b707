/**
 * Structured logging for the project's Lambda functions: one JSON object per line, so CloudWatch
 * Logs Insights and metric filters can select on `level` and `event`. Callers pass chosen
 * fields only; a request body is never logged.
 */

/** How serious a log line is; `error` lines are the ones to alarm on. */
export type LogLevel = "info" | "warn" | "error";

/** Writes one log line: what happened (`event`) and the fields that identify it. */
export type Logger = (level: LogLevel, event: string, fields?: Record<string, unknown>) => void;

/** The Lambda default: JSON lines on stdout/stderr, which the runtime ships to CloudWatch Logs. */
export const consoleLogger: Logger = (level, event, fields = {}) => {
    const line = JSON.stringify({ level, event, ...fields });
    if (level === "error") {
        console.error(line);
    } else {
        console.log(line);
    }
};

/** A short, single-line description of an error, safe to store and log: its name and message, at most `max` characters. */
export function describeError(err: unknown, max = 500): string {
    const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    const line = text.replace(/\s+/g, " ").trim();
    return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
