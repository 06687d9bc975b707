/** An error's message, or the thrown value as text when it is not an Error: for messages that wrap a cause. */
export function messageOf(err: unknown): string {
    return err instanceof Error ? err.message : String(err);
}
