import { z } from "zod";

/**
 * Publishing's configuration: when the producer publishes a product's snapshot
 * (`dataProducts[].publish`), for the patterns that serve snapshots (1 and 3).
 */

/** The one cron form a daily snapshot takes: a fixed minute and hour (UTC), any days. */
const DAILY_CRON = /^cron\((\d{1,2}) (\d{1,2}) (\S+) (\S+) (\S+) (\S+)\)$/;

/** Whether a Glue schedule runs at most once a day, at a fixed minute and hour. */
export function isDailyCron(expression: string): boolean {
    const m = DAILY_CRON.exec(expression);
    return m !== null && Number(m[1]) <= 59 && Number(m[2]) <= 23 && (m[3] === "?" || m[5] === "?");
}

/**
 * Patterns 1 and 3 for one product: when the producer's Glue job exports its tables from the
 * lake into Published Datasets (`<product>/<table>/snapshot=<date>/`, PII columns dropped).
 */
export const publishSchema = z.strictObject({
    /**
     * Glue schedule of the publish job, in UTC. A snapshot is one day's (`snapshot=<date>`),
     * so the job runs at most once a day: a fixed minute and hour. @default "cron(0 5 * * ? *)"
     */
    schedule: z
        .string({ error: 'must be a Glue cron expression such as "cron(0 5 * * ? *)" (daily at 05:00 UTC)' })
        .refine(isDailyCron, {
            error: (iss) =>
                `${JSON.stringify(iss.input)} is not a daily Glue schedule: each run publishes the snapshot of its day (snapshot=<date>), so give a fixed minute and hour, ` +
                'e.g. "cron(0 5 * * ? *)" (05:00 UTC every day) or "cron(30 6 ? * MON-FRI *)" (06:30 UTC on weekdays)',
        })
        .default("cron(0 5 * * ? *)"),
});

export type PublishSettings = z.output<typeof publishSchema>;

/** When a product's publish job runs when the topology says nothing: the schema's defaults (daily, 05:00 UTC). */
export const PUBLISH_DEFAULTS: PublishSettings = publishSchema.parse({});

declare module "../../core/topology/schema" {
    interface DataProductFields {
        /** Patterns 1 and 3: when the producer publishes the product's snapshot (see publishSchema). */
        publish?: PublishSettings;
    }
}
