import * as fs from "fs";
import * as path from "path";
import { ReferencedRole } from "../../core/contract/exports";
import { messageOf } from "../../core/message-of";
import { stackPath } from "../../core/naming";
import { isoInstant } from "../../core/iso-instant";
import { evaluateTopology } from "../../plan/evaluate";
import { TopologyEvaluation } from "../../plan/evaluation";
import { HeldAccounts, heldAccounts } from "../deploy/accounts-file";
import { ENVIRONMENT } from "../deploy/credentials";
import { DeployWorkspace, StackTarget } from "../deploy/workspace";
import { OpsProject, loadProject } from "../project";
import { HANDOFF_HELP, HandoffArgs, readHandoffArgs } from "./args";
import { writeBundle } from "./bundle";
import { DeployingConsumer, resolveConsumer } from "./consumer";
import { consumerEntitlements, renderConsumerEntitlements } from "./entitlements";
import { renderInstructions } from "./instructions";
import { UpstreamOutputs, deployedOutputs, planOutputs } from "./outputs";
import { consumerReferences, referencedRoles } from "./references";
import { stackFileWithReferences } from "./stack-file";

/** What `npm run handoff` reaches outside itself; tests replace each. */
export interface HandoffDeps {
    /** The Automation API's local workspace, to read the deployed stacks' outputs. */
    readonly local: (dir: string) => DeployWorkspace;
    readonly write: (line: string) => void;
    /** The project's commit, if it is a git checkout. */
    readonly commit?: (dir: string) => string | undefined;
    /** @default the real clock */
    readonly now?: () => Date;
    /** The offline evaluation of every stack. @default evaluateTopology */
    readonly evaluate?: typeof evaluateTopology;
}

/** Writes the bundle; resolves to the exit code. Throws UsageError or ConfigError before writing anything. */
export async function handoff(argv: readonly string[], deps: HandoffDeps): Promise<number> {
    const args = readHandoffArgs(argv);
    if (args === "help") {
        deps.write(HANDOFF_HELP);
        return 0;
    }
    const project = loadProject(args.dir);
    const consumer = resolveConsumer(project.topology, args.consumer);
    const held = heldAccounts(project.dir, args.accounts, project.topology);
    const asOf = args.asOf ? isoInstant(args.asOf) : (deps.now ?? (() => new Date()))();
    deps.write(`Evaluating the topology offline, for ${consumer.name}'s entitlements${args.from === "stacks" ? "" : " and the plan's outputs"}...`);
    const evaluation = await (deps.evaluate ?? evaluateTopology)(project.dir, { accessAsOf: asOf.toISOString(), stackTraceLimit: 0 });
    const failed = evaluation.stacks.filter((s) => s.errors.length > 0);
    if (failed.length > 0) {
        deps.write(
            `The plan fails (${failed.map((s) => `${s.stack}: ${s.errors[0]}`).join("; ")}): fix it first (npm run plan); a hand-off from a failing plan would understate what ${consumer.name} gets.`,
        );
        return 1;
    }
    const roles = referencedRoles(project.topology, consumer);
    const outputs = await upstreamOutputs(args, deps, project, roles, held, evaluation);
    const references = consumerReferences(project.topology, consumer, outputs.byRole, outputs.origin);
    const files = bundleFiles(project, consumer, outputs, references, evaluation, asOf, deps.commit?.(project.dir));
    const written = writeBundle(path.resolve(args.out), files.files, files.facts);
    deps.write(
        `Hand-off for ${consumer.name} written to ${path.relative(process.cwd(), path.resolve(args.out)) || args.out}: ${written.map((f) => path.basename(f)).join(", ")}`,
    );
    if (outputs.source === "plan")
        deps.write(
            "Its references are the PLAN's placeholder values, not deployed outputs: for review only; hand off again with --from stacks once the stacks are deployed.",
        );
    return 0;
}

async function upstreamOutputs(
    args: HandoffArgs,
    deps: HandoffDeps,
    project: OpsProject,
    roles: readonly ReferencedRole[],
    held: HeldAccounts | undefined,
    evaluation: TopologyEvaluation,
): Promise<UpstreamOutputs> {
    if (args.from === "plan") return planOutputs(evaluation, roles);
    const targets = new Map<ReferencedRole, StackTarget>(
        roles.map((role) => {
            const account = project.topology[role]!;
            return [
                role,
                {
                    stack: account.stack,
                    path: stackPath(account.pulumiOrg, project.name, account.stack),
                    account,
                    credentials: held?.stacks.get(account.stack) ?? ENVIRONMENT,
                },
            ];
        }),
    );
    try {
        return await deployedOutputs(deps.local(project.dir), targets);
    } catch (err) {
        if (args.from === "stacks") throw err;
        deps.write(`Could not read the deployed stacks (${messageOf(err).split("\n")[0]}); using the plan's values instead.`);
        return planOutputs(evaluation, roles);
    }
}

function bundleFiles(
    project: OpsProject,
    consumer: DeployingConsumer,
    outputs: UpstreamOutputs,
    references: object,
    evaluation: TopologyEvaluation,
    asOf: Date,
    commit: string | undefined,
) {
    const stack = consumer.account.stack;
    const stackFileName = `Pulumi.${stack}.yaml`;
    const existing = path.join(project.dir, stackFileName);
    const upstream = [...outputs.byRole.keys()].map((role) => stackPath(project.topology[role]!.pulumiOrg, project.name, project.topology[role]!.stack));
    const note =
        outputs.source === "stacks"
            ? [`Literal outputs of ${upstream.join(", ")}, read from the deployed stacks by npm run handoff.`]
            : [
                  "PLACEHOLDERS from the offline plan (npm run plan), NOT the deployed stacks' outputs: for review only.",
                  `Before pulumi up, get a hand-off made with: npm run handoff -- ${consumer.name} --from stacks`,
              ];
    const entitlements = consumerEntitlements(evaluation, consumer.name, asOf);
    const facts = {
        consumer: consumer.name,
        stack: stackPath(consumer.account.pulumiOrg, project.name, stack),
        accountId: consumer.account.accountId,
        region: consumer.account.region,
        outputsFrom: outputs.source === "stacks" ? "deployed stacks" : "plan (placeholders, not for deployment)",
        upstream,
        accessAsOf: asOf.toISOString(),
        commit,
    };
    const files = {
        [stackFileName]: stackFileWithReferences(fs.existsSync(existing) ? fs.readFileSync(existing, "utf8") : undefined, consumer, references, note),
        "Pulumi.yaml": fs.readFileSync(path.join(project.dir, "Pulumi.yaml"), "utf8"),
        "entitlements.md": renderConsumerEntitlements(entitlements, consumer.name),
        "README.md": renderInstructions({
            consumer,
            path: facts.stack,
            project: project.name,
            source: outputs.source,
            upstream,
            accessAsOf: facts.accessAsOf,
            commit,
        }),
    };
    return { files, facts };
}
