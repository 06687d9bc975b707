import { DataExchangeClient } from "@aws-sdk/client-dataexchange";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { manifestsPrefixOf, parseManifestKey } from "./manifest";
import { Outcome, ProductRevisions, RevisionDeps, publishManifest } from "./revisions";

/**
 * The revision function of pattern 1, in the external account. S3 invokes it when a
 * snapshot's manifest arrives (replication delivers it, in any order with the snapshot's
 * objects); an hourly schedule invokes it too, to publish what was incomplete when its
 * event came or whose event was lost. Either way each manifest becomes one finalized
 * revision of its product's data set, which every data grant of the set delivers.
 *
 * Environment: `BUCKET` (the External Published Datasets bucket) and `PRODUCTS`, JSON
 * `{ "<product>": { "dataSetId": "...", "retainRevisions": 30 } }`.
 */

/** An S3 event notification, as Lambda receives it. */
interface S3Event {
    readonly Records: readonly {
        readonly eventSource?: string;
        readonly s3: { readonly bucket: { readonly name: string }; readonly object: { readonly key: string } };
    }[];
}

/** The hourly EventBridge schedule's event (its content does not matter). */
interface ScheduledEvent {
    readonly source?: string;
    readonly "detail-type"?: string;
}

/** What one invocation did, by manifest key. */
export type Summary = Record<string, Outcome["kind"]>;

/** Import jobs are waited for up to ~10 minutes: the function's timeout is 15. */
export const IMPORT_POLL = { intervalMs: 10_000, attempts: 60 };

function isS3Event(event: unknown): event is S3Event {
    return Array.isArray((event as S3Event | null)?.Records);
}

/** S3 URL-encodes keys in events, spaces as `+`. */
export function eventKey(raw: string): string {
    return decodeURIComponent(raw.replace(/\+/g, " "));
}

/** Every manifest of a product in the bucket, oldest snapshot first, at most the newest `limit`. */
async function manifestsOf(deps: RevisionDeps, product: string, limit: number): Promise<string[]> {
    const keys: string[] = [];
    let ContinuationToken: string | undefined;
    do {
        const page = await deps.s3.send(new ListObjectsV2Command({ Bucket: deps.bucket, Prefix: manifestsPrefixOf(product), ContinuationToken }));
        for (const o of page?.Contents ?? []) if (o.Key && parseManifestKey(o.Key)?.product === product) keys.push(o.Key);
        ContinuationToken = page?.NextContinuationToken;
    } while (ContinuationToken);
    // YYYY-MM-DD sorts by day; snapshots beyond the retention would be revoked at once.
    return keys.sort().slice(-limit);
}

/** The manifests an event names (one S3 record each), or every product's newest ones for the schedule. */
export async function handle(deps: RevisionDeps, event: S3Event | ScheduledEvent): Promise<Summary> {
    const summary: Summary = {};
    if (isS3Event(event)) {
        for (const record of event.Records) {
            if (record.s3.bucket.name !== deps.bucket) {
                deps.log("event-ignored", { bucket: record.s3.bucket.name });
                continue;
            }
            const key = eventKey(record.s3.object.key);
            summary[key] = (await publishManifest(deps, key)).kind;
        }
        return summary;
    }
    const failures: string[] = [];
    for (const [product, config] of Object.entries(deps.products)) {
        for (const key of await manifestsOf(deps, product, config.retainRevisions)) {
            try {
                summary[key] = (await publishManifest(deps, key)).kind;
            } catch (err) {
                // One bad manifest does not stop the others; the run still fails, to be seen.
                deps.log("manifest-failed", { key, error: err instanceof Error ? err.message : String(err) });
                failures.push(key);
            }
        }
    }
    if (failures.length > 0) throw new Error(`could not publish ${failures.join(", ")} (see the log lines above)`);
    return summary;
}

/** The function's configuration, from its environment. */
export function configFromEnvironment(env: NodeJS.ProcessEnv): { bucket: string; products: Record<string, ProductRevisions> } {
    const bucket = env.BUCKET;
    if (!bucket) throw new Error("BUCKET is not set");
    const products = JSON.parse(env.PRODUCTS ?? "{}") as Record<string, ProductRevisions>;
    for (const [name, p] of Object.entries(products)) {
        if (typeof p?.dataSetId !== "string" || !Number.isInteger(p.retainRevisions) || p.retainRevisions < 1)
            throw new Error(`PRODUCTS.${name} needs a dataSetId and a retainRevisions of at least 1`);
    }
    return { bucket, products };
}

const log = (event: string, fields: Record<string, unknown> = {}) => console.log(JSON.stringify({ event, ...fields }));

export async function handler(event: S3Event | ScheduledEvent): Promise<Summary> {
    const { bucket, products } = configFromEnvironment(process.env);
    const summary = await handle({ dataExchange: new DataExchangeClient({}), s3: new S3Client({}), bucket, products, poll: IMPORT_POLL, log }, event);
    log("done", { summary });
    return summary;
}
