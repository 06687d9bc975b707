import { PatternId } from "../topology/patterns";
import { Advice, AdvisedPattern, Effect, Factor, Finding, PatternAssessment, Reason, SharingSituation, finding } from "./inputs";

/**
 * The decision tree of reference/000 ("Patterns for enterprise data sharing at scale") as a
 * pure function. The tree itself is an image the text does not carry, so its branches are
 * rebuilt from the prose: every branch cites the sentence it rests on. The reference orders
 * the choice "based on service availability, classification type, and data format
 * (structured or unstructured)", then lists further factors that "may also affect the
 * choice"; the first kind are hard constraints here, the second preferences.
 *
 * The branches every pattern goes through (services, classification, format, a consumer on
 * AWS) are here, over each pattern's facts; each pattern's own branches (where the data is
 * kept, the preferences) are in its folder (`PatternAdvice`). Where the reference names a
 * factor but gives no rule (data size, bulk or API, how many partners), the preference is
 * this project's judgement and its source says so.
 */

/** From this many partners, managing entitlements per consumer becomes the cost that matters. */
export const MANY_PARTNERS = 5;

/** How a source says the reference names a factor but gives no rule for it. */
export const PROJECT_JUDGEMENT = "project judgement: reference/000 names this factor without a rule";

/** Sentences of reference/000 the branches every pattern goes through rest on, quoted so a reviewer can find them. */
export const SOURCES = {
    services:
        "if an organization is required to operate in a Fedramp Medium or Fedramp High environment, their options to share data may be limited by the AWS services that are available and have been allow listed.",
    classification: "Complying with data classification rules may further limit their choice of data sharing options they may choose.",
    structure: "choosing your data sharing option based on service availability, classification type, and data format (structured or unstructured)",
    /** Patterns whose consumers query the data where it is (Lake Formation, Redshift data sharing). */
    inPlace: `After both the producer and consumer admins approve the data sharing request, the consumer user can access this data as if it were part of their own account without have to write any additional code. (${PROJECT_JUDGEMENT}: data size)`,
} as const;

/** Where a pattern that shares only data kept in S3 stands on where the data is: `source` is its own sentence about S3. */
export function sharesS3Only(s: SharingSituation, source: string): Finding[] {
    const store = s.store ?? "s3";
    if (store === "redshift") {
        return [
            finding(
                "store",
                "excludes",
                "shares data kept in S3, and this data is kept in Redshift (publish it to S3 first, or use a pattern that reaches Redshift)",
                source,
            ),
        ];
    }
    return store === "several" ? [finding("store", "against", "reaches only the part of the data kept in S3", source)] : [];
}

/** Recommends the sharing patterns for one situation, with every reason for and against each. */
export function advise(situation: SharingSituation, patterns: readonly AdvisedPattern[]): Advice {
    const ids = patterns.map((p) => p.id);
    const number = new Map(patterns.map((p) => [p.id, p.number]));
    // Whoever serves partners outside AWS, by name, in the reason the others give.
    const offAws = patterns
        .filter((p) => !p.consumerOnAws)
        .map((p) => p.id)
        .join(" or ");
    const reasons = patterns.flatMap((p) => assess(p, situation, offAws));
    const assessments = Object.fromEntries(
        ids.map((pattern): [PatternId, PatternAssessment] => {
            const own = reasons.filter((r) => r.pattern === pattern);
            return [
                pattern,
                { pattern, viable: !own.some((r) => r.effect === "excludes"), score: own.reduce((s, r) => s + WEIGHT[r.effect], 0), reasons: own },
            ];
        }),
    ) as Record<PatternId, PatternAssessment>;
    const viable = ids.filter((p) => assessments[p].viable).sort((a, b) => assessments[b].score - assessments[a].score || number.get(a)! - number.get(b)!);
    const top = viable.length > 0 ? assessments[viable[0]].score : 0;
    return {
        recommended: viable.filter((p) => assessments[p].score === top),
        viable,
        excluded: ids.filter((p) => !assessments[p].viable),
        assessments,
    };
}

const WEIGHT: Record<Effect, number> = { excludes: 0, for: 1, against: -1, note: 0 };

/** Every branch of the tree that concerns one pattern, in the reference's order. */
function assess(p: AdvisedPattern, s: SharingSituation, offAws: string): Reason[] {
    const out: Reason[] = [];
    const add = (factor: Factor, effect: Effect, message: string, source: string) => out.push({ pattern: p.id, factor, effect, message, source });
    const { advice } = p;

    // Branch 1, service availability and allow-listing (hard).
    if (s.allowedServices) {
        const missing = advice.services.filter((svc) => !s.allowedServices!.has(svc));
        if (missing.length > 0) {
            add(
                "services",
                "excludes",
                `needs ${missing.join(", ")}, which ${missing.length === 1 ? "is" : "are"} not available or not allow-listed here`,
                SOURCES.services,
            );
        }
    }
    // What else the pattern needs of the environment (hard).
    for (const f of advice.prerequisites?.(s) ?? []) add(f.factor, f.effect, f.message, f.source);

    // Branch 2, classification (hard): the project's table of what each pattern may carry.
    if (!p.classifications.includes(s.classification)) {
        add(
            "classification",
            "excludes",
            `may carry only ${p.classifications.join(" or ")} data, and this data is ${s.classification}`,
            advice.classificationSource ?? SOURCES.classification,
        );
    }

    // Branch 3, data format (hard): Glue catalog tables and Redshift tables need structured data.
    if (!p.structures.includes(s.structure)) {
        add("structure", "excludes", `shares ${p.structures.join(" or ")} data (tables) only, and this data is ${s.structure}`, SOURCES.structure);
    }

    // Consumer presence on AWS (hard): only a pattern for partners outside AWS serves one.
    if (!s.consumerOnAws && p.consumerOnAws) {
        add("consumer", "excludes", `needs a consumer with an AWS account; a partner outside AWS is served through ${offAws}`, advice.consumerSource);
    }

    // The pattern's own branches: where the data lives (hard where it cannot reach the store), then preferences.
    for (const f of advice.assess(s)) add(f.factor, f.effect, f.message, f.source);
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
