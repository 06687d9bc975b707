/**
 * Waiting for AWS to finish something it does asynchronously (a RAM invitation, a received
 * data grant, a QuickSight analysis, a Redshift statement): ask, pause, ask again, up to a
 * bound. Each caller keeps its own settings, exported so its tests can wait without sleeping.
 */

/** How often, and how many times, to ask. */
export interface PollSettings {
    /** Pause between two checks, in milliseconds. */
    intervalMs: number;
    /** Checks before giving up. */
    attempts: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Calls `check` until it returns something other than undefined, at most `settings.attempts`
 * times, pausing `settings.intervalMs` between two calls. `check` throws to stop early.
 * @returns what `check` returned, or undefined when the attempts ran out
 */
export async function pollUntil<T>(settings: PollSettings, check: () => Promise<T | undefined>): Promise<T | undefined> {
    for (let attempt = 1; attempt <= settings.attempts; attempt++) {
        if (attempt > 1 && settings.intervalMs > 0) {
            await sleep(settings.intervalMs);
        }
        const value = await check();
        if (value !== undefined) {
            return value;
        }
    }
    return undefined;
}

/** Roughly how long the checks took when they all ran out, for messages: `~120s`. */
export function waited(settings: PollSettings): string {
    return `~${Math.round((settings.attempts * settings.intervalMs) / 1000)}s`;
}
