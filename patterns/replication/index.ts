import { Pattern } from "../../core/pattern";
import { replicationSchema } from "./config";

/**
 * Replication, the producer's step the patterns served from the external account build on
 * (1, 3, 5, and 6 when its access points are there): S3 replication copies Published
 * Datasets into the external account's, re-encrypted with its key.
 */
export const replication = {
    name: "replication",
    implements: [],
    topology: { sections: { replication: replicationSchema.prefault({}) } },
} satisfies Pattern;
