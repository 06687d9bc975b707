/**
 * A policy as it acts at one instant: Allow statements whose `aws:CurrentTime` window has
 * closed (the stacks end consumers' key, bucket and access point grants so, core/policy/until.ts)
 * or not opened yet grant nothing then, since IAM itself enforces the window. Verify judges
 * what a policy admits as of its `--as-of`, not what its text once admitted.
 */
export function policyAsOf(policy: string | undefined, asOf: Date): string | undefined {
    if (!policy) return policy;
    let doc: { Statement?: unknown };
    try {
        doc = JSON.parse(policy);
    } catch {
        return policy;
    }
    const statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
    const open = statements.filter(
        (s: { Effect?: string; Condition?: Record<string, Record<string, unknown>> }) => s.Effect !== "Allow" || inWindow(s.Condition ?? {}, asOf.getTime()),
    );
    return open.length === statements.length ? policy : JSON.stringify({ ...doc, Statement: open });
}

function inWindow(conditions: Record<string, Record<string, unknown>>, now: number): boolean {
    const times = (operator: string) =>
        Object.entries(conditions)
            .filter(([op]) => op.toLowerCase() === operator.toLowerCase())
            .flatMap(([, block]) => Object.entries(block ?? {}).filter(([key]) => key.toLowerCase() === "aws:currenttime"))
            .flatMap(([, value]) => (Array.isArray(value) ? value : [value]).map((v) => Date.parse(String(v))))
            .filter((t) => !Number.isNaN(t));
    // A multi-valued date condition holds when any value does.
    const some = (list: number[], test: (t: number) => boolean) => list.length === 0 || list.some(test);
    return (
        some(times("DateLessThan"), (t) => now < t) &&
        some(times("DateLessThanEquals"), (t) => now <= t) &&
        some(times("DateGreaterThan"), (t) => now > t) &&
        some(times("DateGreaterThanEquals"), (t) => now >= t)
    );
}
