import { z } from "zod";
import { ConfigProblem } from "../config-error";
import { receivedExchangeProducts } from "../object-sharing/data-exchange";
import { Topology } from "../topology/model";
import { StackIdentity } from "./identity";

/**
 * A consumer's own choice for pattern 1 (`datasharing:dataExchange` in its stack file): the
 * reference's consumer exports what it receives into its own S3. With `autoExport`, every
 * new revision of each data set it receives is exported, by Data Exchange itself, into a
 * bucket of its stack encrypted with its own key.
 */
export const dataExchangeSettingsSchema = z.strictObject({
    /** Export each new revision of every received data set into this stack's bucket. @default false */
    autoExport: z.boolean({ error: "must be true or false" }).default(false),
});

export type DataExchangeSettings = z.output<typeof dataExchangeSettingsSchema>;

/** The setting belongs to a consumer that receives a data set through Data Exchange. */
export function dataExchangeChecks(topology: Topology, identity: StackIdentity, settings: { dataExchange?: DataExchangeSettings }, asOf: Date, namespace: string): ConfigProblem[] {
    if (!settings.dataExchange?.autoExport) return [];
    const key = `${namespace}:dataExchange.autoExport`;
    if (identity.role !== "consumer" || !identity.consumer) {
        return [{ key, message: `exports what a consumer receives through Data Exchange into its own bucket, and this is the ${identity.role} stack: move it to the consumer's stack file, or remove it` }];
    }
    if (receivedExchangeProducts(topology, identity.consumer.name, asOf).length === 0) {
        return [{ key, message: `consumer "${identity.consumer.name}" receives no data set through data-exchange (as of ${asOf.toISOString()}): remove this setting, or give it a product through data-exchange in the topology` }];
    }
    return [];
}
