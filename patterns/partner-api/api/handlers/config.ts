import { Partner, parsePartners } from "./partners";

/**
 * The environment contract of the two functions, read and checked on each invocation so
 * that a bad deployment fails with a message naming the variable, not with an SDK error.
 */

/** Environment variables, as `process.env` holds them. */
export type Env = Readonly<Record<string, string | undefined>>;

/** What the request receiver needs. */
export interface ReceiverConfig {
    /** `CONTROL_TABLE`: the control table's name. */
    readonly table: string;
    /** `PARTNERS`: the partner registry. */
    readonly partners: readonly Partner[];
    /** `REQUEST_TTL_DAYS`: days before DynamoDB's TTL removes a request. */
    readonly ttlDays: number;
}

/** What the poller needs. */
export interface PollerConfig {
    /** `CONTROL_TABLE`: the control table's name. */
    readonly table: string;
    /** `STATUS_INDEX`: the GSI on `status` (hash) and `createdAt` (range). */
    readonly statusIndex: string;
    /** `PARTNERS`: the partner registry, the only source of delivery addresses. */
    readonly partners: readonly Partner[];
    /** `RESULTS_BUCKET`: the bucket the results are read and presigned from. */
    readonly bucket: string;
    /** `RESULTS_PREFIX_TEMPLATE`: where a product's objects live, with `{product}` (and optionally `{partner}`). @default "{product}/" */
    readonly prefixTemplate: string;
    /** `SENDER_ADDRESS`: the SES-verified from-address. */
    readonly sender: string;
    /** `SES_IDENTITY_ARN`: the verified identity's ARN (sending authorisation). */
    readonly identityArn: string;
    /** `URL_EXPIRY_SECONDS`: how long a download link works. @default 900 */
    readonly urlExpirySeconds: number;
    /** `SIGNER_ROLE_ARN`: the role whose session signs the links, assumed for at least their lifetime. */
    readonly signerRoleArn: string;
}

/**
 * Shortest and longest link lifetime accepted. A presigned link stops working when the
 * session that signed it ends, whatever its own expiry says, so links are signed with a
 * session of the signer role assumed for their whole lifetime. The poller assumes it with
 * its own (Lambda) role session, which is role chaining: AWS caps such a session at one
 * hour, however long the role's MaxSessionDuration.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use.html
 */
export const URL_EXPIRY_LIMITS = { min: 60, max: 3600 } as const;

/** Seconds the poller function may run (its Lambda timeout). */
export const POLLER_TIMEOUT_SECONDS = 120;
/** Seconds a poller run holds a request it is delivering: longer than a run can last, so a lease outlives its run only when the run died. */
export const LEASE_SECONDS = 2 * POLLER_TIMEOUT_SECONDS;

/** Shortest and longest session STS grants on AssumeRole (the longest when chained from another role session). */
export const SIGNER_SESSION_LIMITS = { min: 900, chainedMax: 3600 } as const;

/**
 * The signer session's duration for links of `urlExpirySeconds`: at least their lifetime,
 * and at least STS's minimum. The role's MaxSessionDuration must be at least this.
 * @throws Error when the links would outlive the longest chained session
 */
