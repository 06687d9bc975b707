import { CapturedResource } from "./mock-aws";

/**
 * The policy documents resources register, read back as statements: one reader for the
 * cross-account grants of the plan and for the preflight rules over policies.
 */

export interface Statement {
    Sid?: string;
    Effect?: string;
    Principal?: unknown;
    Action?: string | string[];
    Resource?: string | string[];
    Condition?: Record<string, Record<string, unknown>>;
}

/** Inputs that hold a policy document, by resource type; `policy` elsewhere. */
const POLICY_INPUTS: Record<string, string> = {
    "aws:iam/role:Role": "assumeRolePolicy",
};

/** Statements of the policy a resource registers (resource, key or trust policy); [] if none. */
export function policyStatements(r: Pick<CapturedResource, "type" | "inputs">): Statement[] {
    const doc = parsePolicy(r.inputs[POLICY_INPUTS[r.type] ?? "policy"]);
    const s = doc?.Statement;
    return Array.isArray(s) ? s : s ? [s as Statement] : [];
}

function parsePolicy(value: unknown): { Statement?: unknown } | undefined {
    if (typeof value === "string") {
        try {
            return JSON.parse(value);
        } catch {
            return undefined;
        }
    }
    return typeof value === "object" && value !== null ? (value as { Statement?: unknown }) : undefined;
}

/** The `AWS` principals of a statement (`*` for anyone). */
export function awsPrincipals(principal: unknown): string[] {
    if (principal === "*") return ["*"];
    if (typeof principal === "object" && principal !== null && "AWS" in principal) {
        return toList((principal as { AWS: string | string[] }).AWS);
    }
    return [];
}

export function toList<T>(v: T | T[] | undefined): T[] {
    return v === undefined ? [] : Array.isArray(v) ? v : [v];
}
