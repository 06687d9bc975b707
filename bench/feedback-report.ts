/**
 * The "feedback loop" section of docs/benchmarks.md: how long a contributor waits for
 * `npm ci`, `npm run typecheck`, `npm run plan` and `npm test` on a fresh clone, before and
 * after a change (written by `npm run bench:feedback`, bench/feedback-loop.ts).
 */

/** The README's commands, in the order a contributor and CI (.ci/run) run them. */
export const STEPS = ["npm ci", "npm run typecheck", "npm run plan", "npm test"] as const;
export type Step = (typeof STEPS)[number];

/** One timed run of a step. */
export interface Sample {
    readonly wallSeconds: number;
    /** User plus system CPU time of the step and every process it waited for; absent where the OS does not tell. */
    readonly cpuSeconds?: number;
}

/** The runs of every step at one commit. */
export interface Measured {
    /** What the column is called: "before", "after". */
    readonly label: string;
    /** The git ref as given, and the commit it named. */
    readonly ref: string;
    readonly commit: string;
    readonly samples: Readonly<Record<Step, readonly Sample[]>>;
    /** The tests' own closing line ("1049 passed, 0 failed, 0 skipped") of the last run. */
    readonly testSummary?: string;
}

export interface FeedbackReport {
    readonly date: string;
    readonly cpus: number;
    readonly cpuModel: string;
    readonly node: string;
    readonly npm: string;
    /**
     * Share of the machine's CPU time that other processes used while the steps ran (0 to 1):
     * near 0 on a quiet machine; absent where the OS does not tell.
     */
    readonly othersCpuShare?: number;
    readonly columns: readonly Measured[];
}

export const SECTION_BEGIN = "<!-- feedback-loop:begin (npm run bench:feedback writes this section) -->";
export const SECTION_END = "<!-- feedback-loop:end -->";

const seconds = (n: number) => `${n.toFixed(1)} s`;

/** `min / max` of what `pick` reads from each sample, or "-" when no sample has it. */
function range(samples: readonly Sample[], pick: (s: Sample) => number | undefined): string {
    const values = samples.map(pick).filter((v): v is number => v !== undefined);
    if (values.length === 0) return "-";
    return `${seconds(Math.min(...values))} / ${seconds(Math.max(...values))}`;
}

/** The table: one row per step, wall time then CPU time (min / max) per measured commit. */
export function feedbackTable(columns: readonly Measured[]): string {
    const header = ["step", ...columns.map((c) => `${c.label}: wall min / max`), ...columns.map((c) => `${c.label}: CPU min / max`)];
    const rows = STEPS.map((step) => [
        `\`${step}\``,
        ...columns.map((c) => range(c.samples[step], (s) => s.wallSeconds)),
        ...columns.map((c) => range(c.samples[step], (s) => s.cpuSeconds)),
    ]);
    return [header, header.map(() => "---"), ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

/** The whole section, markers included. */
export function renderFeedbackSection(report: FeedbackReport): string {
    const runs = Math.max(...report.columns.flatMap((c) => STEPS.map((s) => c.samples[s].length)));
    const times = runs === 1 ? "once" : `${runs} times`;
    const commits = report.columns.map((c) => `**${c.label}** is ${c.ref} (\`${c.commit.slice(0, 10)}\`)${c.testSummary ? `, tests: ${c.testSummary}` : ""}`);
    return `${SECTION_BEGIN}
## Feedback loop

How long a contributor waits on a fresh clone for the README's commands, as CI runs them
(\`.ci/run\`). Produced by \`npm run bench:feedback\` on ${report.cpus} CPUs (${report.cpuModel}),
Node ${report.node}, npm ${report.npm}, ${report.date}, each step run ${times}. ${commits.join("; ")}.

${feedbackTable(report.columns)}

How they are taken: each commit is cloned into a temporary folder; \`npm ci\` runs ${times}
(each run deletes node_modules; npm's download cache is warm, so it measures installing, not
the network), then each other step ${times} in a row. Wall time is what a person waits;
CPU time is user plus system time of the step and every process it started, which moves less
on a shared machine. ${othersSentence(report.othersCpuShare)} Targets: \`npm test\` under 60 s and
\`npm run plan\` under 5 s, wall, on 2 cores. What each change saved: [feedback-loop.md](feedback-loop.md).
${SECTION_END}`;
}

/** Says how busy the machine was with other work, which is what makes wall times move. */
function othersSentence(share: number | undefined): string {
    if (share === undefined) return "How busy the machine was with other work was not measured.";
    const percent = Math.round(Math.max(0, share) * 100);
    const verdict = percent <= 5 ? "a quiet machine" : "a busy machine, where wall times are higher than on a quiet one";
    return `Other processes used ${percent}% of the machine's CPU time while the steps ran (${verdict}).`;
}

/** `doc` with its feedback loop section replaced by `section`, or `section` appended when it has none. */
export function withFeedbackSection(doc: string, section: string): string {
    const begin = doc.indexOf(SECTION_BEGIN);
    const end = doc.indexOf(SECTION_END);
    if (begin >= 0 && end > begin) return doc.slice(0, begin) + section + doc.slice(end + SECTION_END.length);
    return `${doc.trimEnd()}\n\n${section}\n`;
}

/** The feedback loop section of `doc`, markers included, if it has one. */
export function feedbackSectionOf(doc: string): string | undefined {
    const begin = doc.indexOf(SECTION_BEGIN);
    const end = doc.indexOf(SECTION_END);
    return begin >= 0 && end > begin ? doc.slice(begin, end + SECTION_END.length) : undefined;
}
