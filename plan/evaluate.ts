import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import { PlannedStack, deployOrder, upstreamRoles } from "../core/deploy-order";
import { stackPath } from "../core/naming";
import { currentStackContext, loadStackContext } from "../core/stack/context";
import { NAMESPACE } from "../core/stack/settings";
import { Account, Topology } from "../core/topology/model";
import { TOPOLOGY_KEY, parseTopologyText } from "../core/topology/parse";
import { PATTERNS } from "../patterns";
import { runAccountProgram } from "../stacks";
import { AwsMocks } from "./mock-aws";
import { StackEvaluation, TopologyEvaluation } from "./evaluation";
import { ProjectFiles, readProject, stackConfig } from "./project-files";
import { messageOf } from "../core/message-of";
import { withoutProviderCode } from "../core/dynamic/provider-code";

// Internal to the SDK, but the only way to know every registration has finished.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a module the package does not export as an import
const { waitForRPCs } = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };

/** What the mocks answer for each pattern's dynamic resources. */
const DYNAMIC_MOCKS = new Map(PATTERNS.parts.flatMap((p) => Object.entries(p.mocks ?? {})));

export interface StackSpec {
    readonly project: string;
    readonly stack: string;
    readonly org: string;
    readonly config: Record<string, string>;
    readonly secretKeys?: string[];
    /** Account the stack should land in, for mocks when no provider says otherwise. */
    readonly account: Pick<Account, "accountId" | "region">;
    /** Outputs of stacks evaluated before, by `org/project/stack`. */
    readonly upstream?: ReadonlyMap<string, Record<string, unknown>>;
    /** The instant access end dates are evaluated at. @default now */
    readonly asOf?: Date;
}

export interface EvaluateOptions {
    /**
     * `Error.stackTraceLimit` while the program runs. The SDK captures a stack trace per
     * internal promise; a low limit makes large programs much faster. Error messages are
     * unaffected. At 0, stack traces are not source-mapped either: no error has frames left
     * to map, and the SDK's per-resource source position (ignored by the mocks) stays in
     * transpiled JavaScript. @default the process default ({@link setDefaultStackTraceLimit}),
     * else the caller's `Error.stackTraceLimit` (10, Node's default)
     */
    readonly stackTraceLimit?: number;
    /**
     * Whether dynamic resources register their provider's code, which Pulumi serializes for
     * the engine to run at deploy time. Nothing runs it under the mocks: false registers a
     * stand-in instead (core/dynamic/provider-code.ts), which saves the plan about 1.3 s.
     * Every other input is the same. @default true
     */
    readonly providerCode?: boolean;
}

let defaultStackTraceLimit: number | undefined;

/**
 * Sets the stack trace limit of evaluations whose options give none, for the whole process.
 * The test suite sets 0 (test/support/setup.ts): the same resources in half the time or less.
 */
export function setDefaultStackTraceLimit(limit: number | undefined): void {
    defaultStackTraceLimit = limit;
}

/** The process's stack trace limit of evaluations whose options give none, if one was set. */
export function getDefaultStackTraceLimit(): number | undefined {
    return defaultStackTraceLimit;
}

export interface ProgramResult {
    readonly outputs?: Record<string, unknown>;
    readonly mocks: AwsMocks;
    readonly errors: string[];
}

/**
 * Runs the real entry-point logic (config from the runtime, then the account program) of
 * one stack under mocks, and waits until every registration has settled.
 */
export function evaluateStack(spec: StackSpec, options: EvaluateOptions = {}): Promise<ProgramResult> {
    const now = spec.asOf ? () => spec.asOf! : undefined;
    return evaluateProgram(spec, () => runAccountProgram(currentStackContext(PATTERNS, now)), options);
}

/** Runs any program as the root of a stack under mocks: stack programs, or one component in a test. */
export async function evaluateProgram(spec: StackSpec, program: () => object | Promise<object>, options: EvaluateOptions = {}): Promise<ProgramResult> {
    const mocks = new AwsMocks(spec.stack, spec.account, spec.upstream, DYNAMIC_MOCKS);
    const errors: string[] = [];
    const onRejection = (reason: unknown) => errors.push(messageOf(reason));
    const previousLimit = Error.stackTraceLimit;
    const previousPrepare = Error.prepareStackTrace;
    process.on("unhandledRejection", onRejection);
    pulumi.runtime.setAllConfig(spec.config, spec.secretKeys ?? []);
    await pulumi.runtime.setMocks(mocks, spec.project, spec.stack, false, spec.org);
    mocks.observe(pulumi.runtime.getMonitor());
    const limit = options.stackTraceLimit ?? defaultStackTraceLimit ?? previousLimit;
    Error.stackTraceLimit = limit;
    // The SDK reads a full stack per resource for its source position, whatever the limit;
    // ts-node's source-map lookups made that a fifth of a large evaluation.
    if (limit === 0) delete (Error as { prepareStackTrace?: unknown }).prepareStackTrace;
    let outputs: Record<string, unknown> | undefined;
    // The stack's outputs wait on every failed reference too: stop waiting once the program has failed.
    const settled = settledAfterFailure(errors, mocks);
    const run = async () => {
        try {
            outputs = (await Promise.race([pulumi.runtime.runInPulumiStack(async () => program()), settled.promise])) as Record<string, unknown> | undefined;
        } catch (err) {
            errors.push(messageOf(err));
        }
        await Promise.race([waitForRPCs(), settled.promise]);
    };
    try {
        await (options.providerCode === false ? withoutProviderCode(run) : run());
    } catch (err) {
        errors.push(messageOf(err));
    } finally {
        settled.stop();
        Error.stackTraceLimit = previousLimit;
        if (previousPrepare) Error.prepareStackTrace = previousPrepare;
        // Rejections surface a tick late; let them arrive before we stop listening.
        await new Promise((resolve) => setImmediate(resolve));
        process.off("unhandledRejection", onRejection);
    }
    return { outputs: errors.length === 0 ? outputs : undefined, mocks, errors: [...new Set(errors)] };
}

