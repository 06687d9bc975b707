import { isExpired } from "../core/access";
import { Consumer } from "../core/topology/model";
import { CrossAccountGrant, crossAccountGrants } from "./cross-account";
import { StackEvaluation, TopologyEvaluation } from "./evaluation";
import { PREFLIGHT_RULES, PreflightFinding, runPreflight, worldOf } from "./preflight";
import { renderPreflightFindings } from "./preflight/docs";
import { PATTERNS } from "../patterns";

/** The JSON plan: what each account's stack will create and open to other accounts. */
export interface Plan {
    readonly project: string;
    /** The instant access end dates were evaluated at. */
    readonly accessAsOf: string;
    readonly deployOrder: string[];
    readonly consumers: ConsumerSummary[];
    readonly stacks: StackPlan[];
    /** Pattern advice the topology goes against: preferences of reference/000, not errors. */
    readonly warnings: string[];
    /** AWS's deploy-time rules over every stack: each finding is a deploy that would fail or not work. */
    readonly preflight: { readonly rules: number; readonly errors: PreflightFinding[] };
    /** Broken references and failed programs; a plan with problems exits non-zero. */
    readonly problems: string[];
    /** Each pattern's section (PatternReport.sections) under its key: its paths end to end. */
    readonly [section: string]: unknown;
}

export interface ConsumerSummary {
    readonly name: string;
    readonly accountId?: string;
    readonly stack?: string;
    readonly deliveryEmail?: string;
    readonly status: "active" | "expired";
    /** End of access as declared ("2027-12-31" means through that day, UTC). */
    readonly accessEndsAt?: string;
    /** The instant access ends. */
    readonly accessEndsAtInstant?: string;
    readonly patterns: readonly string[];
    readonly dataProducts: readonly string[];
}

export interface StackPlan {
    readonly stack: string;
    readonly path: string;
    readonly role: string;
    readonly consumer?: string;
    readonly accountId: string;
    readonly region: string;
    readonly configFile?: string;
    readonly resourceCount: number;
    readonly resourcesByType: Record<string, number>;
    readonly components: Record<string, number>;
    readonly crossAccountGrants: CrossAccountGrant[];
    readonly referencesConsumed: { stack: string; resolved: boolean }[];
    readonly outputs?: Record<string, unknown>;
    readonly errors: string[];
}

/** Each pattern's section of the plan (PatternReport.sections), in the order the patterns are registered. */
const SECTIONS = PATTERNS.parts.flatMap((p) => p.report?.sections ?? []);

export function buildPlan(evaluation: TopologyEvaluation, asOf: Date): Plan {
    const stacks = evaluation.stacks.map(stackPlan);
    const sections = SECTIONS.map((s) => ({ section: s, paths: s.paths(evaluation, asOf, PATTERNS) }));
    const problems = [
        ...stacks.flatMap((s) => [
            ...s.referencesConsumed.filter((r) => !r.resolved).map((r) => `${s.path}: unresolved reference to ${r.stack}`),
            ...s.errors.map((e) => `${s.path}: ${e}`),
        ]),
        ...(evaluation.strayStackFiles ?? []).map(
            (f) =>
                `${f}: no account of the topology deploys as this stack, so nothing reads this file: remove it, or declare its consumer in the topology (an ended consumer stays, with accessEndsAt, so its next pulumi up revokes)`,
        ),
        ...sections.flatMap(({ section, paths }) => section.problems(paths)),
    ];
    return {
        project: evaluation.project,
        accessAsOf: asOf.toISOString(),
        deployOrder: evaluation.stacks.map((s) => s.stack),
        consumers: evaluation.topology.consumers.map((c) => consumerSummary(c, asOf)),
        stacks,
        ...Object.fromEntries(sections.map(({ section, paths }) => [section.key, paths])),
        warnings: evaluation.topology.adviceWarnings.map((w) => `${w.key}: ${w.message}`),
        preflight: { rules: PREFLIGHT_RULES.length, errors: runPreflight(worldOf(evaluation)) },
        problems,
    };
}

function consumerSummary(c: Consumer, asOf: Date): ConsumerSummary {
    return {
        name: c.name,
        accountId: c.account?.accountId,
        stack: c.account?.stack,
        deliveryEmail: c.deliveryEmail,
        status: isExpired(c, asOf) ? "expired" : "active",
        accessEndsAt: c.accessEndsAtDeclared,
        accessEndsAtInstant: c.accessEndsAt?.toISOString(),
        patterns: c.patterns,
        dataProducts: c.access.map((a) => a.product),
    };
}

