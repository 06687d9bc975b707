/**
 * How Published Datasets holds each published product (the layout the producer's publish job
 * writes, and the patterns that serve snapshots read): one folder per table and snapshot day,
 * a Hive partition, and the snapshot's manifest, written last, apart from the tables.
 */

/** The partition column every published table gets; no declared column may take its name. */
export const SNAPSHOT_COLUMN = "snapshot";

/** The folder of Published Datasets, under `<product>/`, holding one folder per snapshot with its manifest. */
export const MANIFESTS_FOLDER = "_manifests";
/** The manifest's file name; written last, so a snapshot exists once its manifest does. */
export const MANIFEST_NAME = "_manifest.json";

/** `<product>/<table>/snapshot=<date>/` (a Hive partition); `<date>` may be `*` for every snapshot. */
export function snapshotPrefix(product: string, table: string, snapshot: string): string {
    return `${product}/${table}/${SNAPSHOT_COLUMN}=${snapshot}/`;
}

/** `<product>/_manifests/`: where each snapshot's manifest is, outside every table's folder. */
export function manifestsPrefix(product: string): string {
    return `${product}/${MANIFESTS_FOLDER}/`;
}

/** `<product>/_manifests/<date>/_manifest.json`. */
export function manifestKey(product: string, snapshot: string): string {
    return `${manifestsPrefix(product)}${snapshot}/${MANIFEST_NAME}`;
}