export function signerSessionSeconds(urlExpirySeconds: number): number {
    if (urlExpirySeconds > SIGNER_SESSION_LIMITS.chainedMax) {
        throw new Error(
            `links of ${urlExpirySeconds} s would outlive the session that signs them: a role assumed from the poller's own session lasts at most ${SIGNER_SESSION_LIMITS.chainedMax} s (role chaining)`,
        );
    }
    return Math.max(SIGNER_SESSION_LIMITS.min, urlExpirySeconds);
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
/** Default link lifetime: 15 minutes. */
export const DEFAULT_URL_EXPIRY_SECONDS = 900;
/** Default layout of the results bucket: one folder per product. */
export const DEFAULT_PREFIX_TEMPLATE = "{product}/";

const SES_IDENTITY_ARN = /^arn:aws[a-z-]*:ses:[a-z0-9-]+:\d{12}:identity\/\S+$/;
const ADDRESS = /^(?:[^<>\r\n]*<)?[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+>?$/;

function required(env: Env, name: string, what: string): string {
    const value = env[name]?.trim();
    if (!value) {
        throw new Error(`${name} is not set: it must hold ${what}`);
    }
    return value;
}

function integer(env: Env, name: string, min: number, max: number, fallback?: number): number {
    const raw = env[name]?.trim();
    if (!raw) {
        if (fallback === undefined) {
            throw new Error(`${name} is not set: it must be a whole number from ${min} to ${max}`);
        }
        return fallback;
    }
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
        throw new Error(`${name} is ${JSON.stringify(raw)}: it must be a whole number from ${min} to ${max}`);
    }
    return value;
}

/** The receiver's configuration. @throws Error naming the variable that is missing or invalid */
export function receiverConfig(env: Env): ReceiverConfig {
    return {
        table: required(env, "CONTROL_TABLE", "the control table's name"),
        partners: parsePartners(env.PARTNERS),
        ttlDays: integer(env, "REQUEST_TTL_DAYS", 1, 365),
    };
}

/**
 * Checks a prefix template: it must place each product in its own folder, or a partner
 * allowed one product would be sent another's objects that share its prefix.
 */
export function checkPrefixTemplate(template: string): string {
    const unknown = template.match(/\{[^}]*\}/g)?.filter((p) => p !== "{product}" && p !== "{partner}") ?? [];
    if (unknown.length > 0) {
        throw new Error(
            `RESULTS_PREFIX_TEMPLATE ${JSON.stringify(template)} has unknown placeholder(s) ${unknown.join(", ")}: only {product} and {partner} are replaced`,
        );
    }
    if (!template.includes("{product}") || !template.endsWith("/") || template.startsWith("/")) {
        throw new Error(
            `RESULTS_PREFIX_TEMPLATE ${JSON.stringify(template)} must contain {product}, end with "/" and not start with "/" ` +
                '(e.g. "{product}/"), so that each product has a folder of its own',
        );
    }
    // Names may hold "-" or "_": in "{partner}-{product}/", partner acme-eu's product sales and
    // partner acme's product eu-sales would share a folder. A whole segment cannot be split so.
    const glued = template.split("/").filter((segment) => /\{[^}]*\}/.test(segment) && !/^\{(product|partner)\}$/.test(segment));
    if (glued.length > 0) {
        throw new Error(
            `RESULTS_PREFIX_TEMPLATE ${JSON.stringify(template)}: each placeholder must be a whole folder name, not part of one (${glued.map((g) => JSON.stringify(g)).join(", ")}), ` +
                'e.g. "{partner}/{product}/": otherwise two partners or products can name the same folder',
        );
    }
    return template;
}

/** The poller's configuration. @throws Error naming the variable that is missing or invalid */
export function pollerConfig(env: Env): PollerConfig {
    const sender = required(env, "SENDER_ADDRESS", "the SES-verified from-address, e.g. data-sharing@producer.example");
    if (!ADDRESS.test(sender)) {
        throw new Error(`SENDER_ADDRESS ${JSON.stringify(sender)} is not an e-mail address such as data-sharing@producer.example`);
    }
    const identityArn = required(env, "SES_IDENTITY_ARN", "the ARN of the verified SES identity of SENDER_ADDRESS");
    if (!SES_IDENTITY_ARN.test(identityArn)) {
        throw new Error(
            `SES_IDENTITY_ARN ${JSON.stringify(identityArn)} is not an SES identity ARN such as arn:aws:ses:eu-west-1:111111111111:identity/producer.example`,
        );
    }
    const signerRoleArn = required(env, "SIGNER_ROLE_ARN", "the ARN of the role whose sessions sign the download links");
    if (!ROLE_ARN.test(signerRoleArn)) {
        throw new Error(
            `SIGNER_ROLE_ARN ${JSON.stringify(signerRoleArn)} is not an IAM role ARN such as arn:aws:iam::111111111111:role/datasharing-partner-api-link-signer`,
        );
    }
    return {
        table: required(env, "CONTROL_TABLE", "the control table's name"),
        statusIndex: required(env, "STATUS_INDEX", "the name of the control table's index on status and createdAt"),
        partners: parsePartners(env.PARTNERS),
        bucket: required(env, "RESULTS_BUCKET", "the name of the bucket the results are read from"),
        prefixTemplate: checkPrefixTemplate(env.RESULTS_PREFIX_TEMPLATE?.trim() || DEFAULT_PREFIX_TEMPLATE),
        sender,
        identityArn,
        urlExpirySeconds: integer(env, "URL_EXPIRY_SECONDS", URL_EXPIRY_LIMITS.min, URL_EXPIRY_LIMITS.max, DEFAULT_URL_EXPIRY_SECONDS),
        signerRoleArn,
    };
}

/** The prefix holding a product's results for a partner. */
export function resultsPrefix(template: string, product: string, partner: string): string {
    return template.split("{product}").join(product).split("{partner}").join(partner);
}
