/**
 * A snapshot's manifest as the producer's publish job writes it (patterns/publishing):
 * `<product>/_manifests/<date>/_manifest.json`, listing every object of the snapshot. This
 * module reads one, and refuses anything that could make a revision carry what the
 * product does not own. No AWS call here: the revision function's checks, testable alone.
 */

/** One object of a snapshot: its key in the bucket and its size in bytes. */
export interface ManifestObject {
    readonly key: string;
    readonly size: number;
}

export interface Manifest {
    readonly product: string;
    /** The snapshot's day, `YYYY-MM-DD`. */
    readonly snapshot: string;
    readonly objects: readonly ManifestObject[];
}

/** `<product>/_manifests/<snapshot>/_manifest.json`, as the publish job names it. */
const MANIFEST_KEY = /^([a-z][a-z0-9_]{0,62})\/_manifests\/(\d{4}-\d{2}-\d{2})\/_manifest\.json$/;

/** The product and snapshot a manifest key names, or undefined for any other key. */
export function parseManifestKey(key: string): { product: string; snapshot: string } | undefined {
    const m = MANIFEST_KEY.exec(key);
    return m ? { product: m[1], snapshot: m[2] } : undefined;
}

/** The key of a product's snapshot manifest. */
export function manifestKeyOf(product: string, snapshot: string): string {
    return `${product}/_manifests/${snapshot}/_manifest.json`;
}

/** The folder listing a product's manifests. */
export function manifestsPrefixOf(product: string): string {
    return `${product}/_manifests/`;
}

/**
 * Reads a manifest's text for the product and snapshot its key names. Refuses a manifest
 * of another product or day, an object outside `<product>/` (or among the manifests, or
 * with `..`), a repeated object and a malformed size.
 * @throws Error saying what is wrong, naming the manifest
 */
export function readManifest(key: string, text: string): Manifest {
    const named = parseManifestKey(key);
    if (!named) throw new Error(`${key} is not a snapshot manifest key (<product>/_manifests/<YYYY-MM-DD>/_manifest.json)`);
    let body: unknown;
    try {
        body = JSON.parse(text);
    } catch {
        throw new Error(`manifest ${key} is not JSON`);
    }
    const m = body as { product?: unknown; snapshot?: unknown; objects?: unknown };
    if (m.product !== named.product || m.snapshot !== named.snapshot) {
        throw new Error(
            `manifest ${key} describes ${JSON.stringify(m.product)} snapshot ${JSON.stringify(m.snapshot)}, not the ${named.product} ${named.snapshot} its key names`,
        );
    }
    if (!Array.isArray(m.objects)) throw new Error(`manifest ${key} lists no objects array`);
    const seen = new Set<string>();
    const objects = m.objects.map((o: unknown, i: number): ManifestObject => {
        const { key: objectKey, size } = (o ?? {}) as { key?: unknown; size?: unknown };
        const where = `manifest ${key}, objects[${i}]`;
        if (
            typeof objectKey !== "string" ||
            !objectKey.startsWith(`${named.product}/`) ||
            objectKey.startsWith(manifestsPrefixOf(named.product)) ||
            objectKey.split("/").includes("..") ||
            objectKey.endsWith("/")
        ) {
            throw new Error(
                `${where}: ${JSON.stringify(objectKey)} is not an object of ${named.product}/ (a revision carries only the product's own snapshot files)`,
            );
        }
        if (typeof size !== "number" || !Number.isInteger(size) || size < 0) throw new Error(`${where}: size ${JSON.stringify(size)} is not a byte count`);
        if (seen.has(objectKey)) throw new Error(`${where}: ${objectKey} is listed twice`);
        seen.add(objectKey);
        return { key: objectKey, size };
    });
    return { product: named.product, snapshot: named.snapshot, objects };
}

/**
 * The comment of the revision made from a manifest: it names the manifest, which is how a
 * replayed event finds the revision already made (Data Exchange lists comments, not tags).
 */
export function revisionComment(product: string, snapshot: string): string {
    return `${REVISION_COMMENT_PREFIX}${snapshot} of ${product} (${manifestKeyOf(product, snapshot)})`;
}

/** Every revision this function makes starts its comment so; it never touches any other. */
export const REVISION_COMMENT_PREFIX = "Published snapshot ";

/** The snapshot day a revision comment names, when the comment is this function's. */
export function snapshotOfComment(comment: string | undefined): string | undefined {
    if (!comment?.startsWith(REVISION_COMMENT_PREFIX)) return undefined;
    return /^(\d{4}-\d{2}-\d{2}) of /.exec(comment.slice(REVISION_COMMENT_PREFIX.length))?.[1];
}
