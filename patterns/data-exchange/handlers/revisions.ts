import {
    CreateJobCommand,
    CreateRevisionCommand,
    DataExchangeClient,
    DeleteRevisionCommand,
    GetJobCommand,
    ListDataSetRevisionsCommand,
    ListRevisionAssetsCommand,
    RevisionEntry,
    RevokeRevisionCommand,
    StartJobCommand,
    UpdateRevisionCommand,
} from "@aws-sdk/client-dataexchange";
import { GetObjectCommand, HeadObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { PollSettings, pollUntil, waited } from "../../../core/poll";
import { Manifest, readManifest, revisionComment, snapshotOfComment } from "./manifest";

/**
 * Pattern 1's revision per snapshot, as plain functions over the SDK clients: a manifest
 * becomes one finalized revision holding exactly its objects, made once however often the
 * manifest's event arrives, and revisions beyond the product's retention are revoked.
 */

/** One product the function publishes: its data set and how many revisions it keeps. */
export interface ProductRevisions {
    readonly dataSetId: string;
    readonly retainRevisions: number;
}

export interface RevisionDeps {
    readonly dataExchange: DataExchangeClient;
    readonly s3: S3Client;
    /** The external account's bucket, where replication delivers the snapshots. */
    readonly bucket: string;
    /** The products, by name; a manifest of any other product is ignored. */
    readonly products: Readonly<Record<string, ProductRevisions>>;
    /** How import jobs are waited for. */
    readonly poll: PollSettings;
    readonly log: (event: string, fields?: Record<string, unknown>) => void;
}

/** What became of one manifest. */
export type Outcome =
    /** A new finalized revision. */
    | { readonly kind: "created"; readonly revisionId: string; readonly assets: number; readonly revoked: readonly string[] }
    /** Already a finalized revision: a replayed event, nothing done. */
    | { readonly kind: "exists"; readonly revisionId: string }
    /** Not every object has arrived (replication is under way): nothing made; a later run publishes it. */
    | { readonly kind: "incomplete"; readonly missing: readonly string[] }
    /** A snapshot without objects: a revision needs at least one asset. */
    | { readonly kind: "empty" }
    /** Not a product this function publishes. */
    | { readonly kind: "ignored" };

/** Assets one import job brings in; larger snapshots take several jobs. */
export const IMPORT_BATCH = 100;

function errorName(err: unknown): string | undefined {
    const name = (err as { name?: unknown } | null)?.name;
    return typeof name === "string" ? name : undefined;
}

/** The revision created first (ties broken by id, so every run picks the same one). */
function oldest(revisions: readonly RevisionEntry[]): RevisionEntry | undefined {
    const at = (r: RevisionEntry) => r.CreatedAt?.getTime() ?? 0;
    return [...revisions].sort((a, b) => at(a) - at(b) || String(a.Id).localeCompare(String(b.Id)))[0];
}

/** Every revision of a data set, all pages. */
export async function listRevisions(client: DataExchangeClient, dataSetId: string): Promise<RevisionEntry[]> {
    const all: RevisionEntry[] = [];
    let NextToken: string | undefined;
    do {
        const page = await client.send(new ListDataSetRevisionsCommand({ DataSetId: dataSetId, NextToken }));
        all.push(...(page?.Revisions ?? []));
        NextToken = page?.NextToken;
    } while (NextToken);
    return all;
}

/** Names of the assets a revision holds (an S3 snapshot asset is named by its object key). */
async function assetNames(client: DataExchangeClient, dataSetId: string, revisionId: string): Promise<Set<string>> {
    const names = new Set<string>();
    let NextToken: string | undefined;
    do {
        const page = await client.send(new ListRevisionAssetsCommand({ DataSetId: dataSetId, RevisionId: revisionId, NextToken }));
        for (const a of page?.Assets ?? []) if (a.Name) names.add(a.Name);
        NextToken = page?.NextToken;
    } while (NextToken);
    return names;
}

/** The keys of the manifest not (yet) in the bucket with their listed size. */
async function missingObjects(s3: S3Client, bucket: string, manifest: Manifest): Promise<string[]> {
    const missing: string[] = [];
    for (const o of manifest.objects) {
        try {
            const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: o.key }));
            if (head?.ContentLength !== undefined && head.ContentLength !== o.size) missing.push(o.key);
        } catch (err) {
            if (errorName(err) === "NotFound" || errorName(err) === "NoSuchKey") missing.push(o.key);
            else throw err;
        }
    }
    return missing;
}

/** Runs one import job of S3 objects into a revision and waits for it to complete. */
async function importObjects(deps: RevisionDeps, dataSetId: string, revisionId: string, keys: readonly string[]): Promise<void> {
    const job = await deps.dataExchange.send(
        new CreateJobCommand({
            Type: "IMPORT_ASSETS_FROM_S3",
            Details: { ImportAssetsFromS3: { DataSetId: dataSetId, RevisionId: revisionId, AssetSources: keys.map((Key) => ({ Bucket: deps.bucket, Key })) } },
        }),
    );
    if (!job?.Id) throw new Error(`CreateJob for revision ${revisionId} returned no job id`);
    await deps.dataExchange.send(new StartJobCommand({ JobId: job.Id }));
    const state = await pollUntil(deps.poll, async () => {
        const now = await deps.dataExchange.send(new GetJobCommand({ JobId: job.Id }));
        if (now?.State === "COMPLETED") return now.State;
        if (now?.State === "ERROR" || now?.State === "CANCELLED" || now?.State === "TIMED_OUT") {
            throw new Error(`import job ${job.Id} into revision ${revisionId} ended ${now.State}: ${JSON.stringify(now.Errors ?? [])}`);
        }
        return undefined;
    });
    if (state === undefined)
        throw new Error(`import job ${job.Id} into revision ${revisionId} did not complete within ${waited(deps.poll)}; the next run resumes the revision`);
}

