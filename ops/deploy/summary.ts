import { formatChanges, formatSeconds } from "./changes";
import { describeCredentials } from "./credentials";
import { firstLine } from "./progress";
import { RunReport, StepOutcome } from "./run-sequence";
import { textTable } from "./text-table";

/**
 * The table a run ends with: every stack of the topology, what happened to it and what it
 * changed, then the stacks that did not run because of a failure, by name.
 */
export function renderSummary(report: RunReport): string {
    const { sequence } = report;
    const rows = report.steps.map(({ step, outcome }) => [
        step.target.stack,
        step.target.account.accountId,
        describeCredentials(step.target.credentials),
        result(outcome),
        detail(outcome),
    ]);
    const skipped = sequence.skipped.map((s) => [s.stack, "", "", "skipped", s.reason]);
    const title = report.firstFailure
        ? `${sequence.operation}: stopped after ${report.firstFailure} failed`
        : `${sequence.operation}: ${report.steps.length === 0 ? "nothing to run" : "every stack succeeded"}`;
    const lines = [title, ...textTable(["stack", "account", "credentials", "result", "changes"], [...rows, ...skipped])];
    const notRun = report.steps.filter((s) => s.outcome.status === "not run").map((s) => s.step.target.stack);
    if (notRun.length > 0) {
        lines.push(`Not run because ${report.firstFailure} failed: ${notRun.join(", ")}. Fix it, then run the same command again.`);
    }
    return lines.join("\n");
}

function result(outcome: StepOutcome): string {
    switch (outcome.status) {
        case "succeeded":
            return `succeeded ${formatSeconds(outcome.seconds)}`;
        case "failed":
            return `FAILED ${formatSeconds(outcome.seconds)}`;
        case "not run":
            return "not run";
    }
}

function detail(outcome: StepOutcome): string {
    switch (outcome.status) {
        case "succeeded":
            return formatChanges(outcome.changes);
        case "failed":
            return firstLine(outcome.error);
        case "not run":
            return outcome.reason;
    }
}
