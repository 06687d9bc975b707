import { activeConsumers } from "../../core/access";
import { Consumer, DataProduct, Table, Topology } from "../../core/topology/model";
import { RedshiftSharing } from "./config";

/**
 * Pattern 4 (Amazon Redshift data sharing) as data: which products are shared from which
 * warehouse, to which consumer accounts. Stacks and the plan both read it, so the datashare
 * a consumer expects is the one its sharing account creates.
 */

/** Option A shares from the producer's warehouse; option B from the external account's copy. */
export type RedshiftOption = RedshiftSharing["option"];

export interface RedshiftProduct {
    readonly product: DataProduct;
    readonly option: RedshiftOption;
    /** Account whose warehouse holds the datashare. */
    readonly sharedFrom: "producer" | "external";
    /** Schema holding the tables, in the producer's warehouse and in the copy. */
    readonly schema: string;
    readonly tables: readonly Table[];
    /** Datashare name: the product's name, a valid Redshift identifier by the topology's rules. */
    readonly datashare: string;
    /** Option B: Glue schedule of the copy. */
    readonly copySchedule?: string;
}

const PATTERN = "redshift-datashare";
const DEFAULT_COPY_SCHEDULE = "cron(0 * * * ? *)";

/** Whether a consumer lists the product under pattern 4 (whatever its end date). */
function listsProduct(c: Consumer, product: string): boolean {
    return c.account !== undefined && c.access.some((a) => a.product === product && a.patterns.includes(PATTERN));
}

/**
 * Products shared through pattern 4: kept in Redshift and listed by at least one consumer.
 * Expired consumers count, so the datashare stays and the next `pulumi up` revokes them.
 */
export function redshiftProducts(t: Topology): RedshiftProduct[] {
    if (!t.enabledPatterns.includes(PATTERN)) {
        return [];
    }
    return t.dataProducts
        .filter((p) => p.store === "redshift" && t.consumers.some((c) => listsProduct(c, p.name)))
        .map((product) => {
            const option = product.redshift?.option ?? "direct";
            return {
                product,
                option,
                sharedFrom: option === "external-copy" ? "external" : "producer",
                schema: product.redshift?.schema ?? product.name,
                tables: product.tables,
                datashare: product.name,
                copySchedule: option === "external-copy" ? (product.redshift?.copySchedule ?? DEFAULT_COPY_SCHEDULE) : undefined,
            };
        });
}

/** Products whose datashare lives in this sharing account. */
export function datasharesOf(t: Topology, account: "producer" | "external"): RedshiftProduct[] {
    return redshiftProducts(t).filter((p) => p.sharedFrom === account);
}

/** Accounts granted usage of a product's datashare now: active consumers that list it. */
export function datashareConsumerAccounts(t: Topology, product: string, asOf: Date): string[] {
    return activeConsumers(t, asOf)
        .filter((c) => listsProduct(c, product))
        .map((c) => c.account!.accountId);
}

/** The datashares a consumer receives now (none once its access has ended). */
export function receivedDatashares(t: Topology, consumer: string, asOf: Date): RedshiftProduct[] {
    const active = activeConsumers(t, asOf).find((c) => c.name === consumer);
    return active ? redshiftProducts(t).filter((p) => listsProduct(active, p.product.name)) : [];
}

/**
 * Whether an account needs a warehouse for pattern 4: the producer when it shares products
 * kept in Redshift, the external account for option B, a consumer that lists any datashare.
 * Not tied to end dates, so a consumer's warehouse survives the end of its access.
 */
export function needsWarehouse(t: Topology, role: "producer" | "external" | "consumer" | "governance", consumer?: string): boolean {
    const products = redshiftProducts(t);
    switch (role) {
        case "producer":
            return products.length > 0;
        case "external":
            return products.some((p) => p.sharedFrom === "external");
        case "consumer": {
            const c = t.consumers.find((x) => x.name === consumer);
            return c !== undefined && products.some((p) => listsProduct(c, p.product.name));
        }
        default:
            return false;
    }
}

/** Name of the consumer's database made from a datashare: `<datashare>_shared`. */
export function consumerDatabaseName(datashare: string): string {
    return `${datashare}_shared`;
}
