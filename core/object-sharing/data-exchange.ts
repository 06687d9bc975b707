import { activeConsumers } from "../access";
import { ConfigProblem, formatPath } from "../config-error";
import { DataProduct, Topology } from "../topology/model";
import { DEFAULT_RETAIN_REVISIONS } from "../topology/schema";
import { TOPOLOGY_KEY } from "../topology/parse";

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
            retainRevisions: product.dataExchange?.retainRevisions ?? DEFAULT_RETAIN_REVISIONS,
            grants: active.filter((c) => receives(c, product.name)).map((c) => ({ consumer: c.name, accountId: c.account!.accountId, endsAt: c.accessEndsAt })),
        }));
}

/** Products this consumer receives through Data Exchange as of `asOf`. */
export function receivedExchangeProducts(t: Topology, consumer: string, asOf: Date): string[] {
    return exchangedProducts(t, asOf)
        .filter((p) => p.grants.some((g) => g.consumer === consumer))
        .map((p) => p.product.name);
}

/**
 * A Data Exchange grant cannot be given an end date in the past, and Data Exchange itself
 * ends the grant at its end date, so unlike other patterns nothing is left to revoke: a
 * data-exchange consumer whose end date has passed is refused, asking to remove the pattern
 * (which deletes the ended grant) or to extend the date.
 */
export function pastExchangeEndDates(t: Topology, asOf: Date): ConfigProblem[] {
    if (!t.enabledPatterns.includes(PATTERN)) {
        return [];
    }
    return t.consumers.flatMap((c, i) => {
        const usesExchange = c.access.some((a) => a.patterns.includes(PATTERN));
        if (!usesExchange || c.accessEndsAt === undefined || c.accessEndsAt.getTime() > asOf.getTime()) {
            return [];
        }
        return [
            {
                key: formatPath(TOPOLOGY_KEY, ["consumers", i, "accessEndsAt"]),
                message:
                    `${c.accessEndsAtDeclared} is in the past (as of ${asOf.toISOString()}), and a Data Exchange grant cannot end in the past: ` +
                    `set a future end date, or remove data-exchange from consumer "${c.name}" (Data Exchange has already ended its grant; removing the pattern deletes it)`,
            },
        ];
    });
}
