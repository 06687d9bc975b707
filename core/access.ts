import { Consumer, DataProduct, PatternId, Topology, findProduct } from "./topology/model";

/**
 * Time-bound access: the one place that decides who receives what, as of one instant.
 * Every sharing component asks here, so a consumer past its end date gets nothing and the
 * next `pulumi up` deletes its grants.
 */

export function isExpired(consumer: Consumer, asOf: Date): boolean {
    return consumer.accessEndsAt !== undefined && consumer.accessEndsAt.getTime() <= asOf.getTime();
}

export function activeConsumers(topology: Topology, asOf: Date): Consumer[] {
    return topology.consumers.filter((c) => !isExpired(c, asOf));
}

export function expiredConsumers(topology: Topology, asOf: Date): Consumer[] {
    return topology.consumers.filter((c) => isExpired(c, asOf));
}

/** One data product shared with one active consumer through one pattern. */
export interface Share {
    /** The active consumer receiving the product. */
    readonly consumer: Consumer;
    /** The data product shared. */
    readonly product: DataProduct;
    /** The pattern it is shared through. */
    readonly pattern: PatternId;
}

/** The shares a pattern must serve as of `asOf`: active consumers only. */
export function sharesFor(topology: Topology, pattern: PatternId, asOf: Date): Share[] {
    if (!topology.enabledPatterns.includes(pattern)) {
        return [];
    }
    return activeConsumers(topology, asOf).flatMap((consumer) =>
        consumer.access.filter((a) => a.patterns.includes(pattern)).map((a) => ({ consumer, product: findProduct(topology, a.product), pattern })),
    );
}
