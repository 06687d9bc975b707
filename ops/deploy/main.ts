import { loadProject } from "../project";
import { heldAccounts } from "./accounts-file";
import { DEPLOY_HELP, DeployArgs, readDeployArgs } from "./args";
import { renderDryRun } from "./dry-run";
import { ProgressLines } from "./progress";
import { GitSource, remoteCredentialProblem } from "./remote-workspace";
import { runSequence } from "./run-sequence";
import { Sequence, planSequence } from "./sequence";
import { renderSummary } from "./summary";
import { UsageError } from "./usage-error";
import { DeployWorkspace } from "./workspace";

/** What `npm run deploy` reaches outside itself; tests replace each. */
export interface DeployDeps {
    /** The Automation API's local workspace over the project in `dir`. */
    readonly local: (dir: string) => DeployWorkspace;
    /** The Automation API's remote workspace (Pulumi Deployments) over a Git source. */
    readonly remote: (source: GitSource) => DeployWorkspace;
    readonly gitSource: (dir: string, repo?: string, branch?: string) => GitSource;
    readonly write: (line: string) => void;
    readonly now?: () => number;
    readonly progressIntervalMs?: number;
}

/** Runs the command; resolves to the exit code: 0 all ran, 1 a stack failed. Throws UsageError or ConfigError before anything runs. */
export async function deploy(argv: readonly string[], deps: DeployDeps): Promise<number> {
    const args = readDeployArgs(argv);
    if (args === "help") {
        deps.write(DEPLOY_HELP);
        return 0;
    }
    const project = loadProject(args.dir);
    const sequence = planSequence(project.topology, {
        operation: args.operation,
        project: project.name,
        held: heldAccounts(project.dir, args.accounts, project.topology),
        only: args.stacks,
    });
    if (args.remote) {
        const problems = sequence.steps.flatMap((s) => remoteCredentialProblem(s.target.stack, s.target.credentials) ?? []);
        if (problems.length > 0) throw new UsageError(`--remote:\n  ${problems.join("\n  ")}`);
    }
    const where = args.remote ? "on Pulumi Deployments" : `from ${project.dir}`;
    if (args.dryRun) {
        deps.write(renderDryRun(sequence, args.parallel, where));
        return 0;
    }
    return run(sequence, args, deps, project.dir, where);
}

async function run(sequence: Sequence, args: DeployArgs, deps: DeployDeps, dir: string, where: string): Promise<number> {
    const workspace = args.remote ? deps.remote(deps.gitSource(dir, args.remote.repo, args.remote.branch)) : deps.local(dir);
    deps.write(
        `${sequence.operation}: ${sequence.steps.length} ${sequence.steps.length === 1 ? "stack" : "stacks"} ${where}, at most ${args.parallel} at a time`,
    );
    for (const s of sequence.skipped) deps.write(`  skipping ${s.stack}: ${s.reason}`);
    const progress = new ProgressLines(
        { write: deps.write, operation: sequence.operation, now: deps.now, intervalMs: deps.progressIntervalMs },
        sequence.steps.map((s) => s.target.stack),
    );
    const report = await runSequence(sequence, { workspace, parallel: args.parallel, progress, now: deps.now });
    for (const { step, outcome } of report.steps) {
        if (outcome.status === "failed") deps.write(`\n${step.target.stack} failed:\n${outcome.error.trim()}`);
    }
    deps.write(`\n${renderSummary(report)}`);
    return report.firstFailure ? 1 : 0;
}
