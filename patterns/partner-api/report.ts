import { isExpired } from "../../core/access";
import { apiPartners } from "./model";
import { CapturedResource } from "../../plan/mock-aws";
import { StackEvaluation, TopologyEvaluation } from "../../plan/evaluation";
import { EntitlementContext, jsonInput } from "../../plan/entitlements/context";
import { Entitlement } from "../../plan/entitlements/model";
import { PatternReport } from "../../plan/pattern-report";
import { API_KEY, FUNCTION, RegistryEntry, USAGE_PLAN, USAGE_PLAN_KEY } from "./resources";

/**
 * Pattern 5: partners not on AWS, known by the address download links go to. A partner the
 * API registers (its `PARTNERS` entry, API key and usage plan) is `registered`; one the
 * topology declares while no stack registers the API yet is listed as `declared`, so the
 * report never hides a partner, nor passes a plan as built when it is not.
 */
export function partnerApiEntitlements(evaluation: TopologyEvaluation, context: EntitlementContext): Entitlement[] {
    const registered = evaluation.stacks.flatMap((s) => registeredPartners(s, context));
    const known = new Set(registered.map((e) => e.consumer));
    const { topology } = evaluation;
    const host = topology.external ?? topology.producer;
    const declared = apiPartners(topology)
        .filter((p) => !known.has(p.name))
        .filter((p) => !isExpired(context.consumerNamed(p.name)!, context.asOf))
        .flatMap((p) =>
            p.products.map((product): Entitlement => ({
                ...context.who(context.consumerNamed(p.name)),
                principal: p.email,
                grantorAccount: host.accountId,
                path: "partner api",
                pattern: "partner-api",
                ...context.product(product),
                resource: `${product} through the partner API of the ${host.role} account (not registered by any stack yet)`,
                actions: REQUEST_AND_DOWNLOAD,
                basis: "declared",
            })),
        );
    return [...registered, ...declared];
}

const REQUEST_AND_DOWNLOAD = ["request (POST /requests)", "download by link"];

/** Partners as the API's own registry knows them, each tied to its key and usage plan. */
function registeredPartners(stack: StackEvaluation, context: EntitlementContext): Entitlement[] {
    const byId = (type: string) => new Map(stack.resources.filter((r) => r.type === type).map((r) => [r.id, r]));
    const keys = byId(API_KEY);
    const plans = byId(USAGE_PLAN);
    const planOfKey = new Map(
        stack.resources.filter((r) => r.type === USAGE_PLAN_KEY).map((r) => [String(r.inputs.keyId), plans.get(String(r.inputs.usagePlanId))]),
    );
    return registry(stack).flatMap((partner) => {
        const key = keys.get(partner.apiKeyId);
        const disabled = key?.inputs.enabled === false;
        const who = context.who(context.consumerNamed(partner.name));
        return partner.products.map((product): Entitlement => ({
            ...who,
            principal: partner.email,
            grantorAccount: stack.account.accountId,
            path: "partner api",
            pattern: "partner-api",
            ...context.product(product),
            resource: `${product}/ of ${stack.stack}'s bucket, by e-mailed presigned link`,
            actions: REQUEST_AND_DOWNLOAD,
            conditions: [`API key ${key?.inputs.name ?? partner.apiKeyId}${disabled ? " (disabled)" : ""}`, usagePlanOf(planOfKey.get(partner.apiKeyId))].join(
                "; ",
            ),
            status: disabled ? "expired" : who.status,
            basis: "registered",
        }));
    });
}

/** The `PARTNERS` registry the API's functions read, each partner once. */
function registry(stack: StackEvaluation): RegistryEntry[] {
    const entries = stack.resources
        .filter((r) => r.type === FUNCTION && r.inputs.environment?.variables?.PARTNERS)
        .flatMap((f) => jsonInput(f.inputs.environment.variables.PARTNERS) as RegistryEntry[]);
    return [...new Map(entries.map((e) => [e.name, e])).values()];
}

function usagePlanOf(plan: CapturedResource | undefined): string {
    if (!plan) return "in no usage plan: API Gateway refuses the key";
    const { throttleSettings: t, quotaSettings: q } = plan.inputs;
    const throttle = t ? `${t.rateLimit} requests/s (burst ${t.burstLimit})` : "unthrottled";
    const quota = q ? `, ${q.limit} per ${String(q.period).toLowerCase()}` : "";
    return `usage plan ${plan.inputs.name}: ${throttle}${quota}`;
}

/** Pattern 5 in the entitlement report and the diagram. */
export const partnerApiReport: PatternReport = {
    entitlements: partnerApiEntitlements,
    paths: { "partner api": "partner API (e-mailed links)" },
};