function countBy(items: readonly string[]): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const item of [...items].sort()) counts[item] = (counts[item] ?? 0) + 1;
    return counts;
}

function stackPlan(s: StackEvaluation): StackPlan {
    const resources = s.resources.filter((r) => r.custom && r.type !== "pulumi:pulumi:StackReference");
    return {
        stack: s.stack,
        path: s.path,
        role: s.account.role,
        consumer: s.consumer,
        accountId: s.account.accountId,
        region: s.account.region,
        configFile: s.configFile,
        resourceCount: resources.length,
        resourcesByType: countBy(resources.map((r) => r.type)),
        components: countBy(s.resources.filter((r) => !r.custom && r.type !== "pulumi:pulumi:Stack").map((r) => r.type)),
        crossAccountGrants: crossAccountGrants(s.resources, s.account.accountId),
        referencesConsumed: s.references.map((r) => ({ stack: r.stack, resolved: r.resolved })),
        outputs: s.outputs,
        errors: s.errors,
    };
}

/** The plan as a person reads it in a terminal. */
export function renderPlan(plan: Plan): string {
    const lines: string[] = [];
    lines.push(`Plan for project "${plan.project}", access evaluated as of ${plan.accessAsOf}`);
    lines.push(`Deploy order: ${plan.deployOrder.join(" -> ")}`);
    plan.stacks.forEach((s, i) => {
        const who = s.consumer ? `${s.role} "${s.consumer}"` : s.role;
        lines.push("", `[${i + 1}] ${s.stack}: ${who} account ${s.accountId} (${s.region}), stack ${s.path}`);
        lines.push(`    resources (${s.resourceCount}):`);
        for (const [type, n] of Object.entries(s.resourcesByType)) lines.push(`      ${String(n).padStart(3)}  ${type}`);
        const components = Object.entries(s.components).map(([type, n]) => `${type} x${n}`);
        lines.push(`    components: ${components.join(", ") || "none"}`);
        lines.push(`    cross-account grants: ${s.crossAccountGrants.length === 0 ? "none" : ""}`);
        for (const g of s.crossAccountGrants) {
            const when = g.conditions ? ` when ${JSON.stringify(g.conditions)}` : "";
            lines.push(`      ${g.principal} (account ${g.principalAccount}) may ${g.actions.join(", ")} on ${g.resource} [${g.statement}]${when}`);
        }
        lines.push(`    references consumed: ${s.referencesConsumed.length === 0 ? "none" : ""}`);
        for (const r of s.referencesConsumed) lines.push(`      ${r.stack}${r.resolved ? "" : "  UNRESOLVED"}`);
        for (const e of s.errors) lines.push(`    ERROR: ${e}`);
    });
    lines.push("", "Consumers:");
    for (const c of plan.consumers) {
        const where = c.accountId ? `AWS account ${c.accountId}, stack ${c.stack}` : `not on AWS, delivery to ${c.deliveryEmail}`;
        const until = c.accessEndsAt ? ` through ${c.accessEndsAt}` : ", no end date";
        const status =
            c.status === "expired"
                ? `EXPIRED (access ended with ${c.accessEndsAt}): receives nothing; the next pulumi up revokes what it had`
                : `active${until}`;
        lines.push(`  ${c.name}: ${where}; ${status}`);
        lines.push(`    ${c.dataProducts.join(", ")} via ${c.patterns.join(", ")}`);
    }
    for (const section of SECTIONS) lines.push(...section.render((plan[section.key] ?? []) as unknown[]));
    lines.push(
        "",
        plan.warnings.length === 0
            ? "Pattern advice: every choice follows the reference's decision tree."
            : `Pattern advice (${plan.warnings.length} warning${plan.warnings.length === 1 ? "" : "s"}; preferences, not errors):`,
    );
    for (const w of plan.warnings) lines.push(`  - ${w}`);
    lines.push("", ...renderPreflightFindings(plan.preflight.rules, plan.preflight.errors));
    lines.push("", plan.problems.length === 0 ? "No problems: every reference resolves." : `PROBLEMS (${plan.problems.length}):`);
    for (const p of plan.problems) lines.push(`  - ${p}`);
    return lines.join("\n");
}
