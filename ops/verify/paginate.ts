/**
 * Every item of a paginated AWS list call: pages are fetched one after another until the
 * service returns no next token. A token seen twice stops the walk with an error rather
 * than looping forever on a service that repeats itself.
 */
export async function allPages<T>(
    what: string,
    fetchPage: (token: string | undefined) => Promise<{ items: readonly T[] | undefined; next?: string }>,
    maxPages = 10_000,
): Promise<T[]> {
    const items: T[] = [];
    const seen = new Set<string>();
    let token: string | undefined;
    for (let page = 0; page < maxPages; page++) {
        const result = await fetchPage(token);
        items.push(...(result.items ?? []));
        if (!result.next) return items;
        if (seen.has(result.next)) throw new Error(`${what}: the service returned page token ${result.next} twice`);
        seen.add(result.next);
        token = result.next;
    }
    throw new Error(`${what}: more than ${maxPages} pages`);
}