/**
 * Resolves once the program has failed and registrations have stopped. A resource whose
 * input failed never registers, so whatever waits on its outputs would wait forever; the
 * real engine ends the deployment at the first error, and so does this. Its timer keeps
 * the process alive until then: with nothing else pending, Node would otherwise exit
 * mid-evaluation, code 0, with only the SDK's "promises were still active" to show.
 */
function settledAfterFailure(errors: readonly string[], mocks: AwsMocks, quietMs = 200): { promise: Promise<void>; stop(): void } {
    let timer: NodeJS.Timeout | undefined;
    const promise = new Promise<void>((resolve) => {
        let seen = -1;
        const check = () => {
            const count = mocks.resources.length;
            if (errors.length > 0 && count === seen) {
                timer = undefined;
                resolve();
                return;
            }
            seen = count;
            timer = setTimeout(check, quietMs);
        };
        timer = setTimeout(check, quietMs);
    });
    return { promise, stop: () => timer && clearTimeout(timer) };
}

export interface TopologyOptions extends EvaluateOptions {
    /** The instant every stack evaluates access end dates at (ISO). @default now */
    readonly accessAsOf?: string;
    /** Replaces the `datasharing:topology` of Pulumi.yaml (benchmarks and tests). */
    readonly topology?: unknown;
}

/**
 * Evaluates every stack of the project in `dir` in deploy order, feeding each stack's
 * outputs to the stack references of the stacks after it. Throws `ConfigError` on an
 * invalid topology before any stack runs.
 */
export async function evaluateTopology(dir: string, options: TopologyOptions = {}): Promise<TopologyEvaluation> {
    const project = withTopology(readProject(dir), options.topology);
    const topology = parseTopologyText(project.projectConfig[TOPOLOGY_KEY], PATTERNS);
    const outputs = new Map<string, Record<string, unknown>>();
    const stacks: StackEvaluation[] = [];
    for (const planned of deployOrder(topology)) {
        const { account } = planned;
        const { config, secretKeys, file } = stackConfig(project, account.stack);
        const path = stackPath(account.pulumiOrg, project.project, account.stack);
        const failed = failedUpstream(topology, planned, config, (a) => outputs.has(stackPath(a.pulumiOrg, project.project, a.stack)));
        if (failed.length > 0) {
            // Its program would only repeat the upstream failure, once per output it reads.
            stacks.push({
                stack: account.stack,
                path,
                account,
                consumer: planned.consumer,
                configFile: file,
                resources: [],
                references: [],
                errors: [
                    ...configErrors(config, project.project, account.stack),
                    `not evaluated: it reads ${failed.length === 1 ? "stack" : "stacks"} ${failed.join(", ")}, which failed above; fix that first`,
                ],
            });
            continue;
        }
        const result = await evaluateStack(
            {
                project: project.project,
                stack: account.stack,
                org: account.pulumiOrg,
                config,
                secretKeys,
                account,
                upstream: outputs,
                asOf: options.accessAsOf ? new Date(options.accessAsOf) : undefined,
            },
            options,
        );
        if (result.outputs) {
            outputs.set(path, result.outputs);
        }
        stacks.push({
            stack: account.stack,
            path,
            account,
            consumer: planned.consumer,
            configFile: file,
            deploymentRole: config["datasharing:assumeRoleArn"],
            outputs: result.outputs,
            resources: result.mocks.resources,
            lookups: result.mocks.lookups,
            references: result.mocks.references,
            errors: result.errors,
        });
    }
    return {
        project: project.project,
        topology,
        stacks,
        strayStackFiles: strayStackFiles(
            project.dir,
            stacks.map((s) => s.stack),
        ),
    };
}

function strayStackFiles(dir: string, stacks: readonly string[]): string[] {
    return fs
        .readdirSync(dir)
        .filter((f) => /^Pulumi\.(.+)\.ya?ml$/.test(f) && !stacks.includes(f.replace(/^Pulumi\.|\.ya?ml$/g, "")))
        .sort();
}

/** Upstream stacks this stack reads by reference (not as literal values) whose evaluation failed. */
function failedUpstream(topology: Topology, planned: PlannedStack, config: Record<string, string>, evaluated: (a: Account) => boolean): string[] {
    const consumer = topology.consumers.find((c) => c.name === planned.consumer);
    const literal = Object.keys(safeJson(config[`${NAMESPACE}:references`]) ?? {});
    return upstreamRoles(topology, { role: planned.account.role, consumer }, PATTERNS)
        .filter((role) => !literal.includes(role))
        .map((role) => topology[role]!)
        .filter((a) => !evaluated(a))
        .map((a) => a.stack);
}

/** The configuration errors of a stack whose program is not run. */
function configErrors(config: Record<string, string>, project: string, stackName: string): string[] {
    try {
        loadStackContext({ config, project, stackName, now: () => new Date() }, PATTERNS);
        return [];
    } catch (err) {
        return [messageOf(err)];
    }
}

function safeJson(text: string | undefined): Record<string, unknown> | undefined {
    try {
        return text === undefined ? undefined : JSON.parse(text);
    } catch {
        return undefined;
    }
}

function withTopology(project: ProjectFiles, topology: unknown): ProjectFiles {
    if (topology === undefined) return project;
    return { ...project, projectConfig: { ...project.projectConfig, [TOPOLOGY_KEY]: JSON.stringify(topology) } };
}
