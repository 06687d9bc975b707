import { advise, hardReasons, reasonsAgainst } from "../advisor/advisor";
import { Advice, AdvisedPattern, Reason, SharingSituation } from "../advisor/inputs";
import { PatternId } from "./patterns";
import { RuleProblem } from "./problem";
import { DataProduct, ParsedTopology } from "./schema";

/**
 * Holds each consumer's chosen patterns against the pattern advisor (core/advisor): a choice
 * that contradicts a hard constraint is an error, one that goes against a preference is a
 * warning. The topology carries no service allow-list, data size or consumption pattern, so
 * only the factors it declares take part (classification, structure, store, consumer on AWS,
 * number of partners, and what the patterns' own settings say: pattern 4's option B is the
 * sign that production is kept from consumers).
 */

/** The registered patterns, as the advice rules ask them. */
export interface AdviceSubjects {
    /** Every pattern, in the order of their numbers. */
    readonly advised: readonly AdvisedPattern[];
    describe(id: PatternId): string;
    /** What the patterns' settings of a product add to its situation. */
    situation(product: DataProduct): Partial<SharingSituation>;
}

export interface AdviceProblems {
    /** Hard constraints broken: the config is invalid. */
    readonly errors: RuleProblem[];
    /** Preferences only; the config is valid. There is no warning channel in parseTopology: show them with pulumi.log.warn. */
    readonly warnings: RuleProblem[];
}

/** The situation of one product for one consumer, from what the topology declares. */
export function situationOf(
    patterns: Pick<AdviceSubjects, "situation">,
    product: DataProduct,
    consumer: { onAws: boolean; partners: number },
): SharingSituation {
    return {
        classification: product.classification,
        structure: product.structure,
        store: product.store,
        consumerOnAws: consumer.onAws,
        partners: consumer.partners,
        ...patterns.situation(product),
    };
}

/**
 * Hard constraints the rules already report, each with its own message: repeating them
 * would show one mistake twice. test/core/topology/advice-rules.spec.ts proves every one of
 * them is still reported by the rules.
 */
export function enforcedByRules(patterns: Pick<AdviceSubjects, "advised">, reason: Reason): boolean {
    if (reason.factor === "consumer" || reason.factor === "classification" || reason.factor === "structure") return true;
    return patterns.advised.find((p) => p.id === reason.pattern)?.advice.enforcedByRules?.(reason) ?? false;
}

/** Errors and warnings for every pattern each consumer chose for each product. */
export function checkAdvice(t: ParsedTopology, patterns: AdviceSubjects): AdviceProblems {
    const errors: RuleProblem[] = [];
    const warnings: RuleProblem[] = [];
    const products = new Map(t.dataProducts.map((p) => [p.name, p]));
    const partners = new Map<string, number>();
    // Thousands of consumer-product pairs share a handful of situations: advise each once.
    const advised = new Map<string, Advice>();
    const adviceFor = (s: SharingSituation) => {
        const key = JSON.stringify(s);
        const known = advised.get(key) ?? advise(s, patterns.advised);
        advised.set(key, known);
        return known;
    };
    for (const c of t.consumers) for (const a of c.dataProducts) partners.set(a.name, (partners.get(a.name) ?? 0) + 1);

    t.consumers.forEach((c, ci) =>
        c.dataProducts.forEach((access, ai) => {
            const product = products.get(access.name);
            if (!product) return; // rules.ts reports the unknown product
            const advice = adviceFor(situationOf(patterns, product, { onAws: c.accountId !== undefined, partners: partners.get(product.name) ?? 1 }));
            const narrowed = access.patterns !== undefined;
            (access.patterns ?? c.patterns).forEach((pattern, pi) => {
                const path = narrowed ? ["consumers", ci, "dataProducts", ai, "patterns", pi] : ["consumers", ci, "dataProducts", ai];
                const subject = `${patterns.describe(pattern)} for "${product.name}" to "${c.name}"`;
                const hard = hardReasons(advice, pattern).filter((r) => !enforcedByRules(patterns, r));
                if (hard.length > 0) {
                    errors.push({
                        path,
                        message: `${subject} cannot work: ${hard.map((r) => r.message).join("; ")}. Fix: ${fix(advice, pattern, product.name, narrowed)}`,
                    });
                    return;
                }
                const against = reasonsAgainst(advice, pattern);
                if (against.length > 0) {
                    warnings.push({
                        path,
                        message: `${subject} goes against a preference of reference/000 (a preference, not an error): ${against.map((r) => r.message).join("; ")}${recommend(advice, pattern)}`,
                    });
                }
            });
        }),
    );
    return { errors, warnings };
}

function fix(advice: Advice, pattern: PatternId, product: string, narrowed: boolean): string {
    const others = advice.viable.filter((p) => p !== pattern);
    const instead =
        others.length > 0
            ? `share it through ${others.join(" or ")} (recommended: ${advice.recommended.join(", ")})`
            : "no pattern fits this product for this consumer: remove it from the consumer";
    return narrowed ? `${instead}, replacing ${pattern} in this list` : `${instead}; narrow this entry to { name: ${product}, patterns: [...] }`;
}

function recommend(advice: Advice, pattern: PatternId): string {
    const better = advice.recommended.filter((p) => p !== pattern);
    return better.length > 0 && !advice.recommended.includes(pattern) ? `; the advisor recommends ${better.join(" or ")} (npm run advise)` : "";
}
