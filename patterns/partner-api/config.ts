import { z } from "zod";
import { catalogName } from "../../core/topology/schema";
import { BATCH_LIMITS } from "./microbatch/config";

/**
 * Pattern 5's configuration in the topology: the export of a product kept in Redshift to the
 * API's partners (`dataProducts[].microbatch`). Its stack settings are in settings.ts, its
 * rules in rules.ts.
 */

/**
 * Pattern 5 for a product kept in Redshift: a scheduled function exports the rows added to
 * each of its tables since the last run, PII redacted, to `<product>/<table>/` of
 * Published Datasets, from where replication carries them to the partner API's bucket.
 */
export const microbatchSchema = z.strictObject({
    /** A column of every table whose values only grow as rows are added (an identity id, an event time). */
    watermarkColumn: catalogName,
    /** EventBridge schedule of the export. @default "rate(15 minutes)" */
    schedule: z
        .string()
        .regex(/^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\([^)]+\))$/, {
            error: (iss) => `${JSON.stringify(iss.input)} is not a schedule: use "rate(15 minutes)" or a cron(...) expression`,
        })
        .default("rate(15 minutes)"),
    /** Most rows exported per run and table. @default 10000 */
    batchLimit: z.number().int().min(1).max(BATCH_LIMITS.max).default(BATCH_LIMITS.default),
    /**
     * For a time watermark (`timestamp` or `date`): rows stamped in the last seconds wait for a
     * later run, so a load that commits late is not skipped. Only for time columns: an id has
     * no "late". @default 300 for a time watermark
     */
    settleSeconds: z.number().int().min(0).max(86400).optional(),
});

export type MicrobatchSettings = z.output<typeof microbatchSchema>;

declare module "../../core/topology/schema" {
    interface DataProductFields {
        /** Pattern 5's export of a product kept in Redshift to API partners (see microbatchSchema). */
        microbatch?: MicrobatchSettings;
    }
}

/** Whether a Glue column type is a time: only a time watermark can wait for late rows (microbatch.settleSeconds). */
export function isTimeType(type: string): boolean {
    return /^(timestamp|date)$/i.test(type);
}
