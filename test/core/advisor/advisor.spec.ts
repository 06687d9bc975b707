import { strict as assert } from "assert";
import { MANY_PARTNERS, SOURCES, advise as adviseWith } from "../../../core/advisor/advisor";
import { AWS_SERVICES, Effect, Factor, SharingSituation } from "../../../core/advisor/inputs";
import { PatternId } from "../../../core/topology/patterns";
import { PATTERNS } from "../../../patterns";

/** The advisor over the registered patterns. */
const advise = (s: SharingSituation) => adviseWith(s, PATTERNS.advised);
const PATTERN_IDS = PATTERNS.ids;

/** A consumer on AWS receiving a private, structured product kept in S3: the plain case. */
const BASE: SharingSituation = { classification: "private", structure: "structured", consumerOnAws: true };

function effects(situation: Partial<SharingSituation>, pattern: PatternId, factor: Factor): Effect[] {
    return advise({ ...BASE, ...situation })
        .assessments[pattern].reasons.filter((r) => r.factor === factor)
        .map((r) => r.effect);
}

const REFERENCE_TEXT_MARKERS = ["project rule", "project judgement"];

describe("pattern advisor: every branch of the decision tree", () => {
    interface Case {
        branch: string;
        situation: Partial<SharingSituation>;
        pattern: PatternId;
        factor: Factor;
        /** Effects expected from this factor on this pattern; [] when the branch does not apply. */
        expect: Effect[];
    }
    const allBut = (...not: string[]) => new Set(AWS_SERVICES.filter((s) => !not.includes(s)));
    const cases: Case[] = [
        // Service availability and allow-listing (hard).
        {
            branch: "Data Exchange not allow-listed",
            situation: { allowedServices: allBut("dataexchange") },
            pattern: "data-exchange",
            factor: "services",
            expect: ["excludes"],
        },
        {
            branch: "Lake Formation not allow-listed (pattern 2)",
            situation: { allowedServices: allBut("lakeformation") },
            pattern: "lake-formation-central",
            factor: "services",
            expect: ["excludes"],
        },
        {
            branch: "Lake Formation not allow-listed (pattern 3)",
            situation: { allowedServices: allBut("lakeformation") },
            pattern: "lake-formation-external",
            factor: "services",
            expect: ["excludes"],
        },
        {
            branch: "Redshift not allow-listed",
            situation: { allowedServices: allBut("redshift"), store: "redshift" },
            pattern: "redshift-datashare",
            factor: "services",
            expect: ["excludes"],
        },
        {
            branch: "SES not allow-listed (pattern 5 e-mails links)",
            situation: { allowedServices: allBut("ses") },
            pattern: "partner-api",
            factor: "services",
            expect: ["excludes"],
        },
        { branch: "S3 not allow-listed", situation: { allowedServices: allBut("s3") }, pattern: "access-point", factor: "services", expect: ["excludes"] },
        {
            branch: "a service another pattern needs is irrelevant",
            situation: { allowedServices: allBut("dataexchange", "lakeformation") },
            pattern: "access-point",
            factor: "services",
            expect: [],
        },
        { branch: "no allow-list means every service", situation: {}, pattern: "data-exchange", factor: "services", expect: [] },
        // Lake Formation not enabled on production (hard, pattern 2 only).
        {
            branch: "LF off in production rules out pattern 2",
            situation: { lakeFormationOnProduction: false },
            pattern: "lake-formation-central",
            factor: "lake-formation",
            expect: ["excludes"],
        },
        {
            branch: "LF off in production leaves pattern 3",
            situation: { lakeFormationOnProduction: false },
            pattern: "lake-formation-external",
            factor: "lake-formation",
            expect: [],
        },
        // Classification (hard, and one preference each way).
        {
            branch: "confidential rules out Data Exchange",
            situation: { classification: "confidential" },
            pattern: "data-exchange",
            factor: "classification",
            expect: ["excludes"],
        },
        { branch: "private may use Data Exchange", situation: {}, pattern: "data-exchange", factor: "classification", expect: [] },
        {
            branch: "public favours Data Exchange",
            situation: { classification: "public" },
            pattern: "data-exchange",
            factor: "classification",
            expect: ["for"],
        },
        {
            branch: "confidential favours the separate copy of pattern 3",
            situation: { classification: "confidential" },
            pattern: "lake-formation-external",
            factor: "classification",
            expect: ["for"],
        },
        // Structure (hard for catalog and warehouse tables, a preference for access points).
        {
            branch: "unstructured rules out pattern 2",
            situation: { structure: "unstructured" },
            pattern: "lake-formation-central",
            factor: "structure",
            expect: ["excludes"],
        },
        {
            branch: "unstructured rules out pattern 3",
            situation: { structure: "unstructured" },
            pattern: "lake-formation-external",
            factor: "structure",
            expect: ["excludes"],
        },
        {
            branch: "unstructured rules out Redshift",
            situation: { structure: "unstructured", store: "redshift" },
            pattern: "redshift-datashare",
            factor: "structure",
            expect: ["excludes"],
        },
        {
            branch: "unstructured favours access points",
            situation: { structure: "unstructured" },
            pattern: "access-point",
            factor: "structure",
            expect: ["for"],
        },
        { branch: "structured goes against access points", situation: {}, pattern: "access-point", factor: "structure", expect: ["against"] },
        { branch: "unstructured may use the API", situation: { structure: "unstructured" }, pattern: "partner-api", factor: "structure", expect: [] },
        // Consumer presence on AWS.
        ...PATTERN_IDS.filter((p) => p !== "partner-api").map((pattern): Case => ({
            branch: `a partner off AWS rules out ${pattern}`,
            situation: { consumerOnAws: false },
            pattern,
            factor: "consumer",
            expect: ["excludes"],
        })),
        { branch: "a partner off AWS is served by the API", situation: { consumerOnAws: false }, pattern: "partner-api", factor: "consumer", expect: [] },
        {
            branch: "the API for a consumer on AWS with one store is against the reference's intent",
            situation: {},
            pattern: "partner-api",
            factor: "consumer",
            expect: ["against"],
        },
        {
            branch: "the API for a consumer on AWS with data in several stores is fine",
            situation: { store: "several" },
            pattern: "partner-api",
            factor: "consumer",
            expect: [],
        },
        // Where the data lives.
        {
            branch: "data in Redshift rules out pattern 2",
            situation: { store: "redshift" },
            pattern: "lake-formation-central",
            factor: "store",
            expect: ["excludes"],
        },
        {
            branch: "data in Redshift rules out pattern 3",
            situation: { store: "redshift" },
            pattern: "lake-formation-external",
            factor: "store",
            expect: ["excludes"],
        },
        {
            branch: "data in Redshift rules out access points",
            situation: { store: "redshift" },
            pattern: "access-point",
            factor: "store",
            expect: ["excludes"],
        },
        {
            branch: "data in S3 rules out Redshift data sharing",
            situation: { store: "s3" },
            pattern: "redshift-datashare",
            factor: "store",
            expect: ["excludes"],
        },
        {
            branch: "data in Redshift: pattern 4 is ideally suited",
            situation: { store: "redshift" },
            pattern: "redshift-datashare",
            factor: "store",
            expect: ["for"],
        },
        {
            branch: "data in several stores: Redshift reaches part of it",
            situation: { store: "several" },
            pattern: "redshift-datashare",
            factor: "store",
            expect: ["against"],
        },
        {
            branch: "data in several stores: Lake Formation reaches part of it",
            situation: { store: "several" },
            pattern: "lake-formation-central",
            factor: "store",
            expect: ["against"],
        },
        {
            branch: "data in several stores: one API over all of them",
            situation: { store: "several" },
            pattern: "partner-api",
            factor: "store",
            expect: ["for"],
        },
        { branch: "Data Exchange works from any store", situation: { store: "redshift" }, pattern: "data-exchange", factor: "store", expect: [] },
        // Number of partners.
        {
            branch: `${MANY_PARTNERS} partners favour Data Exchange`,
            situation: { partners: MANY_PARTNERS },
            pattern: "data-exchange",
            factor: "partners",
            expect: ["for"],
        },
        {
            branch: `${MANY_PARTNERS} partners favour tag-based grants`,
            situation: { partners: MANY_PARTNERS },
            pattern: "lake-formation-external",
            factor: "partners",
            expect: ["for"],
        },
        { branch: "a few partners change nothing", situation: { partners: MANY_PARTNERS - 1 }, pattern: "data-exchange", factor: "partners", expect: [] },
        // Production isolation.
        {
            branch: "isolation goes against pattern 2",
            situation: { isolateProduction: true },
            pattern: "lake-formation-central",
            factor: "isolation",
            expect: ["against"],
        },
        {
            branch: "isolation favours pattern 3",
            situation: { isolateProduction: true },
            pattern: "lake-formation-external",
            factor: "isolation",
            expect: ["for"],
        },
        {
            branch: "isolation asks for option B of pattern 4",
            situation: { isolateProduction: true, store: "redshift" },
            pattern: "redshift-datashare",
            factor: "isolation",
            expect: ["note"],
        },
        // Consumption pattern.
        { branch: "API consumption favours pattern 5", situation: { consumption: "api" }, pattern: "partner-api", factor: "consumption", expect: ["for"] },
        { branch: "bulk loads go against pattern 5", situation: { consumption: "bulk" }, pattern: "partner-api", factor: "consumption", expect: ["against"] },
        // Size.
        { branch: "large data goes against file-by-file delivery", situation: { size: "large" }, pattern: "partner-api", factor: "size", expect: ["against"] },
        {
            branch: "large data favours sharing in place (Lake Formation)",
            situation: { size: "large" },
            pattern: "lake-formation-central",
            factor: "size",
            expect: ["for"],
        },
        {
            branch: "large data favours sharing in place (Redshift)",
            situation: { size: "large", store: "redshift" },
            pattern: "redshift-datashare",
            factor: "size",
            expect: ["for"],
        },
        { branch: "small data changes nothing", situation: { size: "small" }, pattern: "partner-api", factor: "size", expect: [] },
    ];
    for (const c of cases) {
        it(`${c.branch}: ${c.pattern} ${c.expect.length === 0 ? "unaffected" : c.expect.join(", ")}`, () => {
            assert.deepEqual(effects(c.situation, c.pattern, c.factor), c.expect);
        });
    }

    it("gives every reason a source sentence from the reference, or says it is a project rule or judgement", () => {
        const reference = [
            ...Object.values(SOURCES),
            ...PATTERNS.advised.flatMap((p) => [
                ...p.advice.sources,
                p.advice.consumerSource,
                ...(p.advice.classificationSource ? [p.advice.classificationSource] : []),
            ]),
        ];
        for (const s of reference) assert.ok(s.length > 20, s);
        const advice = advise({
            classification: "confidential",
            structure: "unstructured",
            consumerOnAws: false,
            store: "several",
            partners: 9,
            size: "large",
            consumption: "bulk",
            isolateProduction: true,
            lakeFormationOnProduction: false,
            allowedServices: new Set(),
        });
        for (const p of PATTERN_IDS) {
            for (const r of advice.assessments[p].reasons) assert.ok(reference.includes(r.source), `${p}: ${r.source}`);
        }
        const confidential = PATTERNS.facts("data-exchange").advice.classificationSource ?? "";
        assert.ok(
            REFERENCE_TEXT_MARKERS.some((m) => confidential.includes(m)),
            "the confidential rule is the project's, and says so",
        );
    });

    it("every pattern's services are known service keys", () => {
        for (const p of PATTERN_IDS) for (const s of PATTERNS.facts(p).advice.services) assert.ok((AWS_SERVICES as readonly string[]).includes(s));
    });
});

