import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccountNames } from "../../../core/naming";
import { PartnerSpec, QuotaSettings, ThrottleSettings } from "./partners";

export interface PartnerUsagePlansArgs {
    /** Names of the owning account. */
    names: AccountNames;
    /** The partners, in the order of `keyIds`. */
    partners: readonly PartnerSpec[];
    /** Their API key ids. */
    keyIds: pulumi.Input<string>[];
    /** The REST API. */
    restApiId: pulumi.Input<string>;
    /** The stage the plans apply to; an output of the stage, so the plans wait for it. */
    stageName: pulumi.Input<string>;
    /** Throttle of a partner that sets none. */
    defaultThrottle: ThrottleSettings;
    /** Quota of a partner that sets none. */
    defaultQuota: QuotaSettings;
}

/**
 * One usage plan per partner, holding only that partner's key: API Gateway throttles and
 * counts each partner on its own, so one partner cannot use up another's share.
 */
export class PartnerUsagePlans extends pulumi.ComponentResource {
    /** The plans, in the order of the partners. */
    public readonly plans: aws.apigateway.UsagePlan[];

    constructor(name: string, args: PartnerUsagePlansArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:partner-api:PartnerUsagePlans", name, {}, opts);
        if (args.keyIds.length !== args.partners.length) {
            throw new Error(`usage plans: ${args.partners.length} partners but ${args.keyIds.length} API keys`);
        }
        this.plans = args.partners.map((p, i) => {
            const throttle = p.throttle ?? args.defaultThrottle;
            const quota = p.quota ?? args.defaultQuota;
            const plan = new aws.apigateway.UsagePlan(
                `${name}-${p.name}`,
                {
                    name: args.names.name("generic", "partner-api", p.name),
                    description: `Partner API usage of ${p.name}`,
                    apiStages: [{ apiId: args.restApiId, stage: args.stageName }],
                    throttleSettings: { rateLimit: throttle.rateLimit, burstLimit: throttle.burstLimit },
                    quotaSettings: { limit: quota.limit, period: quota.period },
                },
                { parent: this },
            );
            new aws.apigateway.UsagePlanKey(`${name}-${p.name}`, { keyId: args.keyIds[i], keyType: "API_KEY", usagePlanId: plan.id }, { parent: this });
            return plan;
        });
        this.registerOutputs({});
    }
}
