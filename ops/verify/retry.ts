import { messageOf } from "../../core/message-of";

/**
 * Retries a call that AWS throttled, with exponential backoff and full jitter, so a verify
 * over hundreds of tables or grants slows down instead of failing. The SDK's own retries
 * are switched off for verify's clients (clients.ts): one strategy, tested here, rather
 * than two stacked ones whose attempts multiply.
 */

export interface RetrySettings {
    /** Attempts in all, the first included. @default 8 */
    readonly attempts: number;
    /** Backoff base: the n-th retry waits up to base * 2^(n-1), capped. @default 200 */
    readonly baseMs: number;
    /** Longest single wait. @default 20000 */
    readonly maxMs: number;
    /** How to wait; tests pass one that records and returns at once. @default setTimeout */
    readonly sleep?: (ms: number) => Promise<void>;
    /** Jitter source in [0, 1). @default Math.random */
    readonly random?: () => number;
}

export const DEFAULT_RETRY: RetrySettings = { attempts: 8, baseMs: 200, maxMs: 20_000 };

/** Error names and codes AWS services use for "slow down" (and the SDK's own throttling flag). */
const THROTTLING = new Set([
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "TooManyRequestsException",
    "RequestLimitExceeded",
    "RequestThrottled",
    "RequestThrottledException",
    "SlowDown",
    "ProvisionedThroughputExceededException",
    "LimitExceededException",
    "BandwidthLimitExceeded",
    "EC2ThrottledException",
]);

export function isThrottling(err: unknown): boolean {
    const e = err as { name?: string; Code?: string; code?: string; $retryable?: { throttling?: boolean }; $metadata?: { httpStatusCode?: number } } | null;
    if (!e || typeof e !== "object") return false;
    return e.$retryable?.throttling === true || THROTTLING.has(e.name ?? "") || THROTTLING.has(e.Code ?? e.code ?? "") || e.$metadata?.httpStatusCode === 429;
}

/**
 * Runs `call`; on throttling waits and tries again, up to `attempts` in all. Any other
 * error, or throttling on the last attempt, is thrown with what was called and how often.
 */
export async function withRetry<T>(what: string, call: () => Promise<T>, settings: RetrySettings = DEFAULT_RETRY): Promise<T> {
    const sleep = settings.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    const random = settings.random ?? Math.random;
    for (let attempt = 1; ; attempt++) {
        try {
            return await call();
        } catch (err) {
            if (!isThrottling(err)) throw err;
            if (attempt >= settings.attempts) {
                throw new Error(`${what}: still throttled after ${attempt} attempts (${messageOf(err)})`, { cause: err });
            }
            const ceiling = Math.min(settings.maxMs, settings.baseMs * 2 ** (attempt - 1));
            await sleep(Math.floor(random() * ceiling));
        }
    }
}
