import { ConfigProblem, formatPath } from "../../core/config-error";
import { StackCheck } from "../../core/pattern";
import { NAMESPACE } from "../../core/stack/namespace";
import { TOPOLOGY_KEY } from "../../core/topology/parse";
import { receivedExchangeProducts } from "./model";

/** Pattern 1's checks of a stack's configuration, before it registers anything. */

/** The setting belongs to a consumer that receives a data set through Data Exchange. */
function autoExportChecks({ topology, identity, settings, asOf }: StackCheck): ConfigProblem[] {
    if (!settings.dataExchange.autoExport) return [];
    const key = `${NAMESPACE}:dataExchange.autoExport`;
    if (identity.role !== "consumer" || !identity.consumer) {
        return [
            {
                key,
                message: `exports what a consumer receives through Data Exchange into its own bucket, and this is the ${identity.role} stack: move it to the consumer's stack file, or remove it`,
            },
        ];
    }
    if (receivedExchangeProducts(topology, identity.consumer.name, asOf).length === 0) {
        return [
            {
                key,
                message: `consumer "${identity.consumer.name}" receives no data set through data-exchange (as of ${asOf.toISOString()}): remove this setting, or give it a product through data-exchange in the topology`,
            },
        ];
    }
    return [];
}

/**
 * A Data Exchange grant cannot be given an end date in the past, and Data Exchange itself
 * ends the grant at its end date, so unlike other patterns nothing is left to revoke: a
 * data-exchange consumer whose end date has passed is refused, asking to remove the pattern
 * (which deletes the ended grant) or to extend the date.
 */
function pastEndDates({ topology: t, asOf }: StackCheck): ConfigProblem[] {
    if (!t.enabledPatterns.includes("data-exchange")) {
        return [];
    }
    return t.consumers.flatMap((c, i) => {
        const usesExchange = c.access.some((a) => a.patterns.includes("data-exchange"));
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

/** Pattern 1's checks before a stack registers anything. */
export function dataExchangeChecks(stack: StackCheck): ConfigProblem[] {
    return [...pastEndDates(stack), ...autoExportChecks(stack)];
}
