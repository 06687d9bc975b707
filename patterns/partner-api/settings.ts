import { z } from "zod";
import { PerimeterLayoutError, perimeterLayout } from "./network-perimeter/layout";
import { ConfigProblem } from "../../core/config-error";
import { StackCheck } from "../../core/pattern";
import { domainAllowed, s3Hosts } from "./network-perimeter/egress";
import { apiPartners, microbatchSources } from "./model";
import { NAMESPACE } from "../../core/stack/namespace";

/**
 * Per-account settings of pattern 5: the partner API of the external account
 * (`datasharing:partnerApi`) and the producer's network perimeter
 * (`datasharing:networkPerimeter`).
 */

const throttle = z.strictObject({
    /** Requests per second, on average. */
    rateLimit: z.number().positive().max(10000),
    /** Requests accepted at once above the rate. */
    burstLimit: z.number().int().min(1).max(5000),
});

const ipv4Range = z
    .string()
    .regex(/^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/, { error: (iss) => `${JSON.stringify(iss.input)} is not an IPv4 range such as "203.0.113.0/24"` });

/** The external account's partner API (reference/000, pattern 5, steps 1 to 8). */
export const partnerApiSettingsSchema = z.strictObject({
    /** Address the download links are e-mailed from; SES must verify it (or its domain) before the first e-mail. */
    senderAddress: z.email({ error: 'must be the address links are sent from, e.g. "data-sharing@producer.example"' }),
    /** Verify the sender's whole domain (DKIM records to publish) or the address alone. @default "domain" */
    senderVerify: z.enum(["domain", "address"], { error: "must be domain or address" }).default("domain"),
    /**
     * Lifetime of a download link in seconds, 60 to 3600. A link stops working when the
     * session that signed it ends; the poller signs with a session of the link signer role
     * assumed from its own (role chaining), which AWS caps at one hour. @default 3600
     */
    urlExpirySeconds: z
        .number()
        .int()
        .min(60, { error: "must be at least 60 seconds" })
        .max(3600, {
            error: "must be at most 3600 seconds: a link dies with the session that signed it, and the poller signs with a role session chained from its own, which AWS caps at one hour",
        })
        .default(3600),
    /**
     * The account's API Gateway CloudWatch logging role, one per account and region, shared by
     * every API there: "existing" leaves the account's setting alone (it must already be set,
     * or stage logging fails); "manage" sets it to a role of this stack that may write every
     * log group of the account and region, kept when the stack is destroyed. @default "existing"
     */
    apiGatewayAccountRole: z
        .enum(["existing", "manage"], { error: "must be existing (leave the account's API Gateway logging role alone) or manage" })
        .default("existing"),
    /**
     * Concurrent executions reserved for the request receiver. Lambda keeps part of the
     * account's concurrency unreserved, so on a new account (quota 10) any reservation fails
     * the deploy. @default none reserved
     */
    receiverReservedConcurrency: z
        .number()
        .int()
        .min(1, { error: "must be a whole number of executions, at least 1 (leave it out to reserve none)" })
        .max(1000)
        .optional(),
    /** How often the poller looks for ready results (EventBridge schedule). @default "rate(5 minutes)" */
    pollSchedule: z
        .string()
        .regex(/^(rate\(\d+ (minute|minutes|hour|hours)\)|cron\([^)]+\))$/, {
            error: (iss) => `${JSON.stringify(iss.input)} is not a schedule: use "rate(5 minutes)" or a cron(...) expression`,
        })
        .default("rate(5 minutes)"),
    /** Days a request stays in the control table before DynamoDB's TTL removes it. @default 30 */
    requestTtlDays: z.number().int().min(1).max(365).default(30),
    /** Whole-stage throttle. @default { rateLimit: 20, burstLimit: 40 } */
    throttle: throttle.optional(),
    /** Throttle of each partner's usage plan. @default { rateLimit: 5, burstLimit: 10 } */
    partnerThrottle: throttle.optional(),
    /** Requests each partner may make per period. @default { limit: 1000, period: DAY } */
    partnerQuota: z.strictObject({ limit: z.number().int().min(1), period: z.enum(["DAY", "WEEK", "MONTH"]) }).optional(),
    /** Networks allowed to call the API: the partners' (or the producer's) API proxies. @default any network */
    allowedSourceCidrs: z.array(ipv4Range).min(1).optional(),
});

export type PartnerApiSettings = z.output<typeof partnerApiSettingsSchema>;

