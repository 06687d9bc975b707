import { z } from "zod";
import { ConfigProblem } from "./config-error";

/**
 * Turns zod issues into config problems people can act on: unknown keys are reported one
 * by one under their own key, with the closest known key as a suggestion.
 */

export function zodProblems(issues: readonly z.core.$ZodIssue[], keyOf: (path: readonly PropertyKey[]) => string): ConfigProblem[] {
    return issues.flatMap((issue) => {
        if (issue.code !== "unrecognized_keys") {
            return [{ key: keyOf(issue.path), message: issue.message }];
        }
        return issue.keys.map((k) => ({ key: keyOf([...issue.path, k]), message: unknownKeyMessage(k, knownKeysOf(issue)) }));
    });
}

/** Parse-level error map: messages for zod's generic issues; fields with their own message keep it. */
export function friendlyMessage(issue: z.core.$ZodRawIssue): string | undefined {
    switch (issue.code) {
        case "invalid_type":
            if (issue.input === undefined) return "is required";
            return `must be ${article(issue.expected)}, got ${describe(issue.input)}`;
        case "unrecognized_keys":
            // Rewritten per key by zodProblems; remember the known keys for the suggestion.
            return `known keys: ${knownKeys(issue.inst).join(",")}`;
        case "too_small":
            return issue.origin === "array" ? `must list at least ${issue.minimum}` : undefined;
        default:
            return undefined;
    }
}

function knownKeysOf(issue: z.core.$ZodIssue): string[] {
    const match = /^known keys: (.*)$/.exec(issue.message);
    return match && match[1] ? match[1].split(",") : [];
}

function unknownKeyMessage(key: string, known: readonly string[]): string {
    const guess = closest(key, known);
    const hint = guess ? ` (did you mean "${guess}"?)` : "";
    return `unknown key${hint}: remove it or fix its spelling; known keys here: ${known.join(", ")}`;
}

function article(expected: string): string {
    return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function describe(v: unknown): string {
    if (Array.isArray(v)) return "a list";
    if (v === null) return "null";
    return `${typeof v} ${JSON.stringify(v)}`;
}

function knownKeys(inst: unknown): string[] {
    const shape = (inst as { shape?: Record<string, unknown> } | undefined)?.shape;
    return shape ? Object.keys(shape) : [];
}

/** The known key within edit distance 2, to catch typos such as "acountId". */
export function closest(word: string, candidates: readonly string[]): string | undefined {
    let best: string | undefined;
    let bestDistance = 3;
    for (const c of candidates) {
        const d = editDistance(word.toLowerCase(), c.toLowerCase());
        if (d < bestDistance) {
            best = c;
            bestDistance = d;
        }
    }
    return best;
}

function editDistance(a: string, b: string): number {
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        previous = current;
    }
    return previous[b.length];
}
