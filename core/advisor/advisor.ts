import { PATTERNS, PATTERN_IDS, PatternId } from "../topology/patterns";
import { Advice, AwsService, Effect, Factor, PatternAssessment, Reason, SharingSituation } from "./inputs";

/**
 * The decision tree of reference/000 ("Patterns for enterprise data sharing at scale") as a
 * pure function. The tree itself is an image the text does not carry, so its branches are
 * rebuilt from the prose: every branch below cites the sentence it rests on. The reference
 * orders the choice "based on service availability, classification type, and data format
 * (structured or unstructured)", then lists further factors that "may also affect the
 * choice"; the first kind are hard constraints here, the second preferences.
 *
 * Where the reference names a factor but gives no rule (data size, bulk or API, how many
 * partners), the preference is this project's judgement and its source says so.
 */

/** Services each pattern is built from, as the reference describes it. */
export const PATTERN_SERVICES: Readonly<Record<PatternId, readonly AwsService[]>> = {
    // "Organizations can choose to share data privately using AWS Data Exchange with their external partners."
    "data-exchange": ["dataexchange"],
    // "The producer grants Lake Formation permissions on an AWS Glue Data Catalog resource ...
    // Lake Formation uses AWS Resource Access Manager (AWS RAM) to share the resource."
    "lake-formation-central": ["lakeformation", "glue", "ram", "s3"],
    // Pattern 3 replicates an S3 bucket and then "follows the same process to grant access".
    "lake-formation-external": ["lakeformation", "glue", "ram", "s3"],
    // "... to have an encrypted Amazon Redshift cluster or Amazon Redshift Serverless endpoint"
    "redshift-datashare": ["redshift"],
    // Workflow steps 2-7: API Gateway, a Lambda receiver and poller, a DynamoDB control table,
    // results in S3 and a presigned link sent through Amazon SES.
    "partner-api": ["apigateway", "lambda", "dynamodb", "s3", "ses"],
    // "Amazon S3 access points allow the producer to share access with their consumer"
    "access-point": ["s3"],
};

/** From this many partners, managing entitlements per consumer becomes the cost that matters. */
export const MANY_PARTNERS = 5;

const PROJECT_JUDGEMENT = "project judgement: reference/000 names this factor without a rule";

/** Sentences of reference/000 the branches rest on, quoted so a reviewer can find them. */
export const SOURCES = {
    services:
        "if an organization is required to operate in a Fedramp Medium or Fedramp High environment, their options to share data may be limited by the AWS services that are available and have been allow listed.",
    classification: "Complying with data classification rules may further limit their choice of data sharing options they may choose.",
    confidential:
        "Confidential or restricted data access might involve aspects of identity and authorization management. (project rule, core/topology/patterns.ts: Data Exchange hands entitlements to a marketplace service, so it carries public or private data only)",
    structure: "choosing your data sharing option based on service availability, classification type, and data format (structured or unstructured)",
    consumer: {
        "data-exchange": "project rule (core/topology/patterns.ts): Data Exchange entitles AWS accounts that subscribe to the data set",
        "lake-formation-central": "You can use this pattern in cases where both the producer and consumer are on the AWS Services with an AWS account that is enabled to use AWS Lake Formation.",
        "lake-formation-external": "The administrator follows the same process to grant access as described earlier. (pattern 2, which needs both parties on AWS)",
        "redshift-datashare": "This pattern also requires the producer’s external sharing account (Account B) and the consumer account (Account C) to have an encrypted Amazon Redshift cluster or Amazon Redshift Serverless endpoint",
        "partner-api": "You can adopt this pattern when the external partner doesn’t have a presence on AWS.",
        "access-point": "The pattern assumes that the external partners are also on AWS.",
    } as Record<PatternId, string>,
    lakeS3: "Resource links from the production account Amazon Simple Storage Service (Amazon S3) bucket are created in Lake Formation.",
    externalS3: "Lake Formation is set up on Account B, and the administrator creates resources links for the “External Published Datasets” S3 bucket in its account to grant access.",
    accessPointS3: "Access points are named network endpoints that are attached to buckets that you can use to perform S3 object operations, such as GetObject and PutObject.",
    redshiftStore: "This pattern is ideally suited for a producer who has most of their published data products on Amazon Redshift.",
    redshiftRule: "project rule (core/topology/rules.ts): pattern 4 shares tables kept in Redshift (option A directly, option B through a copy)",
    lakeFormationOff:
        "They may also not have Lake Formation enabled on their production platform. In such cases, as shown in the following diagram, the producer production account (Account A) is dedicated to its internal organization users.",
    severalStores:
        "You can also use this pattern when published data products are spread across various services like Amazon S3, Amazon Redshift, Amazon DynamoDB, and Amazon OpenSearch Service but the producer would like to maintain a single data sharing interface.",
    documents:
        "Data scientists may need to work collaboratively on image, videos, and text documents. Legal and audit groups may want to share reports and statements with the auditing agencies. This pattern discusses an approach to sharing such documents.",
    publicData: "AWS services like AWS Data Exchange provide an avenue for companies to share or monetize their value-added data with other companies.",
    entitlements:
        "The producer doesn’t have to manage policies, set up new access points, or create new Amazon Redshift data shares for each consumer, and access is automatically revoked if the subscription ends.",
    tagScale: `${PROJECT_JUDGEMENT} (multi-partner accessibility); DESIGN.md: Lake Formation tag-based grants grow with consumers plus tables, not consumers times tables`,
    isolation:
        "The producer may have stringent security requirements where no external consumer should access their production account or their centralized governance account.",
    optionB: "Option B – The producer may have constraints with respect to sharing the production cluster.",
    separation:
        "Creating a copy of the data allows the producer to add another degree of separation between the external consumer and its production data. It also helps meet any compliance or data sovereignty requirements.",
    api: `An HTTPS API request is sent from the API consumer to the API proxy layer. (${PROJECT_JUDGEMENT}: consumption pattern)`,
    microbatch: `Company A establishes a microbatch process ... to get incremental log data (${PROJECT_JUDGEMENT}: consumption pattern, data size)`,
    inPlace: `After both the producer and consumer admins approve the data sharing request, the consumer user can access this data as if it were part of their own account without have to write any additional code. (${PROJECT_JUDGEMENT}: data size)`,
    apiOffAws: "You can adopt this pattern when the external partner doesn’t have a presence on AWS. You can also use this pattern when published data products are spread across various services",
} as const;