describe("pattern advisor: recommendations", () => {
    const cases: { name: string; situation: SharingSituation; recommended: PatternId[]; viable?: PatternId[] }[] = [
        {
            name: "a partner off AWS gets the API and nothing else",
            situation: { ...BASE, consumerOnAws: false },
            recommended: ["partner-api"],
            viable: ["partner-api"],
        },
        { name: "public tables go through Data Exchange", situation: { ...BASE, classification: "public" }, recommended: ["data-exchange"] },
        {
            name: "documents go through access points",
            situation: { ...BASE, structure: "unstructured" },
            recommended: ["access-point"],
            viable: ["access-point", "data-exchange", "partner-api"],
        },
        {
            name: "a warehouse goes through Redshift data sharing",
            situation: { ...BASE, store: "redshift" },
            recommended: ["redshift-datashare"],
            viable: ["redshift-datashare", "data-exchange", "partner-api"],
        },
        {
            name: "confidential tables with production kept apart: pattern 3",
            situation: { ...BASE, classification: "confidential", isolateProduction: true },
            recommended: ["lake-formation-external"],
        },
        {
            name: "a tie lists every best pattern in reference order",
            situation: BASE,
            recommended: ["data-exchange", "lake-formation-central", "lake-formation-external"],
        },
        {
            name: "FedRAMP without Data Exchange and Lake Formation, confidential tables in Redshift: pattern 4",
            situation: {
                ...BASE,
                classification: "confidential",
                store: "redshift",
                allowedServices: new Set(AWS_SERVICES.filter((s) => s !== "dataexchange" && s !== "lakeformation")),
            },
            recommended: ["redshift-datashare"],
            viable: ["redshift-datashare", "partner-api"],
        },
        {
            name: "nothing fits a partner off AWS where API Gateway is not allowed",
            situation: { ...BASE, consumerOnAws: false, allowedServices: new Set(AWS_SERVICES.filter((s) => s !== "apigateway")) },
            recommended: [],
            viable: [],
        },
    ];
    for (const c of cases) {
        it(c.name, () => {
            const advice = advise(c.situation);
            assert.deepEqual(advice.recommended, c.recommended);
            if (c.viable) assert.deepEqual(advice.viable, c.viable);
            assert.deepEqual([...advice.viable, ...advice.excluded].sort(), [...PATTERN_IDS].sort(), "every pattern is either viable or excluded");
        });
    }
});
