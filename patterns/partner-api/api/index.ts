import * as pulumi from "@pulumi/pulumi";
import { AccountNames } from "../../../core/naming";
import { KmsKey } from "../../../components/kms-key";
import { ControlTable } from "./control-table";
import { SenderIdentity } from "./email";
import { ScopedFunction } from "../../../components/lambda/scoped-function";
import { logsKeyGrant } from "../../../core/policy/key-policy";
import { DEFAULT_PREFIX_TEMPLATE, POLLER_TIMEOUT_SECONDS, URL_EXPIRY_LIMITS } from "./handlers/config";
import { LINK_SIGNER_PURPOSE, LinkSigner } from "./link-signer";
import { PartnerKeys, PartnerSpec, QuotaSettings, ThrottleSettings, offeredProducts, resultPrefixes } from "./partners";
import { pollerPolicy, receiverPolicy } from "./policies";
import { ApiSecurityPolicy, CustomDomain, PartnerRestApi } from "./rest-api";
import { PartnerUsagePlans } from "./usage-plans";

export type { CustomDomain, ApiSecurityPolicy } from "./rest-api";
export type { PartnerSpec, QuotaSettings, ThrottleSettings } from "./partners";

/** Where the poller finds the results it sends links to. */
export interface ResultsLocation {
    /** Bucket name (the external account's published datasets). */
    readonly bucketName: pulumi.Input<string>;
    /** Bucket ARN, computable from the name. */
    readonly bucketArn: string;
    /** The bucket's KMS key: the poller's credentials decrypt what the links download. */
    readonly keyArn: pulumi.Input<string>;
    /** Folder of a product's results, with `{product}` and optionally `{partner}`. @default "{product}/" */
    readonly prefixTemplate?: string;
}

/** The sender of the e-mails. */
export interface Sender {
    /** From address, e.g. "data-sharing@producer.example". */
    readonly address: string;
    /** Verify the address's domain (DKIM) or the address alone (`datasharing:partnerApi.senderVerify`). */
    readonly verify: "domain" | "address";
    /** Deliver only over TLS, through a configuration set. @default true */
    readonly requireTls?: boolean;
}

export interface PartnerApiArgs {
    /** Names of the owning (external sharing) account. */
    names: AccountNames;
    /** The partners served, each with its products and registered e-mail address. */
    partners: readonly PartnerSpec[];
    /** The run's one "now": partners whose access has ended get disabled keys. */
    asOf: Date;
    /** The results bucket. */
    results: ResultsLocation;
    /** The e-mail sender. */
    sender: Sender;
    /** Days a request stays in the control table before DynamoDB's TTL removes it (`datasharing:partnerApi.requestTtlDays`). */
    requestTtlDays: number;
    /**
     * Lifetime of a download link, 60 to 3600 s. Links are signed with a session of the link
     * signer role that lasts at least as long; the poller assumes it from its own session
     * (role chaining), which AWS caps at one hour (`datasharing:partnerApi.urlExpirySeconds`).
     */
    urlExpirySeconds: number;
    /** How often the poller runs, an EventBridge schedule expression (`datasharing:partnerApi.pollSchedule`). */
    pollSchedule: string;
    /** Stage name. @default "v1" */
    stageName?: string;
    /** Stage-wide throttle. @default { rateLimit: 20, burstLimit: 40 } */
    throttle?: ThrottleSettings;
    /** Throttle of a partner that sets none. @default { rateLimit: 5, burstLimit: 10 } */
    partnerThrottle?: ThrottleSettings;
    /** Quota of a partner that sets none. @default { limit: 1000, period: "DAY" } */
    partnerQuota?: QuotaSettings;
    /** TLS policy of the endpoints. @default "SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09" (TLS 1.2 or later) */
    securityPolicy?: ApiSecurityPolicy;
    /** Custom domain. @default undefined (the execute-api endpoint, HTTPS only, same TLS policy) */
    customDomain?: CustomDomain;
    /** Networks allowed to call the API (the partners' proxies). @default undefined (any network) */
    allowedSourceCidrs?: readonly string[];
    /** X-Ray tracing of the stage and the functions. @default true */
    tracing?: boolean;
    /** Days logs are kept. @default 365 */
    logRetentionDays?: number;
    /**
     * Set the account's API Gateway CloudWatch role (one per account and region, needed for
     * stage logging), with a role every API of the account may log through. Off, the
     * account's existing setting is left alone. @default false
     */
    manageAccountLoggingRole?: boolean;
    /** Concurrent receiver executions reserved (and allowed at most). @default undefined (none reserved) */
    receiverConcurrency?: number;
    /** Protect the control table and the key from deletion. */
    protect: boolean;
}