const DOMAIN = /^\.?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** The producer's network perimeter (reference/000, pattern 5, steps 9 to 11). */
export const networkPerimeterSettingsSchema = z.strictObject({
    /** Build it: workloads of pattern 5 then leave the producer only through its firewall. @default false */
    enabled: z.boolean({ error: "must be true or false" }).default(false),
    /** Range of the egress VPC (public, firewall and transit subnets), a private /16 to /24. @default "10.100.0.0/22" */
    egressCidr: z.string().default("10.100.0.0/22"),
    /** Range of the producer's sharing VPC, where the microbatch export runs, a private /16 to /25. @default "10.101.0.0/22" */
    sharingVpcCidr: z.string().default("10.101.0.0/22"),
    /** Availability zones, 1 to 4. @default 2 */
    availabilityZones: z.number().int().min(1).max(4).default(2),
    /**
     * Domains reachable beyond the AWS endpoints the export needs (which are always allowed);
     * ".example.com" includes subdomains. @default []
     */
    allowedDomains: z
        .array(z.string().regex(DOMAIN, { error: (iss) => `${JSON.stringify(iss.input)} is not a domain such as "api.partner.example" or ".partner.example"` }))
        .default([]),
});

export type NetworkPerimeterSettings = z.output<typeof networkPerimeterSettingsSchema>;

declare module "../../core/stack/settings" {
    interface SettingsFields {
        /** The partner API of pattern 5 (external stacks only); required when a consumer uses partner-api. */
        partnerApi?: PartnerApiSettings;
        /** The network perimeter of pattern 5 (producer stacks only). @default off */
        networkPerimeter: NetworkPerimeterSettings;
    }
}

/** Pattern 5's settings, in a stack's file. */
export const PARTNER_API_SETTINGS = {
    /** The partner API of pattern 5 (external stacks only); required when a consumer uses partner-api. */
    partnerApi: partnerApiSettingsSchema.optional(),
    /** The network perimeter of pattern 5 (producer stacks only). @default off */
    networkPerimeter: networkPerimeterSettingsSchema.prefault({}),
};

/** Pattern 5's checks before a stack registers anything. */
export function partnerApiChecks(stack: StackCheck): ConfigProblem[] {
    return [...belongWhereBuilt(stack), ...perimeterLayoutProblems(stack)];
}

/** The settings belong to the account that builds the thing they configure, and the API needs its sender. */
function belongWhereBuilt({ topology, identity, settings }: StackCheck): ConfigProblem[] {
    const namespace = NAMESPACE;
    const problems: ConfigProblem[] = [];
    const partners = apiPartners(topology);
    if (settings.partnerApi && (identity.role !== "external" || partners.length === 0)) {
        const where =
            identity.role === "external"
                ? "no consumer of the topology uses partner-api"
                : `the partner API lives in the external account, not in this ${identity.role} stack`;
        problems.push({ key: `${namespace}:partnerApi`, message: `${where}: remove this setting` });
    }
    if (identity.role === "external" && partners.length > 0 && !settings.partnerApi) {
        problems.push({
            key: `${namespace}:partnerApi.senderAddress`,
            message: `the partner API e-mails download links to ${partners.map((p) => p.name).join(", ")}: set the address they come from, e.g. datasharing:partnerApi: { senderAddress: data-sharing@producer.example }`,
        });
    }
    if (settings.networkPerimeter.enabled && (identity.role !== "producer" || microbatchSources(topology).length === 0)) {
        const why =
            identity.role === "producer"
                ? "nothing of pattern 5 runs in the producer (no product kept in Redshift is served to an API partner)"
                : `the perimeter guards the producer's network, not this ${identity.role} stack`;
        problems.push({ key: `${namespace}:networkPerimeter.enabled`, message: `${why}: remove this setting` });
    }
    const s3Domains = settings.networkPerimeter.allowedDomains.filter((d) => s3Hosts(identity.account.region).some((host) => domainAllowed(host, [d])));
    if (s3Domains.length > 0) {
        problems.push({
            key: `${namespace}:networkPerimeter.allowedDomains`,
            message:
                `${s3Domains.join(", ")} would let the sharing subnets reach every account's S3 buckets through the firewall; ` +
                "the export reaches S3 through a gateway endpoint that admits the producer's own buckets only: remove the entry",
        });
    }
    return problems;
}

/** The perimeter's argument at fault, as the stack's setting names it. */
const PERIMETER_KEYS: Readonly<Record<string, string>> = {
    egressCidr: "egressCidr",
    "workloads[0].cidr": "sharingVpcCidr",
    availabilityZoneCount: "availabilityZones",
};

/** The perimeter's address plan, checked before anything is registered, each problem under its key. */
function perimeterLayoutProblems({ settings }: StackCheck): ConfigProblem[] {
    const perimeter = settings.networkPerimeter;
    if (!perimeter.enabled) return [];
    try {
        perimeterLayout(perimeter.egressCidr, [{ name: "producer", cidr: perimeter.sharingVpcCidr }], perimeter.availabilityZones);
        return [];
    } catch (err) {
        if (!(err instanceof PerimeterLayoutError)) throw err;
        return [{ key: `${NAMESPACE}:networkPerimeter.${PERIMETER_KEYS[err.field] ?? "sharingVpcCidr"}`, message: err.problem }];
    }
}
