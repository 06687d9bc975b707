import { GetApiKeysCommand, GetUsagePlanKeysCommand, GetUsagePlansCommand } from "@aws-sdk/client-api-gateway";
import { GetFunctionConfigurationCommand } from "@aws-sdk/client-lambda";
import { CapturedResource } from "../../plan/mock-aws";
import { allPages } from "../../ops/verify/paginate";
import { LiveReadContext, LiveReaderSpec, errorName, liveResource, planned } from "../../ops/verify/live/context";
import { API_KEY, FUNCTION, RegistryEntry, USAGE_PLAN, USAGE_PLAN_KEY } from "./resources";

/**
 * Pattern 5, live: the `PARTNERS` registry the API's functions run with, the API keys with
 * their enabled state, and the usage plans that admit them, as the resources the plan's
 * collector reads. A disabled key lets no one in, so its partner has no live access and is
 * left out. Keys and plans the plan builds keep the plan's ids (matched by name), so a
 * partner's row reads the same on both sides.
 */

export async function readPartnerApi(context: LiveReadContext): Promise<CapturedResource[]> {
    const functions = planned(context, FUNCTION).filter((f) => f.inputs.environment?.variables?.PARTNERS);
    if (functions.length === 0) return [];
    const { apiGateway, lambda } = context.clients;
    const keys = await allPages("apigateway GetApiKeys", async (position) => {
        const page = await context.call("apigateway GetApiKeys", () => apiGateway.send(new GetApiKeysCommand({ position, includeValues: false })));
        return { items: page.items, next: page.position };
    });
    const plans = await allPages("apigateway GetUsagePlans", async (position) => {
        const page = await context.call("apigateway GetUsagePlans", () => apiGateway.send(new GetUsagePlansCommand({ position })));
        return { items: page.items, next: page.position };
    });
    const planIdOf = (type: string, name: string | undefined, live: string) => planned(context, type).find((r) => r.inputs.name === name)?.id ?? live;
    const keyIds = new Map(keys.map((k) => [String(k.id), planIdOf(API_KEY, k.name, String(k.id))]));
    const resources: CapturedResource[] = keys.map((k) =>
        liveResource(context, API_KEY, `api key ${k.name}`, { name: k.name, enabled: k.enabled === true }, keyIds.get(String(k.id))),
    );
    for (const plan of plans) {
        const id = planIdOf(USAGE_PLAN, plan.name, String(plan.id));
        resources.push(
            liveResource(
                context,
                USAGE_PLAN,
                `usage plan ${plan.name}`,
                {
                    name: plan.name,
                    throttleSettings: plan.throttle ? { rateLimit: plan.throttle.rateLimit, burstLimit: plan.throttle.burstLimit } : undefined,
                    quotaSettings: plan.quota ? { limit: plan.quota.limit, period: plan.quota.period } : undefined,
                },
                id,
            ),
        );
        const members = await allPages(`apigateway GetUsagePlanKeys ${plan.name}`, async (position) => {
            const page = await context.call(`apigateway GetUsagePlanKeys ${plan.name}`, () =>
                apiGateway.send(new GetUsagePlanKeysCommand({ usagePlanId: plan.id, position })),
            );
            return { items: page.items, next: page.position };
        });
        for (const member of members)
            resources.push(
                liveResource(context, USAGE_PLAN_KEY, `${plan.name}/${member.name}`, { keyId: keyIds.get(String(member.id)) ?? member.id, usagePlanId: id }),
            );
    }
    const enabled = new Set(keys.filter((k) => k.enabled === true).map((k) => keyIds.get(String(k.id))));
    for (const f of functions) {
        const name = String(f.inputs.name ?? f.id);
        let registry: RegistryEntry[];
        try {
            const config = await context.call(`lambda GetFunctionConfiguration ${name}`, () =>
                lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name })),
            );
            registry = JSON.parse(config.Environment?.Variables?.PARTNERS ?? "[]");
        } catch (err) {
            if (errorName(err) !== "ResourceNotFoundException") throw err;
            continue;
        }
        const live = registry.map((p) => ({ ...p, apiKeyId: keyIds.get(p.apiKeyId) ?? p.apiKeyId })).filter((p) => enabled.has(p.apiKeyId));
        resources.push(liveResource(context, FUNCTION, `function ${name}`, { name, environment: { variables: { PARTNERS: JSON.stringify(live) } } }));
    }
    return resources;
}

/** What verify reads live of pattern 5. */
export const partnerApiReaders: readonly LiveReaderSpec[] = [{ name: "API keys and partners", read: readPartnerApi, paths: ["partner api"] }];