/** Handlers, relative to the project root (packaged by `lambdaCode`). */
export const HANDLERS = {
    receiver: "patterns/partner-api/api/handlers/request-receiver.ts",
    poller: "patterns/partner-api/api/handlers/poller.ts",
} as const;

/**
 * Pattern 5's API for partners without AWS (reference/000, steps 1 to 8): partners POST a
 * request with their own API key; the receiver records it in the control table; the
 * scheduled poller finds the product's results and e-mails presigned links to the
 * partner's registered address. Each function has its own role; keys, table and logs are
 * encrypted with the component's customer key.
 */
export class PartnerApi extends pulumi.ComponentResource {
    /** The component's key: table, logs and function environments. */
    public readonly key: KmsKey;
    /** The control table. */
    public readonly controlTable: ControlTable;
    /** The request receiver. */
    public readonly receiver: ScopedFunction;
    /** The poller. */
    public readonly poller: ScopedFunction;
    /** The role whose sessions sign the download links. */
    public readonly linkSigner: LinkSigner;
    /** The REST API. */
    public readonly api: PartnerRestApi;
    /** The SES identity the e-mails come from. */
    public readonly sender: SenderIdentity;
    /** The partners' keys. */
    public readonly partnerKeys: PartnerKeys;
    /** The URL partners POST requests to. */
    public readonly requestsUrl: pulumi.Output<string>;
    /** API key id by partner name (the values are read with `aws apigateway get-api-key --include-value`). */
    public readonly apiKeyIds: pulumi.Output<Record<string, string>>;
    /** DKIM tokens to publish for a domain identity. */
    public readonly dkimTokens: pulumi.Output<string[]>;