/**
 * Revokes this function's finalized revisions of a data set beyond the newest `retain`
 * (by snapshot day); returns the ids revoked. Revisions it did not make are left alone.
 */
export async function revokeBeyondRetention(deps: RevisionDeps, product: string, config: ProductRevisions): Promise<string[]> {
    const live = (await listRevisions(deps.dataExchange, config.dataSetId))
        .map((r) => ({ r, snapshot: snapshotOfComment(r.Comment) }))
        .filter(
            (x): x is { r: RevisionEntry; snapshot: string } =>
                x.snapshot !== undefined && x.r.Finalized === true && x.r.Revoked !== true && x.r.Id !== undefined,
        )
        .sort((a, b) => b.snapshot.localeCompare(a.snapshot));
    const revoked: string[] = [];
    for (const { r, snapshot } of live.slice(config.retainRevisions)) {
        await deps.dataExchange.send(
            new RevokeRevisionCommand({
                DataSetId: config.dataSetId,
                RevisionId: r.Id!,
                RevocationComment: `Snapshot ${snapshot} of ${product} is older than the ${config.retainRevisions} kept available`,
            }),
        );
        deps.log("revision-revoked", { product, snapshot, revisionId: r.Id });
        revoked.push(r.Id!);
    }
    return revoked;
}

/**
 * Makes the finalized revision of one manifest of the bucket. Replay-safe: a finalized
 * revision of the manifest means nothing is done; an unfinalized one (a run stopped half
 * way) is resumed with the assets it still lacks, never made twice; of two runs creating
 * at once, the one whose revision is younger deletes it. Creates nothing until every
 * listed object is in the bucket with its listed size.
 */
export async function publishManifest(deps: RevisionDeps, key: string): Promise<Outcome> {
    const product = key.split("/", 1)[0];
    const config = deps.products[product];
    if (!config) {
        deps.log("manifest-ignored", { key });
        return { kind: "ignored" };
    }
    const object = await deps.s3.send(new GetObjectCommand({ Bucket: deps.bucket, Key: key }));
    const manifest = readManifest(key, (await object?.Body?.transformToString()) ?? "");
    if (manifest.objects.length === 0) {
        deps.log("manifest-empty", { key });
        return { kind: "empty" };
    }
    const comment = revisionComment(manifest.product, manifest.snapshot);
    const existing = (await listRevisions(deps.dataExchange, config.dataSetId)).find((r) => r.Comment === comment);
    if (existing?.Finalized) {
        deps.log("revision-exists", { key, revisionId: existing.Id });
        return { kind: "exists", revisionId: existing.Id! };
    }
    const missing = await missingObjects(deps.s3, deps.bucket, manifest);
    if (missing.length > 0) {
        deps.log("snapshot-incomplete", { key, missing: missing.length });
        return { kind: "incomplete", missing };
    }
    let revisionId = existing?.Id;
    if (!revisionId) {
        const created = await deps.dataExchange.send(new CreateRevisionCommand({ DataSetId: config.dataSetId, Comment: comment }));
        if (!created?.Id) throw new Error(`CreateRevision for ${key} returned no revision id`);
        revisionId = created.Id;
        // Two runs on one manifest at once (an event and the hourly run) may both get here: the
        // oldest revision of the manifest wins, and a run whose revision is not it withdraws.
        const winner = oldest((await listRevisions(deps.dataExchange, config.dataSetId)).filter((r) => r.Comment === comment));
        if (winner?.Id !== undefined && winner.Id !== revisionId) {
            await deps.dataExchange.send(new DeleteRevisionCommand({ DataSetId: config.dataSetId, RevisionId: revisionId }));
            deps.log("revision-withdrawn", { key, revisionId, kept: winner.Id });
            return { kind: "exists", revisionId: winner.Id };
        }
    }
    const imported = existing ? await assetNames(deps.dataExchange, config.dataSetId, revisionId) : new Set<string>();
    const toImport = manifest.objects.map((o) => o.key).filter((k) => !imported.has(k));
    for (let i = 0; i < toImport.length; i += IMPORT_BATCH) {
        await importObjects(deps, config.dataSetId, revisionId, toImport.slice(i, i + IMPORT_BATCH));
    }
    // Receivers see finalized revisions only.
    await deps.dataExchange.send(new UpdateRevisionCommand({ DataSetId: config.dataSetId, RevisionId: revisionId, Finalized: true }));
    deps.log("revision-created", { key, revisionId, assets: manifest.objects.length, resumed: existing !== undefined });
    const revoked = await revokeBeyondRetention(deps, manifest.product, config);
    return { kind: "created", revisionId, assets: manifest.objects.length, revoked };
}
