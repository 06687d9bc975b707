import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccountNames } from "../../../core/naming";
import { checkPrefixTemplate, resultsPrefix } from "./handlers/config";
import { parsePartners } from "./handlers/partners";

/** Steady-state requests per second and burst a partner (or the stage) is allowed. */
export interface ThrottleSettings {
    /** Requests per second, on average. */
    readonly rateLimit: number;
    /** Requests accepted at once above the rate. */
    readonly burstLimit: number;
}

/** Requests a partner may make per period. */
export interface QuotaSettings {
    /** Requests per period. */
    readonly limit: number;
    /** The period. */
    readonly period: "DAY" | "WEEK" | "MONTH";
}

/** One partner of the API, as the stack declares it (a consumer served by pattern 5). */
export interface PartnerSpec {
    /** Partner name (the consumer's name in the topology); appears in S3 prefixes and API key names. */
    readonly name: string;
    /** Registered address the download links are sent to, and nowhere else. */
    readonly email: string;
    /** Data products the partner may request. */
    readonly products: readonly string[];
    /** When access ends: the key is disabled from then on, and the functions refuse requests. @default undefined (open-ended) */
    readonly accessEndsAt?: Date;
    /** The partner's own throttle. @default the API's partner default */
    readonly throttle?: ThrottleSettings;
    /** The partner's own quota. @default the API's partner default */
    readonly quota?: QuotaSettings;
}

/**
 * The `PARTNERS` registry both functions read: one entry per partner, tied to the id of
 * its API key. The handlers' own parser checks it, so a registry the functions would
 * reject fails the deployment instead.
 * @param apiKeyIds the partners' API key ids, in the order of `partners`
 */
export function partnerRegistry(partners: readonly PartnerSpec[], apiKeyIds: readonly string[]): string {
    if (apiKeyIds.length !== partners.length) {
        throw new Error(`partner registry: ${partners.length} partners but ${apiKeyIds.length} API key ids`);
    }
    const text = JSON.stringify(
        partners.map((p, i) => ({
            name: p.name,
            apiKeyId: apiKeyIds[i],
            email: p.email,
            products: [...p.products],
            ...(p.accessEndsAt ? { accessEndsAt: p.accessEndsAt.toISOString() } : {}),
        })),
    );
    parsePartners(text, "partners");
    return text;
}

/** Checks the partners before anything is created: the handlers' rules, with placeholder key ids. */
export function checkPartners(partners: readonly PartnerSpec[]): void {
    if (partners.length === 0) {
        throw new Error("partners: the partner API needs at least one partner");
    }
    partnerRegistry(
        partners,
        partners.map((_, i) => `key-${i}`),
    );
}

/**
 * The folders of the results bucket partners may receive, one per partner and product
 * (`{product}/` gives one per product): the only keys the poller can list and read.
 */
export function resultPrefixes(partners: readonly PartnerSpec[], template: string): string[] {
    checkPrefixTemplate(template);
    const prefixes = new Set(partners.flatMap((p) => p.products.map((product) => resultsPrefix(template, product, p.name))));
    return [...prefixes].sort();
}

/** Every product some partner may request, for the API's request model. */
export function offeredProducts(partners: readonly PartnerSpec[]): string[] {
    return [...new Set(partners.flatMap((p) => p.products))].sort();
}

export interface PartnerKeysArgs {
    /** Names of the owning account. */
    names: AccountNames;
    /** The partners. */
    partners: readonly PartnerSpec[];
    /** The one "now" of the run: a partner whose access has ended gets a disabled key. */
    asOf: Date;
}

/**
 * One API key per partner (API Gateway generates the value; read it with `aws apigateway
 * get-api-key --include-value --api-key <id>` and hand it over out of band), and the
 * registry that ties each key to its partner.
 */
export class PartnerKeys extends pulumi.ComponentResource {
    /** The keys, in the order of the partners. */
    public readonly keys: aws.apigateway.ApiKey[];
    /** Key ids by partner name. */
    public readonly keyIds: pulumi.Output<Record<string, string>>;
    /** The `PARTNERS` environment value. */
    public readonly registry: pulumi.Output<string>;

    constructor(name: string, args: PartnerKeysArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:partner-api:PartnerKeys", name, {}, opts);
        checkPartners(args.partners);
        this.keys = args.partners.map(
            (p) =>
                new aws.apigateway.ApiKey(
                    `${name}-${p.name}`,
                    {
                        name: args.names.name("generic", "partner-api", p.name),
                        description: `Partner API key of ${p.name}${p.accessEndsAt ? `, access until ${p.accessEndsAt.toISOString()}` : ""}`,
                        enabled: p.accessEndsAt === undefined || p.accessEndsAt.getTime() > args.asOf.getTime(),
                    },
                    { parent: this },
                ),
        );
        const ids = pulumi.all(this.keys.map((k) => k.id));
        this.keyIds = ids.apply((list) => Object.fromEntries(args.partners.map((p, i) => [p.name, list[i]])));
        this.registry = ids.apply((list) => partnerRegistry(args.partners, list));
        this.registerOutputs({ keyIds: this.keyIds });
    }
}
