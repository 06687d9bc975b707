import { sharesS3Only } from "../../core/advisor/advisor";
import { finding } from "../../core/advisor/inputs";
import { accessPointHost, accessPointRules, accessPointSchema, accessPointsSchema } from "./config";
import { accessPointProgram } from "./program";
import { accessPointReport } from "./report";
import { RegisteredPattern } from "../registration";

/**
 * Pattern 6, Amazon S3 access points: each consumer gets an access point of its own on a
 * Published Datasets bucket (the external account's, or the producer's), admitting its roles
 * to its products' folders only, optionally from its VPC only.
 */

declare module "../../core/topology/patterns" {
    interface PatternIds {
        "access-point": true;
    }
}

const S3 =
    "Access points are named network endpoints that are attached to buckets that you can use to perform S3 object operations, such as GetObject and PutObject.";
const DOCUMENTS =
    "Data scientists may need to work collaboratively on image, videos, and text documents. Legal and audit groups may want to share reports and statements with the auditing agencies. This pattern discusses an approach to sharing such documents.";
const CONSUMER = "The pattern assumes that the external partners are also on AWS.";

export const accessPoint = {
    name: "access-point",
    implements: [
        {
            id: "access-point",
            number: 6,
            title: "Amazon S3 access points",
            needs: [],
            consumerOnAws: true,
            structures: ["structured", "unstructured"],
            classifications: ["public", "private", "confidential"],
            servedFromExternalCopy: (t) => accessPointHost(t) === "external",
            advice: {
                // "Amazon S3 access points allow the producer to share access with their consumer"
                services: ["s3"],
                consumerSource: CONSUMER,
                assess: (s) => [
                    ...sharesS3Only(s, S3),
                    s.structure === "unstructured"
                        ? finding("structure", "for", "written for documents: images, videos, text, reports and statements", DOCUMENTS)
                        : finding(
                              "structure",
                              "against",
                              "written for documents; structured tables are better queried in place through Lake Formation or Redshift data sharing",
                              DOCUMENTS,
                          ),
                ],
                sources: [S3, DOCUMENTS, CONSUMER],
            },
        },
    ],
    topology: {
        consumer: { accessPoint: accessPointSchema.optional() },
        sections: { accessPoints: accessPointsSchema.prefault({}) },
        rules: [accessPointRules],
    },
    // A consumer's access point is on the bucket the topology chooses.
    consumerReads: (topology, consumer) => (consumer.patterns.includes("access-point") ? [accessPointHost(topology)] : []),
    program: accessPointProgram,
    report: accessPointReport,
    live: () => import("./live").then((m) => m.accessPointReaders),
} satisfies RegisteredPattern;
