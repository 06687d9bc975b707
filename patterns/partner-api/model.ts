import { Consumer, DataProduct, Table, Topology, findProduct } from "../../core/topology/model";
import { MicrobatchSettings, isTimeType } from "./config";

/**
 * Pattern 5 (a private API for partners not on AWS) as data: who the API's partners are,
 * what each may request, and which Redshift tables the producer exports for them. The
 * producer's and the external account's stacks both read it, so the folders the producer
 * writes are the ones the API serves.
 */

const PATTERN = "partner-api";

/** How long rows stamped with a time wait before export, unless `microbatch.settleSeconds` says: longer than a load's transaction. */
export const DEFAULT_SETTLE_SECONDS = 300;

/** A partner of the API: a consumer that lists at least one product under pattern 5. */
export interface ApiPartner {
    readonly name: string;
    /** The registered address, the only one download links are sent to. */
    readonly email: string;
    /** Products it may request. */
    readonly products: readonly string[];
    /** When its access ends; from then on its key is disabled and the functions refuse it. */
    readonly accessEndsAt?: Date;
}

function apiProducts(c: Consumer): string[] {
    return c.access.filter((a) => a.patterns.includes(PATTERN)).map((a) => a.product);
}

/**
 * Every partner of the API, expired ones included: an expired partner keeps a disabled key
 * and a registry entry that says so, and is refused with a reason rather than not known.
 */
export function apiPartners(t: Topology): ApiPartner[] {
    if (!t.enabledPatterns.includes(PATTERN)) {
        return [];
    }
    return t.consumers
        .filter((c) => apiProducts(c).length > 0)
        .map((c) => {
            if (c.deliveryEmail === undefined) {
                throw new Error(`consumer ${c.name} uses partner-api without a deliveryEmail; the topology rules should have refused it`);
            }
            return { name: c.name, email: c.deliveryEmail, products: apiProducts(c), accessEndsAt: c.accessEndsAt };
        });
}

/** One table the producer exports in microbatches for the API. */
export interface MicrobatchSource {
    readonly product: DataProduct;
    readonly table: Table;
    /** Schema of the table in the producer's warehouse. */
    readonly schema: string;
    readonly settings: MicrobatchSettings;
    /** Columns the product marks as PII: blanked before anything leaves the warehouse. */
    readonly piiColumns: readonly string[];
    /** Seconds a row's time watermark must lie in the past before it is exported; 0 for an id. */
    readonly settleSeconds: number;
    /** Folder of Published Datasets the batches go to: `<product>/<table>/`, inside the folder the API serves. */
    readonly prefix: string;
}

/**
 * The Redshift tables to export: every table of each product kept in Redshift that some
 * partner may request. Expired partners count, so the watermarks (protected state) stay
 * until the product leaves the topology.
 */
export function microbatchSources(t: Topology): MicrobatchSource[] {
    const requested = new Set(apiPartners(t).flatMap((p) => p.products));
    return [...requested]
        .sort()
        .map((name) => findProduct(t, name))
        .filter((p) => p.store === "redshift")
        .flatMap((product) => {
            if (!product.microbatch) {
                throw new Error(
                    `data product ${product.name} is served through partner-api without a microbatch setting; the topology rules should have refused it`,
                );
            }
            const settings = product.microbatch;
            return product.tables.map((table) => {
                const watermark = table.columns.find((c) => c.name === settings.watermarkColumn);
                return {
                    product,
                    table,
                    schema: product.redshift?.schema ?? product.name,
                    settings,
                    piiColumns: table.columns.filter((c) => c.pii).map((c) => c.name),
                    settleSeconds: watermark && isTimeType(watermark.type) ? (settings.settleSeconds ?? DEFAULT_SETTLE_SECONDS) : 0,
                    prefix: `${product.name}/${table.name}/`,
                };
            });
        });
}
