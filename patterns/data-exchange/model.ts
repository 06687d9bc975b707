import { activeConsumers } from "../../core/access";
import { DataProduct, Topology } from "../../core/topology/model";
import { DATA_EXCHANGE_DEFAULTS } from "./config";

/**
 * Pattern 1 (AWS Data Exchange) as data: the data set of each product that some consumer
 * receives through Data Exchange, and the consumer accounts granted it until their end dates.
 */

const PATTERN = "data-exchange";

export interface ExchangeGrant {
    readonly consumer: string;
    readonly accountId: string;
    readonly endsAt?: Date;
}

export interface ExchangedProduct {
    readonly product: DataProduct;
    /** Finalized revisions kept available; older ones are revoked (`dataExchange.retainRevisions`). */
    readonly retainRevisions: number;
    /** Active consumers granted the data set. */
    readonly grants: readonly ExchangeGrant[];
}

function receives(consumer: Topology["consumers"][number], product: string): boolean {
    return consumer.account !== undefined && consumer.access.some((a) => a.product === product && a.patterns.includes(PATTERN));
}

/** Products published through Data Exchange: every product some consumer lists under pattern 1. */
export function exchangedProducts(t: Topology, asOf: Date): ExchangedProduct[] {
    if (!t.enabledPatterns.includes(PATTERN)) {
        return [];
    }
    const active = activeConsumers(t, asOf);
    return t.dataProducts
        .filter((p) => t.consumers.some((c) => receives(c, p.name)))
        .map((product) => ({
            product,
            retainRevisions: (product.dataExchange ?? DATA_EXCHANGE_DEFAULTS).retainRevisions,
            grants: active.filter((c) => receives(c, product.name)).map((c) => ({ consumer: c.name, accountId: c.account!.accountId, endsAt: c.accessEndsAt })),
        }));
}

/** Products this consumer receives through Data Exchange as of `asOf`. */
export function receivedExchangeProducts(t: Topology, consumer: string, asOf: Date): string[] {
    return exchangedProducts(t, asOf)
        .filter((p) => p.grants.some((g) => g.consumer === consumer))
        .map((p) => p.product.name);
}
