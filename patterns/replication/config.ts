import { z } from "zod";

/** Replication's configuration: how the producer's Published Datasets are copied into the external account (`patterns.replication`). */
export const replicationSchema = z.strictObject({
    /** Replication metrics and events. @default false */
    metrics: z.boolean().default(false),
    /** S3 Replication Time Control (15-minute SLA, extra cost); turns metrics on. @default false */
    replicationTimeControl: z.boolean().default(false),
});

export type ReplicationOptions = z.output<typeof replicationSchema>;

declare module "../../core/topology/schema" {
    interface PatternSections {
        /** The replication of Published Datasets into the external account (patterns 1, 3, 5, and 6 on its bucket). */
        replication: ReplicationOptions;
    }
}
