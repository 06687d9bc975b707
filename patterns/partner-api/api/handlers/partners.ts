import { parseEndDate } from "./time";

/**
 * The partner registry, as the stack hands it to both functions in the `PARTNERS`
 * environment variable. It is the only source of a partner's identity, products and
 * e-mail address: nothing a request says can change where results are sent.
 */

/** One partner of the API, as registered by the producer. */
export interface Partner {
    /** Partner name (the consumer's name in the topology), stored on each request. */
    readonly name: string;
    /** Id of the partner's API Gateway API key: how a request is tied to its partner. */
    readonly apiKeyId: string;
    /** Registered address that receives the download links. */
    readonly email: string;
    /** Data products the partner may request. */
    readonly products: readonly string[];
    /** When the partner's access ends; absent when it does not. */
    readonly accessEndsAt?: Date;
}

/** A data product or partner name that is also safe in an S3 prefix: no `/`, no `..`, no blanks. */
const PRODUCT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const NAME = PRODUCT;
/** A plain address, without display name or angle brackets. */
const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const FIELDS = new Set(["name", "apiKeyId", "email", "products", "accessEndsAt"]);

const nonEmpty = (value: unknown): value is string => typeof value === "string" && value.trim() !== "" && value === value.trim();

/**
 * The registry from its JSON text: an array of `{ name, apiKeyId, email, products,
 * accessEndsAt? }`. Every problem is reported at once, each naming its entry.
 * @param variable the environment variable the text came from, for the error
 * @throws Error when the text is missing, not JSON, or an entry is invalid or repeats a name or key
 */
export function parsePartners(raw: string | undefined, variable = "PARTNERS"): Partner[] {
    if (raw === undefined || raw.trim() === "") {
        throw new Error(`${variable} is not set: it must be a JSON array of partners { name, apiKeyId, email, products, accessEndsAt? }`);
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(raw);
    } catch (err) {
        throw new Error(`${variable} is not valid JSON (${(err as Error).message}): it must be a JSON array of partners`, { cause: err });
    }
    if (!Array.isArray(parsed)) {
        throw new Error(`${variable} must be a JSON array of partners { name, apiKeyId, email, products, accessEndsAt? }`);
    }
    const problems: string[] = [];
    const partners: Partner[] = [];
    parsed.forEach((entry: unknown, i) => {
        const at = `${variable}[${i}]`;
        if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
            problems.push(`${at}: must be an object { name, apiKeyId, email, products, accessEndsAt? }`);
            return;
        }
        const p = entry as Record<string, unknown>;
        const before = problems.length;
        for (const key of Object.keys(p).filter((k) => !FIELDS.has(k))) {
            problems.push(`${at}.${key}: unknown field (expected name, apiKeyId, email, products, accessEndsAt)`);
        }
        if (typeof p.name !== "string" || !NAME.test(p.name)) {
            problems.push(`${at}.name: ${JSON.stringify(p.name)} is not a partner name (letters, digits, '.', '_', '-'; it may appear in an S3 prefix)`);
        }
        if (!nonEmpty(p.apiKeyId)) {
            problems.push(`${at}.apiKeyId: must be the id of the partner's API key, a non-empty string`);
        }
        if (typeof p.email !== "string" || !EMAIL.test(p.email)) {
            problems.push(`${at}.email: ${JSON.stringify(p.email)} is not a plain e-mail address such as "data@partner.example"`);
        }
        if (!Array.isArray(p.products) || p.products.length === 0) {
            problems.push(`${at}.products: must be a non-empty array of data product names`);
        } else {
            p.products.forEach((product: unknown, j) => {
                if (typeof product !== "string" || !PRODUCT.test(product)) {
                    problems.push(`${at}.products[${j}]: ${JSON.stringify(product)} is not a product name (letters, digits, '.', '_', '-'; no '/')`);
                }
            });
        }
        const ends = p.accessEndsAt === undefined ? undefined : parseEndDate(p.accessEndsAt);
        if (p.accessEndsAt !== undefined && ends === undefined) {
            problems.push(
                `${at}.accessEndsAt: ${JSON.stringify(p.accessEndsAt)} is not an ISO date ("2027-06-30") or timestamp with a zone ("2027-06-30T17:00:00Z")`,
            );
        }
        if (problems.length === before) {
            partners.push({
                name: p.name as string,
                apiKeyId: p.apiKeyId as string,
                email: p.email as string,
                products: [...(p.products as string[])],
                ...(ends ? { accessEndsAt: ends } : {}),
            });
        }
    });
    for (const field of ["name", "apiKeyId"] as const) {
        const seen = new Set<string>();
        for (const partner of partners) {
            if (seen.has(partner[field])) {
                problems.push(`${variable}: ${field} ${JSON.stringify(partner[field])} appears twice; each partner needs its own`);
            }
            seen.add(partner[field]);
        }
    }
    if (problems.length > 0) {
        throw new Error(`${variable} is invalid:\n  - ${problems.join("\n  - ")}`);
    }
    return partners;
}

/** The partner that owns an API key, if any. */
export function partnerByApiKey(partners: readonly Partner[], apiKeyId: string | null | undefined): Partner | undefined {
    return apiKeyId ? partners.find((p) => p.apiKeyId === apiKeyId) : undefined;
}

/** The partner of that name, if it is still registered. */
export function partnerNamed(partners: readonly Partner[], name: string): Partner | undefined {
    return partners.find((p) => p.name === name);
}

/** Whether the partner's access has ended as of `now` (the end instant itself included, as for consumers). */
export function accessEnded(partner: Partner, now: Date): boolean {
    return partner.accessEndsAt !== undefined && partner.accessEndsAt.getTime() <= now.getTime();
}

/** Whether the partner may receive the product. */
export function mayReceive(partner: Partner, product: string): boolean {
    return partner.products.includes(product);
}
