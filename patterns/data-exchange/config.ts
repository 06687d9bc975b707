import { z } from "zod";
import { arn } from "../../core/contract/exports";
import { RuleProblem, TopologyRule } from "../../core/topology/problem";
import { Consumer } from "../../core/topology/model";

/**
 * Pattern 1's configuration: how long a product's revisions stay available
 * (`dataProducts[].dataExchange`), a consumer's own export of what it receives
 * (`datasharing:dataExchange` in its stack), the data grants the external account exports,
 * and the rules over them (the checks of a stack's settings are in checks.ts).
 */

/**
 * Pattern 1 for one product: how long its Data Exchange revisions stay available. Each
 * snapshot the producer publishes becomes a finalized revision once it reaches the external
 * account; the oldest ones beyond `retainRevisions` are revoked.
 */
export const dataExchangeSchema = z.strictObject({
    /** Finalized revisions kept available to grantees; older ones are revoked. @default 30 */
    retainRevisions: z
        .number({ error: "must be a whole number of revisions, e.g. 30" })
        .int({ error: "must be a whole number of revisions, e.g. 30" })
        .min(1, { error: "keep at least 1 revision: grantees read the finalized revisions only" })
        .max(1000, { error: "keep at most 1000 revisions (each revoked one stays listed)" })
        .default(30),
    /** Removed: revisions are made from each published snapshot's manifest, not from listed objects. */
    objects: z
        .unknown()
        .refine(() => false, {
            error:
                "is no longer read: each snapshot the producer publishes (dataProducts[].publish) becomes a revision by itself once its manifest reaches the external account, " +
                'and objects listed here were never written by anything. Remove objects (and see docs/configuration.md, "Publishing")',
        })
        .optional(),
});

export type DataExchangeProduct = z.output<typeof dataExchangeSchema>;

/** What a product keeps when the topology says nothing: the schema's defaults. */
export const DATA_EXCHANGE_DEFAULTS: DataExchangeProduct = dataExchangeSchema.parse({});

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

/** ARNs of the Data Exchange grants sent, by data product then consumer; consumers accept them. */
const dataGrantFields = {
    dataGrants: z.record(z.string(), z.record(z.string(), arn)).optional(),
};

export const DATA_EXCHANGE_CONTRACT = { external: dataGrantFields };

declare module "../../core/topology/schema" {
    interface DataProductFields {
        /** Pattern 1: how long the product's Data Exchange revisions stay available (see dataExchangeSchema). */
        dataExchange?: DataExchangeProduct;
    }
}

declare module "../../core/stack/settings" {
    interface SettingsFields {
        /** Pattern 1 in a consumer stack: export each new revision received into the stack's own bucket. @default off */
        dataExchange: DataExchangeSettings;
    }
}

declare module "../../core/contract/exports" {
    interface ExternalContractFields {
        dataGrants?: Record<string, Record<string, string>>;
    }
}

/** `dataExchange` belongs to a product some consumer takes through data-exchange. */
const dataExchangeSettingUsed: TopologyRule = (t) => {
    const exchanged = new Set(
        t.consumers.flatMap((c) => c.dataProducts.filter((a) => (a.patterns ?? c.patterns).includes("data-exchange")).map((a) => a.name)),
    );
    return t.dataProducts.flatMap((p, pi): RuleProblem[] =>
        p.dataExchange && !exchanged.has(p.name)
            ? [
                  {
                      path: ["dataProducts", pi, "dataExchange"],
                      message: `is set, but no consumer takes "${p.name}" through data-exchange: remove dataExchange, or share the product through data-exchange`,
                  },
              ]
            : [],
    );
};

export const DATA_EXCHANGE_RULES: readonly TopologyRule[] = [dataExchangeSettingUsed];

/** The Data Exchange grants of one consumer: those of the products it receives through pattern 1, none of another consumer's. */
export function dataGrantsOf(value: unknown, consumer: Consumer): Record<string, Record<string, unknown>> | undefined {
    const receives = consumer.access.filter((a) => a.patterns.includes("data-exchange")).map((a) => a.product);
    const grants = Object.entries(value as Record<string, Record<string, unknown>>).flatMap(([product, byConsumer]) =>
        receives.includes(product) && byConsumer?.[consumer.name] !== undefined ? [[product, { [consumer.name]: byConsumer[consumer.name] }]] : [],
    );
    return grants.length > 0 ? Object.fromEntries(grants) : undefined;
}