const LAKE_PATTERNS: readonly PatternId[] = ["lake-formation-central", "lake-formation-external"];
const S3_ONLY: readonly PatternId[] = [...LAKE_PATTERNS, "access-point"];

/** Recommends the sharing patterns for one situation, with every reason for and against each. */
export function advise(situation: SharingSituation): Advice {
    const reasons = PATTERN_IDS.flatMap((p) => assess(p, situation));
    const assessments = Object.fromEntries(
        PATTERN_IDS.map((pattern): [PatternId, PatternAssessment] => {
            const own = reasons.filter((r) => r.pattern === pattern);
            return [pattern, { pattern, viable: !own.some((r) => r.effect === "excludes"), score: own.reduce((s, r) => s + WEIGHT[r.effect], 0), reasons: own }];
        }),
    ) as Record<PatternId, PatternAssessment>;
    const viable = PATTERN_IDS.filter((p) => assessments[p].viable).sort((a, b) => assessments[b].score - assessments[a].score || PATTERNS[a].number - PATTERNS[b].number);
    const top = viable.length > 0 ? assessments[viable[0]].score : 0;
    return {
        recommended: viable.filter((p) => assessments[p].score === top),
        viable,
        excluded: PATTERN_IDS.filter((p) => !assessments[p].viable),
        assessments,
    };
}

const WEIGHT: Record<Effect, number> = { excludes: 0, for: 1, against: -1, note: 0 };

