import { UNKNOWN, read } from "./values";

/**
 * Finds the IAM policy documents in a resource's properties: role trust and inline policies,
 * managed policies, bucket, key, secret, access point and VPC endpoint policies. Any
 * property named `policy` or `assumeRolePolicy`, or ending in `Policy`, that holds a
 * document (JSON text or an object with a `Statement`) counts, at any depth, so
 * `inlinePolicies[0].policy` is found and `schemaChangePolicy` is not.
 */

export interface PolicyStatement {
    readonly Sid?: string;
    readonly Effect?: string;
    readonly Action?: string | string[];
    readonly NotAction?: string | string[];
    readonly Principal?: unknown;
    readonly NotPrincipal?: unknown;
    readonly Resource?: string | string[];
    readonly NotResource?: string | string[];
    readonly Condition?: Record<string, Record<string, unknown>>;
}

export interface FoundDocument {
    /** Where in the properties, e.g. `policy` or `inlinePolicies[0].policy`. */
    readonly path: string;
    readonly statements: readonly PolicyStatement[];
}

const POLICY_KEY = /^(policy|assumeRolePolicy)$|Policy$/;

export function findPolicyDocuments(props: unknown): FoundDocument[] {
    const found: FoundDocument[] = [];
    walk(props, "", found);
    return found;
}

function walk(value: unknown, path: string, found: FoundDocument[]): void {
    if (Array.isArray(value)) {
        value.forEach((v, i) =>
            walk(
                read(() => v),
                `${path}[${i}]`,
                found,
            ),
        );
        return;
    }
    if (typeof value !== "object" || value === null) return;
    for (const key of Object.keys(value)) {
        const child = read(() => (value as Record<string, unknown>)[key]);
        if (child === UNKNOWN) continue; // checked again when `pulumi up` knows it
        const at = path === "" ? key : `${path}.${key}`;
        const document = POLICY_KEY.test(key) ? asDocument(child) : undefined;
        if (document) {
            found.push({ path: at, statements: document });
        } else {
            walk(child, at, found);
        }
    }
}

/** The statements of a policy document given as JSON text or as an object; undefined if it is not one. */
export function asDocument(value: unknown): PolicyStatement[] | undefined {
    let doc = value;
    if (typeof value === "string") {
        if (!value.trimStart().startsWith("{")) return undefined;
        try {
            doc = JSON.parse(value);
        } catch {
            return undefined;
        }
    }
    if (typeof doc !== "object" || doc === null || !("Statement" in doc)) return undefined;
    const statement = (doc as { Statement: unknown }).Statement;
    return (Array.isArray(statement) ? statement : [statement]).filter((s): s is PolicyStatement => typeof s === "object" && s !== null);
}

/** A statement field that may be one string or a list, as a list. */
export function listField(value: unknown): string[] {
    if (value === undefined || value === null) return [];
    return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");
}

/** Every principal of a `Principal` block: "*", or the values of its AWS/Service/Federated/CanonicalUser keys. */
export function principalsOf(principal: unknown): string[] {
    if (typeof principal === "string") return [principal];
    if (typeof principal !== "object" || principal === null) return [];
    return Object.values(principal).flatMap((v) => listField(v));
}
