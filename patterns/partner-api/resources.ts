/**
 * What the partner API registers that the plan's report and verify both read: the functions
 * carrying the `PARTNERS` registry, and the API keys and usage plans that admit a partner.
 */

export const FUNCTION = "aws:lambda/function:Function";
export const API_KEY = "aws:apigateway/apiKey:ApiKey";
export const USAGE_PLAN = "aws:apigateway/usagePlan:UsagePlan";
export const USAGE_PLAN_KEY = "aws:apigateway/usagePlanKey:UsagePlanKey";

/** One entry of the API's `PARTNERS` registry (api/partners.ts). */
export interface RegistryEntry {
    readonly name: string;
    readonly email: string;
    readonly apiKeyId: string;
    readonly products: readonly string[];
}
