import { PROJECT_JUDGEMENT } from "../../core/advisor/advisor";
import { finding } from "../../core/advisor/inputs";
import { microbatchSources } from "./model";
import { microbatchSchema } from "./config";
import { partnerApiProgram } from "./program";
import { partnerApiReport } from "./report";
import { RegisteredPattern } from "../registration";
import { PARTNER_API_RULES } from "./rules";
import { PARTNER_API_SETTINGS, partnerApiChecks } from "./settings";

/**
 * Pattern 5, a private API with PII redaction: partners not on AWS request data through an
 * API of the external account and get a download link by e-mail; the producer exports the
 * new rows of its Redshift tables, PII redacted, optionally from inside a network perimeter.
 */

declare module "../../core/topology/patterns" {
    interface PatternIds {
        "partner-api": true;
    }
}

const SEVERAL_STORES =
    "You can also use this pattern when published data products are spread across various services like Amazon S3, Amazon Redshift, Amazon DynamoDB, and Amazon OpenSearch Service but the producer would like to maintain a single data sharing interface.";
const OFF_AWS =
    "You can adopt this pattern when the external partner doesn’t have a presence on AWS. You can also use this pattern when published data products are spread across various services";
const API = `An HTTPS API request is sent from the API consumer to the API proxy layer. (${PROJECT_JUDGEMENT}: consumption pattern)`;
const MICROBATCH = `Company A establishes a microbatch process ... to get incremental log data (${PROJECT_JUDGEMENT}: consumption pattern, data size)`;
const CONSUMER = "You can adopt this pattern when the external partner doesn’t have a presence on AWS.";

export const partnerApi = {
    name: "partner-api",
    implements: [
        {
            id: "partner-api",
            number: 5,
            title: "Private API with PII redaction",
            needs: ["external"],
            consumerOnAws: false,
            structures: ["structured", "unstructured"],
            classifications: ["public", "private", "confidential"],
            servedFromExternalCopy: () => true,
            advice: {
                // Workflow steps 2-7: API Gateway, a Lambda receiver and poller, a DynamoDB control table,
                // results in S3 and a presigned link sent through Amazon SES.
                services: ["apigateway", "lambda", "dynamodb", "s3", "ses"],
                consumerSource: CONSUMER,
                assess: (s) => {
                    const store = s.store ?? "s3";
                    return [
                        ...(store === "several"
                            ? [finding("store", "for", "one sharing interface over data spread across several services", SEVERAL_STORES)]
                            : []),
                        ...(s.consumerOnAws && store !== "several"
                            ? [
                                  finding(
                                      "consumer",
                                      "against",
                                      "the reference offers the API for partners without AWS presence or for data spread across services; this consumer is on AWS and the data is in one store",
                                      OFF_AWS,
                                  ),
                              ]
                            : []),
                        ...(s.consumption === "api" ? [finding("consumption", "for", "consumers request data through an HTTPS API", API)] : []),
                        ...(s.consumption === "bulk"
                            ? [
                                  finding(
                                      "consumption",
                                      "against",
                                      "each request is a polled job answered with one file behind a presigned link: built for incremental extracts, not bulk loads",
                                      MICROBATCH,
                                  ),
                              ]
                            : []),
                        ...(s.size === "large" ? [finding("size", "against", "large data handed out file by file through presigned links", MICROBATCH)] : []),
                    ];
                },
                sources: [SEVERAL_STORES, OFF_AWS, API, MICROBATCH, CONSUMER],
            },
        },
    ],
    topology: { product: { microbatch: microbatchSchema.optional() }, rules: PARTNER_API_RULES },
    settings: { shape: PARTNER_API_SETTINGS, checks: partnerApiChecks },
    // The export reads the producer's warehouse, with a user whose secret is under the warehouse's key.
    warehouse: {
        needed: (topology, role) => role === "producer" && microbatchSources(topology).length > 0,
        built: (topology, role) => {
            const exported = role === "producer" ? [...new Set(microbatchSources(topology).map((m) => m.product.name))] : [];
            return exported.length > 0
                ? `pattern 5's export (${exported.join(", ")}) reads it with a user whose secret is under the warehouse's key`
                : undefined;
        },
    },
    program: partnerApiProgram,
    report: partnerApiReport,
    live: () => import("./live").then((m) => m.partnerApiReaders),
} satisfies RegisteredPattern;
