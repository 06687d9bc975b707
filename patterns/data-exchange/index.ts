import { MANY_PARTNERS } from "../../core/advisor/advisor";
import { finding } from "../../core/advisor/inputs";
import { RegisteredPattern } from "../registration";
import { dataExchangeChecks } from "./checks";
import { DATA_EXCHANGE_CONTRACT, DATA_EXCHANGE_RULES, dataExchangeSchema, dataExchangeSettingsSchema, dataGrantsOf } from "./config";
import { dataExchangeProgram } from "./program";
import { dataExchangeMocks, dataExchangeReport } from "./report";

/**
 * Pattern 1, AWS Data Exchange: the external account turns each snapshot the producer
 * publishes into a revision of the product's data set, and grants the data set to each
 * consumer account until its end date, which Data Exchange enforces by itself.
 */

declare module "../../core/topology/patterns" {
    interface PatternIds {
        "data-exchange": true;
    }
}

const PUBLIC_DATA = "AWS services like AWS Data Exchange provide an avenue for companies to share or monetize their value-added data with other companies.";
const ENTITLEMENTS =
    "The producer doesn’t have to manage policies, set up new access points, or create new Amazon Redshift data shares for each consumer, and access is automatically revoked if the subscription ends.";
const CONFIDENTIAL =
    "Confidential or restricted data access might involve aspects of identity and authorization management. (project rule, patterns/data-exchange/index.ts: Data Exchange hands entitlements to a marketplace service, so it carries public or private data only)";
const CONSUMER = "project rule (patterns/data-exchange/index.ts): Data Exchange entitles AWS accounts that subscribe to the data set";

export const dataExchange = {
    name: "data-exchange",
    implements: [
        {
            id: "data-exchange",
            number: 1,
            title: "AWS Data Exchange",
            needs: ["external"],
            consumerOnAws: true,
            structures: ["structured", "unstructured"],
            // Data Exchange hands entitlement management to a marketplace service, so confidential
            // data (which needs the producer's own identity and authorisation controls) may not use it.
            classifications: ["public", "private"],
            servesPublishedSnapshots: true,
            servedFromExternalCopy: () => true,
            advice: {
                // "Organizations can choose to share data privately using AWS Data Exchange with their external partners."
                services: ["dataexchange"],
                consumerSource: CONSUMER,
                classificationSource: CONFIDENTIAL,
                assess: (s) => [
                    ...(s.classification === "public"
                        ? [finding("classification", "for", "suits public, value-added data offered to other companies", PUBLIC_DATA)]
                        : []),
                    ...((s.partners ?? 1) >= MANY_PARTNERS
                        ? [
                              finding(
                                  "partners",
                                  "for",
                                  `${s.partners} partners: Data Exchange manages entitlements and revokes access when a subscription ends, with no per-consumer policy`,
                                  ENTITLEMENTS,
                              ),
                          ]
                        : []),
                ],
                sources: [PUBLIC_DATA, ENTITLEMENTS, CONFIDENTIAL, CONSUMER],
            },
        },
    ],
    topology: { product: { dataExchange: dataExchangeSchema.optional() }, rules: DATA_EXCHANGE_RULES },
    settings: { shape: { dataExchange: dataExchangeSettingsSchema.prefault({}) }, checks: dataExchangeChecks },
    contract: DATA_EXCHANGE_CONTRACT,
    consumerSlice: { dataGrants: dataGrantsOf },
    program: dataExchangeProgram,
    report: dataExchangeReport,
    live: () => import("./live").then((m) => m.dataExchangeReaders),
    mocks: dataExchangeMocks,
} satisfies RegisteredPattern;