    constructor(name: string, args: PartnerApiArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:partner-api:PartnerApi", name, {}, opts);
        const parent = { parent: this };
        const { names } = args;
        const tracing = args.tracing ?? true;
        const logRetentionDays = args.logRetentionDays ?? 365;
        const template = args.results.prefixTemplate ?? DEFAULT_PREFIX_TEMPLATE;
        const { urlExpirySeconds } = args;
        if (!Number.isInteger(urlExpirySeconds) || urlExpirySeconds < URL_EXPIRY_LIMITS.min || urlExpirySeconds > URL_EXPIRY_LIMITS.max) {
            throw new Error(
                `urlExpirySeconds is ${urlExpirySeconds}: it must be a whole number from ${URL_EXPIRY_LIMITS.min} to ${URL_EXPIRY_LIMITS.max} ` +
                    "(a link dies with the session that signed it, and the poller's chained session lasts at most one hour)",
            );
        }
        const prefixes = resultPrefixes(args.partners, template);
        const signerRoleArn = names.roleArn(LINK_SIGNER_PURPOSE);

        this.key = new KmsKey(
            name,
            {
                alias: names.keyAlias("partner-api"),
                description: `Partner API: control table, logs and function environments (${names.prefix})`,
                ownerAccountId: names.account.accountId,
                partition: names.partition,
                grants: [logsKeyGrant(names)],
                protect: args.protect,
            },
            parent,
        );
        this.controlTable = new ControlTable(name, { names, kmsKeyArn: this.key.arn, protect: args.protect }, parent);
        this.sender = new SenderIdentity(
            name,
            { names, senderAddress: args.sender.address, verify: args.sender.verify, requireTls: args.sender.requireTls },
            parent,
        );
        this.partnerKeys = new PartnerKeys(name, { names, partners: args.partners, asOf: args.asOf }, parent);

        const common = { names, kmsKeyArn: this.key.arn, tracing, logRetentionDays };
        this.receiver = new ScopedFunction(
            `${name}-receiver`,
            {
                ...common,
                purpose: "partner-api-receiver",
                description: "Records partner requests in the control table (pattern 5, steps 3-4)",
                entry: HANDLERS.receiver,
                environment: {
                    CONTROL_TABLE: this.controlTable.tableName,
                    PARTNERS: this.partnerKeys.registry,
                    REQUEST_TTL_DAYS: String(args.requestTtlDays),
                },
                policy: receiverPolicy(this.controlTable.tableArn),
                reservedConcurrency: args.receiverConcurrency,
                timeoutSeconds: 10,
            },
            parent,
        );
        this.poller = new ScopedFunction(
            `${name}-poller`,
            {
                ...common,
                purpose: "partner-api-poller",
                description: "E-mails presigned links to partners whose results are ready (pattern 5, steps 5-7)",
                entry: HANDLERS.poller,
                environment: {
                    CONTROL_TABLE: this.controlTable.tableName,
                    STATUS_INDEX: this.controlTable.statusIndex,
                    PARTNERS: this.partnerKeys.registry,
                    RESULTS_BUCKET: args.results.bucketName,
                    RESULTS_PREFIX_TEMPLATE: template,
                    SENDER_ADDRESS: this.sender.senderAddress,
                    SES_IDENTITY_ARN: this.sender.identityArn,
                    URL_EXPIRY_SECONDS: String(urlExpirySeconds),
                    SIGNER_ROLE_ARN: signerRoleArn,
                },
                policy: pollerPolicy({
                    names,
                    controlTableArn: this.controlTable.tableArn,
                    statusIndex: this.controlTable.statusIndex,
                    bucketArn: args.results.bucketArn,
                    prefixes,
                    signerRoleArn,
                    sesIdentityArn: this.sender.identityArn,
                    senderAddress: this.sender.senderAddress,
                    configurationSetArn: this.sender.configurationSetArn,
                }),
                // No reserved concurrency: overlapping runs lease each request before e-mailing it.
                timeoutSeconds: POLLER_TIMEOUT_SECONDS,
                schedule: args.pollSchedule,
            },
            parent,
        );

        this.linkSigner = new LinkSigner(
            `${name}-link-signer`,
            { names, pollerRoleArn: this.poller.role.arn, bucketArn: args.results.bucketArn, prefixes, bucketKeyArn: args.results.keyArn, urlExpirySeconds },
            parent,
        );

        this.api = new PartnerRestApi(
            name,
            {
                names,
                receiverFunctionName: this.receiver.function.name,
                receiverInvokeArn: this.receiver.function.invokeArn,
                products: offeredProducts(args.partners),
                stageName: args.stageName ?? "v1",
                throttle: args.throttle ?? { rateLimit: 20, burstLimit: 40 },
                securityPolicy: args.securityPolicy ?? "SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09",
                customDomain: args.customDomain,
                allowedSourceCidrs: args.allowedSourceCidrs,
                tracing,
                kmsKeyArn: this.key.arn,
                logRetentionDays,
                manageAccountLoggingRole: args.manageAccountLoggingRole ?? false,
            },
            parent,
        );
        new PartnerUsagePlans(
            name,
            {
                names,
                partners: args.partners,
                keyIds: this.partnerKeys.keys.map((k) => k.id),
                restApiId: this.api.restApi.id,
                stageName: this.api.stage.stageName,
                defaultThrottle: args.partnerThrottle ?? { rateLimit: 5, burstLimit: 10 },
                defaultQuota: args.partnerQuota ?? { limit: 1000, period: "DAY" },
            },
            parent,
        );

        this.requestsUrl = this.api.requestsUrl;
        this.apiKeyIds = this.partnerKeys.keyIds;
        this.dkimTokens = this.sender.dkimTokens;
        this.registerOutputs({ requestsUrl: this.requestsUrl, apiKeyIds: this.apiKeyIds, dkimTokens: this.dkimTokens });
    }
}
