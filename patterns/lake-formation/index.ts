import { MANY_PARTNERS, PROJECT_JUDGEMENT, SOURCES, sharesS3Only } from "../../core/advisor/advisor";
import { Finding, SharingSituation, finding } from "../../core/advisor/inputs";
import { LAKE_FORMATION_RULES, lakeFormationSchema, rowFilterSchema } from "./config";
import { lakeFormationProgram } from "./program";
import { lakeFormationReport } from "./report";
import { RegisteredPattern } from "../registration";
import { z } from "zod";

/**
 * Patterns 2 and 3, Lake Formation sharing, which share their code: the account that owns a
 * catalog grants consumer accounts its tables (by LF-tag expression, or by name), through
 * RAM, and each consumer's admin grants its own principals through resource links. Pattern 2:
 * central governance owns a catalog declared over the producer's lake. Pattern 3: the
 * external account owns the catalog of its copy of Published Datasets.
 */

declare module "../../core/topology/patterns" {
    interface PatternIds {
        "lake-formation-central": true;
        "lake-formation-external": true;
    }
}

const LAKE_S3 = "Resource links from the production account Amazon Simple Storage Service (Amazon S3) bucket are created in Lake Formation.";
const EXTERNAL_S3 =
    "Lake Formation is set up on Account B, and the administrator creates resources links for the “External Published Datasets” S3 bucket in its account to grant access.";
const LAKE_FORMATION_OFF =
    "They may also not have Lake Formation enabled on their production platform. In such cases, as shown in the following diagram, the producer production account (Account A) is dedicated to its internal organization users.";
const TAG_SCALE = `${PROJECT_JUDGEMENT} (multi-partner accessibility); DESIGN.md: Lake Formation tag-based grants grow with consumers plus tables, not consumers times tables`;
const ISOLATION =
    "The producer may have stringent security requirements where no external consumer should access their production account or their centralized governance account.";
const SEPARATION =
    "Creating a copy of the data allows the producer to add another degree of separation between the external consumer and its production data. It also helps meet any compliance or data sovereignty requirements.";
const CENTRAL_CONSUMER =
    "You can use this pattern in cases where both the producer and consumer are on the AWS Services with an AWS account that is enabled to use AWS Lake Formation.";
const EXTERNAL_CONSUMER = "The administrator follows the same process to grant access as described earlier. (pattern 2, which needs both parties on AWS)";

/** Tag-based grants scale with consumers plus tables: a preference of both patterns with many partners. */
const manyPartners = (s: SharingSituation): Finding[] =>
    (s.partners ?? 1) >= MANY_PARTNERS
        ? [finding("partners", "for", `${s.partners} partners: tag-based grants scale with consumers plus tables`, TAG_SCALE)]
        : [];

// "The producer grants Lake Formation permissions on an AWS Glue Data Catalog resource ...
// Lake Formation uses AWS Resource Access Manager (AWS RAM) to share the resource."
const SERVICES = ["lakeformation", "glue", "ram", "s3"] as const;

export const lakeFormation = {
    name: "lake-formation",
    implements: [
        {
            id: "lake-formation-central",
            number: 2,
            title: "Lake Formation with central governance",
            needs: ["governance"],
            consumerOnAws: true,
            structures: ["structured"],
            classifications: ["public", "private", "confidential"],
            advice: {
                services: SERVICES,
                consumerSource: CENTRAL_CONSUMER,
                // Lake Formation must be usable in the production account for pattern 2 (hard).
                prerequisites: (s) =>
                    s.lakeFormationOnProduction === false
                        ? [
                              finding(
                                  "lake-formation",
                                  "excludes",
                                  "shares from the production account's catalog, where Lake Formation is not enabled: use pattern 3 from the external sharing account",
                                  LAKE_FORMATION_OFF,
                              ),
                          ]
                        : [],
                assess: (s) => [
                    ...sharesS3Only(s, LAKE_S3),
                    ...manyPartners(s),
                    ...(s.isolateProduction
                        ? [
                              finding(
                                  "isolation",
                                  "against",
                                  "consumers reach the production and governance catalogs; pattern 3 shares a copy from the external sharing account instead",
                                  ISOLATION,
                              ),
                          ]
                        : []),
                    ...(s.size === "large" ? [finding("size", "for", "consumers query the data in place, with no copy per consumer", SOURCES.inPlace)] : []),
                ],
                sources: [LAKE_S3, LAKE_FORMATION_OFF, TAG_SCALE, ISOLATION, CENTRAL_CONSUMER, SOURCES.inPlace],
            },
        },
        {
            id: "lake-formation-external",
            number: 3,
            title: "Lake Formation from the external sharing account",
            needs: ["external"],
            consumerOnAws: true,
            structures: ["structured"],
            classifications: ["public", "private", "confidential"],
            servesPublishedSnapshots: true,
            servedFromExternalCopy: () => true,
            advice: {
                // Pattern 3 replicates an S3 bucket and then "follows the same process to grant access".
                services: SERVICES,
                consumerSource: EXTERNAL_CONSUMER,
                assess: (s) => [
                    ...sharesS3Only(s, EXTERNAL_S3),
                    ...(s.classification === "confidential"
                        ? [
                              finding(
                                  "classification",
                                  "for",
                                  "a separate copy in the external sharing account keeps consumers away from production data",
                                  SEPARATION,
                              ),
                          ]
                        : []),
                    ...manyPartners(s),
                    ...(s.isolateProduction ? [finding("isolation", "for", "consumers reach only the external sharing account", ISOLATION)] : []),
                ],
                sources: [EXTERNAL_S3, SEPARATION, TAG_SCALE, ISOLATION, EXTERNAL_CONSUMER],
            },
        },
    ],
    topology: {
        sections: { lakeFormation: lakeFormationSchema.prefault({}) },
        access: { rowFilters: z.array(rowFilterSchema).default([]) },
        rules: LAKE_FORMATION_RULES,
    },
    program: lakeFormationProgram,
    report: lakeFormationReport,
    live: () => import("./live").then((m) => m.lakeFormationReaders),
} satisfies RegisteredPattern;
