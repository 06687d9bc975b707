import { SOURCES } from "../../core/advisor/advisor";
import { finding } from "../../core/advisor/inputs";
import { datasharesOf, needsWarehouse, redshiftProducts } from "./model";
import { REDSHIFT_CONTRACT, REDSHIFT_RULES, redshiftSharingSchema, warehouseChecks } from "./config";
import { redshiftDatashareProgram } from "./program";
import { datashareReport } from "./report";
import { RegisteredPattern } from "../registration";

/**
 * Pattern 4, Amazon Redshift data sharing: a product kept in Redshift is shared from the
 * producer's warehouse (option A) or from a copy in the external account's (option B), and
 * each consumer makes a database of the datashare in its own warehouse.
 */

declare module "../../core/topology/patterns" {
    interface PatternIds {
        "redshift-datashare": true;
    }
}

const STORE = "This pattern is ideally suited for a producer who has most of their published data products on Amazon Redshift.";
const RULE = "project rule (patterns/redshift-datashare/config.ts): pattern 4 shares tables kept in Redshift (option A directly, option B through a copy)";
const OPTION_B = "Option B – The producer may have constraints with respect to sharing the production cluster.";
const CONSUMER =
    "This pattern also requires the producer’s external sharing account (Account B) and the consumer account (Account C) to have an encrypted Amazon Redshift cluster or Amazon Redshift Serverless endpoint";

export const redshiftDatashare = {
    name: "redshift-datashare",
    implements: [
        {
            id: "redshift-datashare",
            number: 4,
            title: "Amazon Redshift data sharing",
            needs: [],
            consumerOnAws: true,
            structures: ["structured"],
            classifications: ["public", "private", "confidential"],
            advice: {
                // "... to have an encrypted Amazon Redshift cluster or Amazon Redshift Serverless endpoint"
                services: ["redshift"],
                consumerSource: CONSUMER,
                assess: (s) => {
                    const store = s.store ?? "s3";
                    return [
                        ...(store === "s3"
                            ? [
                                  finding(
                                      "store",
                                      "excludes",
                                      "shares tables kept in Redshift, and this data is kept in S3 (load it into Redshift first, or use a pattern that shares S3 data)",
                                      RULE,
                                  ),
                              ]
                            : store === "redshift"
                              ? [finding("store", "for", "ideally suited when the published data is on Amazon Redshift", STORE)]
                              : [finding("store", "against", "reaches only the part of the data kept in Redshift", STORE)]),
                        ...(s.isolateProduction
                            ? [
                                  finding(
                                      "isolation",
                                      "note",
                                      "use option B (redshift.option: external-copy) so consumers never reach the production warehouse",
                                      OPTION_B,
                                  ),
                              ]
                            : []),
                        ...(s.size === "large"
                            ? [finding("size", "for", "consumers query the data in place, with no copy per consumer", SOURCES.inPlace)]
                            : []),
                    ];
                },
                // The rules refuse a datashare of a product not kept in Redshift in words of their own.
                enforcedByRules: (r) => r.factor === "store",
                sources: [STORE, RULE, OPTION_B, CONSUMER, SOURCES.inPlace],
            },
        },
    ],
    topology: { product: { redshift: redshiftSharingSchema.optional() }, rules: REDSHIFT_RULES },
    settings: { shape: {}, checks: warehouseChecks },
    contract: REDSHIFT_CONTRACT,
    // Option B's datashares are the external account's.
    consumerReads: (topology, consumer) =>
        redshiftProducts(topology).some(
            (p) => p.sharedFrom === "external" && consumer.access.some((a) => a.product === p.product.name && a.patterns.includes("redshift-datashare")),
        )
            ? ["external"]
            : [],
    warehouse: {
        needed: (topology, role, consumer) => needsWarehouse(topology, role, consumer),
        built: (topology, role) => {
            const copied = role === "producer" ? datasharesOf(topology, "external").map((p) => p.product.name) : [];
            return copied.length > 0 ? `option B's copy job (${copied.join(", ")}) runs in the warehouse's VPC` : undefined;
        },
    },
    // Option B is the topology's sign that consumers are kept from production.
    situation: (product) => ({ isolateProduction: product.redshift?.option === "external-copy" }),
    program: redshiftDatashareProgram,
    report: datashareReport,
    live: () => import("./live").then((m) => m.datashareReaders),
} satisfies RegisteredPattern;
