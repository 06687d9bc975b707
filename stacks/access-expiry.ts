import { AccessExpiry, ExpiringConsumer } from "../components/access-expiry";
import { activeConsumers } from "../core/access";
import { Consumer } from "../core/topology/model";
import { UntimedGrants } from "../patterns/program";
import { AccountScope } from "./account";

/**
 * The account's access expiry: a schedule per active consumer with an end date that this
 * account grants something IAM cannot time. Undefined when there is none, so accounts
 * without ending consumers get no function, role or key.
 */
export function accessExpiry(scope: AccountScope, grants: UntimedGrants): AccessExpiry | undefined {
    const { ctx } = scope;
    const active = new Set(activeConsumers(ctx.topology, ctx.asOf).map((c) => c.name));
    const byName = new Map<string, ExpiringConsumer>();
    const add = (consumer: Consumer, extra: Partial<Pick<ExpiringConsumer, "principals" | "datashareArns">>) => {
        if (!consumer.accessEndsAt || !consumer.account || !active.has(consumer.name)) return;
        const known = byName.get(consumer.name) ?? {
            name: consumer.name,
            accountId: consumer.account.accountId,
            endsAt: consumer.accessEndsAt,
            principals: [],
            datashareArns: [],
        };
        byName.set(consumer.name, {
            ...known,
            principals: [...new Set([...(known.principals ?? []), ...(extra.principals ?? [])])],
            datashareArns: [...(known.datashareArns ?? []), ...(extra.datashareArns ?? [])],
        });
    };
    for (const g of grants.lakeFormation ?? []) add(g.consumer, { principals: g.principals });
    for (const [name, arns] of Object.entries(grants.datashares ?? {})) {
        const consumer = ctx.topology.consumers.find((c) => c.name === name);
        if (consumer) add(consumer, { datashareArns: arns });
    }
    if (byName.size === 0) return undefined;
    return new AccessExpiry("access-expiry", { names: ctx.names, consumers: [...byName.values()], protect: ctx.settings.protectStatefulResources }, scope.opts);
}
