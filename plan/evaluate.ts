import * as pulumi from "@pulumi/pulumi";
import { deployOrder } from "../core/deploy-order";
import { stackPath } from "../core/naming";
import { currentStackContext } from "../core/stack/context";
import { Account, Topology } from "../core/topology/model";
import { TOPOLOGY_KEY, parseTopology } from "../core/topology/parse";
import { runAccountProgram } from "../stacks";
import { AwsMocks, CapturedResource, ReferenceRead } from "./mock-aws";
import { ProjectFiles, readProject, stackConfig } from "./project-files";
import { messageOf } from "../core/message-of";

// Internal to the SDK, but the only way to know every registration has finished.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { waitForRPCs } = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };

/** One stack evaluated under the mock runtime. */
export interface StackEvaluation {
    readonly stack: string;
    /** `org/project/stack`, as others reference it. */
    readonly path: string;
    readonly account: Account;
    readonly consumer?: string;
    readonly configFile?: string;
    /** The role the stack's provider assumes (`datasharing:assumeRoleArn`), which exists before it deploys. */
    readonly deploymentRole?: string;
    /** Stack outputs, when the program succeeded. */
    readonly outputs?: Record<string, unknown>;
    readonly resources: CapturedResource[];
    readonly references: ReferenceRead[];
    /** Errors of the program: invalid config, broken references, failed registrations. */
    readonly errors: string[];
}

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
}

let defaultStackTraceLimit: number | undefined;

/**
 * Sets the stack trace limit of evaluations whose options give none, for the whole process.
 * The test suite sets 0 (test/support/setup.ts): the same resources in half the time or less.
 */
export function setDefaultStackTraceLimit(limit: number | undefined): void {
    defaultStackTraceLimit = limit;
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
    return evaluateProgram(spec, () => runAccountProgram(currentStackContext()), options);
}

/** Runs any program as the root of a stack under mocks: stack programs, or one component in a test. */
export async function evaluateProgram(spec: StackSpec, program: () => object | Promise<object>, options: EvaluateOptions = {}): Promise<ProgramResult> {
    const mocks = new AwsMocks(spec.stack, spec.account, spec.upstream);
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
    try {
        outputs = (await pulumi.runtime.runInPulumiStack(async () => program())) as Record<string, unknown>;
    } catch (err) {
        errors.push(messageOf(err));
    }
    try {
        await Promise.race([waitForRPCs(), settledAfterFailure(errors, mocks)]);
    } catch (err) {
        errors.push(messageOf(err));
    } finally {
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
 * real engine ends the deployment at the first error, and so does this.
 */
function settledAfterFailure(errors: readonly string[], mocks: AwsMocks, quietMs = 200): Promise<void> {
    return new Promise((resolve) => {
        let seen = -1;
        const check = () => {
            const count = mocks.resources.length;
            if (errors.length > 0 && count === seen) {
                resolve();
                return;
            }
            seen = count;
            setTimeout(check, quietMs).unref();
        };
        setTimeout(check, quietMs).unref();
    });
}

/** The whole topology, evaluated stack by stack in deploy order. */
export interface TopologyEvaluation {
    readonly project: string;
    readonly topology: Topology;
    readonly stacks: StackEvaluation[];
}

export interface TopologyOptions extends EvaluateOptions {
    /** Overrides every stack's `datasharing:accessAsOf`. */
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
    const topology = parseTopology(JSON.parse(project.projectConfig[TOPOLOGY_KEY] ?? "null"));
    const outputs = new Map<string, Record<string, unknown>>();
    const stacks: StackEvaluation[] = [];
    for (const planned of deployOrder(topology)) {
        const { account } = planned;
        const { config, secretKeys, file } = stackConfig(project, account.stack);
        if (options.accessAsOf) {
            config["datasharing:accessAsOf"] = options.accessAsOf;
        }
        const path = stackPath(account.pulumiOrg, project.project, account.stack);
        const result = await evaluateStack(
            { project: project.project, stack: account.stack, org: account.pulumiOrg, config, secretKeys, account, upstream: outputs },
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
            references: result.mocks.references,
            errors: result.errors,
        });
    }
    return { project: project.project, topology, stacks };
}

function withTopology(project: ProjectFiles, topology: unknown): ProjectFiles {
    if (topology === undefined) return project;
    return { ...project, projectConfig: { ...project.projectConfig, [TOPOLOGY_KEY]: JSON.stringify(topology) } };
}
