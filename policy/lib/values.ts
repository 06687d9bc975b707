/**
 * Reading resource properties the way the policy engine hands them over. During a preview a
 * value that depends on a resource not yet created is unknown, and reading it throws the
 * SDK's UnknownValueError. A rule cannot judge an unknown value; `pulumi up` runs the rule
 * again once the value is known, before the resource is created, so "unknown" passes here.
 */

/** Stands for a value that is unknown until the deployment runs. */
export const UNKNOWN = Symbol("unknown during preview");
export type Unknown = typeof UNKNOWN;

function isUnknownError(err: unknown): boolean {
    // The SDK does not export the class in its typings; its name is stable.
    return err instanceof Error && err.constructor.name === "UnknownValueError";
}

/** The value `read` returns, or UNKNOWN when the engine does not know it yet. */
export function read<T>(get: () => T): T | Unknown {
    try {
        return get();
    } catch (err) {
        if (isUnknownError(err)) return UNKNOWN;
        throw err;
    }
}

/** Whether a value is given: unknown counts as given (it will be, by the resource it comes from). */
export function isSet(get: () => unknown): boolean {
    const v = read(get);
    return v === UNKNOWN || (v !== undefined && v !== null && v !== "");
}

/** True, "true" (some provider inputs are strings), or unknown. */
export function isTrueOrUnknown(get: () => unknown): boolean {
    const v = read(get);
    return v === UNKNOWN || v === true || v === "true";
}

/** Explicitly true, or "true". */
export function isTrue(get: () => unknown): boolean {
    const v = read(get);
    return v === true || v === "true";
}

/** Explicitly false, or "false". */
export function isFalse(get: () => unknown): boolean {
    const v = read(get);
    return v === false || v === "false";
}

/** A list property as an array; unknown or absent lists are empty here. */
export function listOf(get: () => unknown): unknown[] {
    const v = read(get);
    return Array.isArray(v) ? v : [];
}
