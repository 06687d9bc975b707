import { DataProduct, PatternId, Table, Topology, productDatabase } from "../../core/topology/model";
import { PUBLISH_DEFAULTS } from "./config";

/**
 * Which products the producer publishes (for patterns 1 and 3), from the topology alone, so
 * the producer, the external account and the plan agree: every structured product kept in S3
 * that some declared consumer (ended ones too, so the job does not come and go) takes
 * through a pattern that serves snapshots (data-exchange, lake-formation-external). Its
 * snapshots land under `<product>/<table>/snapshot=<date>/` of Published Datasets, with a
 * manifest last.
 */

/** Folder of the producer's lake bucket holding the files of products that have no lake database of their own. */
export const LANDING_FOLDER = "landing";

export interface PublishedProduct {
    readonly product: DataProduct;
    /** Glue schedule of its publish job (UTC, once a day). */
    readonly schedule: string;
    /** The producer's Glue database the job reads: the lake's (`db1`), or the product's own. */
    readonly database: string;
    /**
     * Whether the product has no lake database named in the topology, so the producer
     * declares one for it (`<namePrefix>_<product>`) over `landing/<product>/<table>/` of the lake.
     */
    readonly ownDatabase: boolean;
    /** Its tables as the topology declares them (columns with their types and PII marks). */
    readonly tables: readonly Table[];
    /** The patterns that serve its snapshots. */
    readonly patterns: readonly PatternId[];
}

/** @param serving the patterns that serve published snapshots (PatternSet.servingSnapshots) */
export function publishedProducts(topology: Topology, serving: readonly PatternId[]): PublishedProduct[] {
    const served = serving.filter((p) => topology.enabledPatterns.includes(p));
    if (served.length === 0) return [];
    return topology.dataProducts.flatMap((product) => {
        const patterns = served.filter((pattern) =>
            topology.consumers.some((c) => c.access.some((a) => a.product === product.name && a.patterns.includes(pattern))),
        );
        if (patterns.length === 0 || product.structure !== "structured" || product.store !== "s3" || product.tables.length === 0) return [];
        return [
            {
                product,
                schedule: (product.publish ?? PUBLISH_DEFAULTS).schedule,
                database: productDatabase(topology, product),
                ownDatabase: product.database === undefined,
                tables: product.tables,
                patterns,
            },
        ];
    });
}

/** A daily Glue schedule's hour (UTC), which the topology's validation guarantees is fixed. */
export function scheduleHour(schedule: string): number {
    const hour = /^cron\(\d{1,2} (\d{1,2}) /.exec(schedule)?.[1];
    if (hour === undefined) throw new Error(`${schedule} is not a daily Glue schedule with a fixed hour: the topology's validation should have refused it`);
    return Number(hour);
}

/** Hours allowed between a product's publish time and the crawl that adds its snapshot's partitions (the job, then replication). */
export const CRAWL_DELAY_HOURS = 2;

/**
 * When pattern 3's replica crawler runs: daily, on the hour, `CRAWL_DELAY_HOURS` after each
 * published product's scheduled hour, so each day's snapshot becomes queryable the same day
 * without crawling every hour. Undefined when no product is published through pattern 3.
 */
export function replicaCrawlSchedule(products: readonly PublishedProduct[]): string | undefined {
    const hours = [
        ...new Set(products.filter((p) => p.patterns.includes("lake-formation-external")).map((p) => (scheduleHour(p.schedule) + CRAWL_DELAY_HOURS) % 24)),
    ].sort((a, b) => a - b);
    return hours.length === 0 ? undefined : `cron(0 ${hours.join(",")} * * ? *)`;
}
