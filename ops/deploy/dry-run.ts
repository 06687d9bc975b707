import { describeCredentials } from "./credentials";
import { Sequence } from "./sequence";
import { textTable } from "./text-table";

/** What a run would do, without calling anything: the stacks in order, what each waits for, whose credentials. */
export function renderDryRun(sequence: Sequence, parallel: number, where: string): string {
    const { steps, skipped, operation } = sequence;
    const lines = [
        `${operation} (dry run, nothing is called): ${steps.length} ${steps.length === 1 ? "stack" : "stacks"} ${where}, at most ${parallel} at a time`,
    ];
    const waits = operation === "destroy" ? "after (its readers)" : "after";
    lines.push(
        ...textTable(
            ["#", "stack", "stack path", waits, "credentials"],
            steps.map((s, i) => [String(i + 1), s.target.stack, s.target.path, s.after.join(", ") || "-", describeCredentials(s.target.credentials)]),
        ),
    );
    for (const s of steps.filter((s) => s.outside.length > 0)) {
        const others = s.outside.join(", ");
        lines.push(
            operation === "destroy"
                ? `  ${s.target.stack} is read by ${others}, which this run does not destroy: ${others} will fail to read it until it is destroyed too`
                : `  ${s.target.stack} reads ${others}, which this run does not touch: whoever holds it deploys it first`,
        );
    }
    for (const s of skipped) lines.push(`Skipped ${s.stack}: ${s.reason}`);
    return lines.join("\n");
}