/** Every branch of the tree that concerns one pattern, in the reference's order. */
function assess(p: PatternId, s: SharingSituation): Reason[] {
    const out: Reason[] = [];
    const add = (factor: Factor, effect: Effect, message: string, source: string) => out.push({ pattern: p, factor, effect, message, source });
    const store = s.store ?? "s3";
    const facts = PATTERNS[p];

    // Branch 1, service availability and allow-listing (hard).
    if (s.allowedServices) {
        const missing = PATTERN_SERVICES[p].filter((svc) => !s.allowedServices!.has(svc));
        if (missing.length > 0) {
            add("services", "excludes", `needs ${missing.join(", ")}, which ${missing.length === 1 ? "is" : "are"} not available or not allow-listed here`, SOURCES.services);
        }
    }
    // Lake Formation must be usable in the production account for pattern 2 (hard).
    if (p === "lake-formation-central" && s.lakeFormationOnProduction === false) {
        add("lake-formation", "excludes", "shares from the production account's catalog, where Lake Formation is not enabled: use pattern 3 from the external sharing account", SOURCES.lakeFormationOff);
    }

    // Branch 2, classification (hard): the project's table of what each pattern may carry.
    if (!facts.classifications.includes(s.classification)) {
        add("classification", "excludes", `may carry only ${facts.classifications.join(" or ")} data, and this data is ${s.classification}`, s.classification === "confidential" ? SOURCES.confidential : SOURCES.classification);
    }

    // Branch 3, data format (hard): Glue catalog tables and Redshift tables need structured data.
    if (!facts.structures.includes(s.structure)) {
        add("structure", "excludes", `shares ${facts.structures.join(" or ")} data (tables) only, and this data is ${s.structure}`, SOURCES.structure);
    }

    // Consumer presence on AWS (hard): only the API pattern serves a partner outside AWS.
    if (!s.consumerOnAws && facts.consumerOnAws) {
        add("consumer", "excludes", "needs a consumer with an AWS account; a partner outside AWS is served through partner-api", SOURCES.consumer[p]);
    }

    // Where the data lives (hard where the pattern cannot reach the store at all).
    if (S3_ONLY.includes(p)) {
        const source = p === "lake-formation-central" ? SOURCES.lakeS3 : p === "lake-formation-external" ? SOURCES.externalS3 : SOURCES.accessPointS3;
        if (store === "redshift") {
            add("store", "excludes", "shares data kept in S3, and this data is kept in Redshift (publish it to S3 first, or use a pattern that reaches Redshift)", source);
        } else if (store === "several") {
            add("store", "against", "reaches only the part of the data kept in S3", source);
        }
    }
    if (p === "redshift-datashare") {
        if (store === "s3") {
            add("store", "excludes", "shares tables kept in Redshift, and this data is kept in S3 (load it into Redshift first, or use a pattern that shares S3 data)", SOURCES.redshiftRule);
        } else if (store === "redshift") {
            add("store", "for", "ideally suited when the published data is on Amazon Redshift", SOURCES.redshiftStore);
        } else {
            add("store", "against", "reaches only the part of the data kept in Redshift", SOURCES.redshiftStore);
        }
    }
    if (p === "partner-api" && store === "several") {
        add("store", "for", "one sharing interface over data spread across several services", SOURCES.severalStores);
    }

    // Further factors (preferences).
    if (p === "partner-api" && s.consumerOnAws && store !== "several") {
        add("consumer", "against", "the reference offers the API for partners without AWS presence or for data spread across services; this consumer is on AWS and the data is in one store", SOURCES.apiOffAws);
    }
    if (p === "access-point") {
        if (s.structure === "unstructured") {
            add("structure", "for", "written for documents: images, videos, text, reports and statements", SOURCES.documents);
        } else {
            add("structure", "against", "written for documents; structured tables are better queried in place through Lake Formation or Redshift data sharing", SOURCES.documents);
        }
    }
    if (p === "data-exchange" && s.classification === "public") {
        add("classification", "for", "suits public, value-added data offered to other companies", SOURCES.publicData);
    }
    if (p === "lake-formation-external" && s.classification === "confidential") {
        add("classification", "for", "a separate copy in the external sharing account keeps consumers away from production data", SOURCES.separation);
    }
    const partners = s.partners ?? 1;
    if (partners >= MANY_PARTNERS) {
        if (p === "data-exchange") {
            add("partners", "for", `${partners} partners: Data Exchange manages entitlements and revokes access when a subscription ends, with no per-consumer policy`, SOURCES.entitlements);
        }
        if (LAKE_PATTERNS.includes(p)) {
            add("partners", "for", `${partners} partners: tag-based grants scale with consumers plus tables`, SOURCES.tagScale);
        }
    }
    if (s.isolateProduction) {
        if (p === "lake-formation-central") {
            add("isolation", "against", "consumers reach the production and governance catalogs; pattern 3 shares a copy from the external sharing account instead", SOURCES.isolation);
        }
        if (p === "lake-formation-external") {
            add("isolation", "for", "consumers reach only the external sharing account", SOURCES.isolation);
        }
        if (p === "redshift-datashare") {
            add("isolation", "note", "use option B (redshift.option: external-copy) so consumers never reach the production warehouse", SOURCES.optionB);
        }
    }
    if (s.consumption === "api" && p === "partner-api") {
        add("consumption", "for", "consumers request data through an HTTPS API", SOURCES.api);
    }
    if (s.consumption === "bulk" && p === "partner-api") {
        add("consumption", "against", "each request is a polled job answered with one file behind a presigned link: built for incremental extracts, not bulk loads", SOURCES.microbatch);
    }
    if (s.size === "large") {
        if (p === "partner-api") {
            add("size", "against", "large data handed out file by file through presigned links", SOURCES.microbatch);
        }
        if (p === "lake-formation-central" || p === "redshift-datashare") {
            add("size", "for", "consumers query the data in place, with no copy per consumer", SOURCES.inPlace);
        }
    }
    return out;
}

/** The hard reasons that rule a pattern out, or none when it is viable. */
export function hardReasons(advice: Advice, pattern: PatternId): Reason[] {
    return advice.assessments[pattern].reasons.filter((r) => r.effect === "excludes");
}

/** The preferences that count against a pattern. */
export function reasonsAgainst(advice: Advice, pattern: PatternId): Reason[] {
    return advice.assessments[pattern].reasons.filter((r) => r.effect === "against");
}
