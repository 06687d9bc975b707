import { replicationSchema } from "./config";
import { replicationProgram } from "./program";
import { RegisteredPattern } from "../registration";

/**
 * Replication, the producer's step the patterns served from the external account build on
 * (1, 3, 5, and 6 when its access points are there): S3 replication copies Published
 * Datasets into the external account's, re-encrypted with its key.
 */
export const replication = {
    name: "replication",
    implements: [],
    topology: { sections: { replication: replicationSchema.prefault({}) } },
    program: replicationProgram,
    report: {
        // Replication writes into the external bucket: plumbing between the platform's own accounts, drawn as its own arrow.
        edges: (evaluation) => {
            const { producer, external } = evaluation.topology;
            const replicates = evaluation.stacks.some(
                (s) => s.account.role === "producer" && s.resources.some((r) => r.type === "aws:s3/bucketReplicationConfig:BucketReplicationConfig"),
            );
            return replicates && external ? [{ from: producer.accountId, to: external.accountId, label: "S3 replication of Published Datasets" }] : [];
        },
    },
} satisfies RegisteredPattern;
