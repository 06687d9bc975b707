import { unknownStackMessage } from "../deploy/accounts-file";
import { UsageError } from "../deploy/usage-error";
import { Account, Consumer, Topology } from "../../core/topology/model";

/** A consumer that deploys a stack of its own. */
export type DeployingConsumer = Consumer & { readonly account: NonNullable<Consumer["account"]> };

/** The consumer a hand-off is for, by its name or its stack's name. */
export function resolveConsumer(topology: Topology, name: string): DeployingConsumer {
    const consumer = topology.consumers.find((c) => c.name === name) ?? topology.consumers.find((c) => c.account?.stack === name);
    if (!consumer) {
        const fixed = [topology.producer, topology.governance, topology.external].find((a: Account | undefined) => a?.stack === name);
        const why = fixed
            ? `"${name}" is the ${fixed.role} stack; a hand-off is for a consumer that deploys its own stack`
            : unknownStackMessage(name, topology);
        throw new UsageError(`${why}. Consumers with a stack: ${deploying(topology).join(", ") || "none"}`);
    }
    if (!consumer.account) {
        throw new UsageError(
            `consumer "${consumer.name}" is not on AWS (no accountId), so it deploys nothing: the partner API serves it from the external stack`,
        );
    }
    return consumer as DeployingConsumer;
}

function deploying(topology: Topology): string[] {
    return topology.consumers.flatMap((c) => (c.account ? [c.name] : []));
}
