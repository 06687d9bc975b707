import { evaluateTopology } from "../../plan/evaluate";
import { TopologyEvaluation } from "../../plan/evaluation";
import { PROJECT_DIR } from "./sample";

/** The instant most specs evaluate the sample at: the auditor still has access, the former auditor no longer. */
export const SAMPLE_AS_OF = "2026-11-22T00:00:00Z";

const evaluations = new Map<string, Promise<TopologyEvaluation>>();

/**
 * The committed sample (Pulumi.*.yaml) evaluated stack by stack in deploy order, once per
 * test process and instant, shared by every spec that reads it (use it in a `before` hook).
 * It is deeply frozen: a test that changed it would break the specs that read it after, so
 * it fails at the change instead. To evaluate a variant, call `evaluateTopology(PROJECT_DIR,
 * { accessAsOf, topology: topologyWith(...) })` or `runStack` in the test itself.
 * @param accessAsOf the instant end dates are evaluated at (only the instant matters, not its spelling)
 */
export function sampleEvaluation(accessAsOf: string | Date = SAMPLE_AS_OF): Promise<TopologyEvaluation> {
    const instant = new Date(accessAsOf);
    if (Number.isNaN(instant.getTime())) throw new Error(`sampleEvaluation: ${String(accessAsOf)} is not an ISO instant`);
    const key = instant.toISOString();
    let evaluation = evaluations.get(key);
    if (!evaluation) {
        evaluation = evaluateTopology(PROJECT_DIR, { accessAsOf: key }).then(deepFreeze);
        // A failed evaluation is not kept: the next spec tries again and reports its own error.
        evaluation.catch(() => evaluations.delete(key));
        evaluations.set(key, evaluation);
    }
    return evaluation;
}

function deepFreeze<T>(value: T, seen = new Set<unknown>()): T {
    // Object.freeze throws on a typed array with elements; leave those be.
    if (value === null || typeof value !== "object" || seen.has(value) || ArrayBuffer.isView(value)) return value;
    seen.add(value);
    for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key], seen);
    return Object.freeze(value);
}
