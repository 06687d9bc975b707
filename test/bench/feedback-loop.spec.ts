import { strict as assert } from "assert";
import { BASELINE_REF, parseOptions } from "../../bench/feedback-loop";
import {
    Measured,
    SECTION_BEGIN,
    SECTION_END,
    Sample,
    feedbackSectionOf,
    feedbackTable,
    renderFeedbackSection,
    withFeedbackSection,
} from "../../bench/feedback-report";

const runs = (...walls: number[]): Sample[] => walls.map((w) => ({ wallSeconds: w, cpuSeconds: w * 1.5 }));
const column = (label: string, test: number[]): Measured => ({
    label,
    ref: label === "before" ? "c087faa" : "HEAD",
    commit: label === "before" ? "c087faa0123456789" : "abcdef0123456789",
    samples: { "npm ci": runs(30, 31, 33), "npm run typecheck": runs(15, 16, 14), "npm run plan": runs(5.5, 6, 5.3), "npm test": runs(...test) },
    testSummary: "1049 passed, 0 failed, 0 skipped",
});

describe("npm run bench:feedback", () => {
    it("tabulates each README command's min and max wall and CPU time, before and after", () => {
        const table = feedbackTable([column("before", [170, 160, 181.04]), column("after", [35, 32, 33])]).split("\n");
        assert.equal(table[0], "| step | before: wall min / max | after: wall min / max | before: CPU min / max | after: CPU min / max |");
        assert.equal(table.length, 6, "header, rule, and one row per step");
        assert.equal(table[5], "| `npm test` | 160.0 s / 181.0 s | 32.0 s / 35.0 s | 240.0 s / 271.6 s | 48.0 s / 52.5 s |");
        assert.equal(table[3], "| `npm run typecheck` | 14.0 s / 16.0 s | 14.0 s / 16.0 s | 21.0 s / 24.0 s | 21.0 s / 24.0 s |");
    });

    it("shows a dash where the OS does not tell CPU time", () => {
        const after = column("after", [35]);
        const noCpu = { ...after, samples: { ...after.samples, "npm test": [{ wallSeconds: 35 }] } };
        assert.match(feedbackTable([noCpu]), /\| `npm test` \| 35\.0 s \/ 35\.0 s \| - \|/);
    });

    it("replaces only its own section of the page, and appends it to a page without one", () => {
        const report = {
            date: "2026-12-05",
            cpus: 2,
            cpuModel: "AMD EPYC",
            node: "v20.20.2",
            npm: "11.19.1",
            othersCpuShare: 0.02,
            columns: [column("after", [33])],
        };
        const section = renderFeedbackSection(report);
        assert.ok(section.startsWith(SECTION_BEGIN) && section.endsWith(SECTION_END));
        assert.match(section, /Other processes used 2% of the machine's CPU time while the steps ran \(a quiet machine\)\./);
        assert.match(section, /\*\*after\*\* is HEAD \(`abcdef0123`\), tests: 1049 passed, 0 failed, 0 skipped/);

        const page = "# Benchmarks\n\nThe evaluation table.\n";
        const once = withFeedbackSection(page, section);
        assert.equal(once, `${page}\n${section}\n`);
        const busy = renderFeedbackSection({ ...report, othersCpuShare: 0.6 });
        const twice = withFeedbackSection(once, busy);
        assert.equal(twice, `${page}\n${busy}\n`, "the old section is gone, the rest kept");
        assert.match(busy, /used 60% .* \(a busy machine, where wall times are higher/);
        assert.equal(feedbackSectionOf(twice), busy);
        assert.equal(feedbackSectionOf(page), undefined);
    });

    it("compares with the commit before issue 17 unless told otherwise, and says how when it cannot parse", () => {
        assert.deepEqual(parseOptions([]), { before: BASELINE_REF, after: "HEAD", runs: 3, out: "docs/benchmarks.md" });
        assert.deepEqual(parseOptions(["--before", "none", "--runs", "1"]), { before: undefined, after: "HEAD", runs: 1, out: "docs/benchmarks.md" });
        assert.equal(parseOptions(["-h"]), "help");
        assert.throws(() => parseOptions(["--runs", "0"]), /--runs must be a whole number from 1, not "0"/);
        // node:util parseArgs's words for a flag missing its value or unknown: the flag named, then where to look.
        assert.throws(() => parseOptions(["--after"]), /'--after <value>' argument missing; see --help$/);
        assert.throws(() => parseOptions(["--after", "--runs", "2"]), /'--after' argument is ambiguous[^]*; see --help$/);
        assert.throws(() => parseOptions(["--ref", "x"]), /Unknown option '--ref'; see --help$/);
    });
});
