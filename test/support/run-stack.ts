import { parseTopology } from "../../core/topology/parse";
import { Account } from "../../core/topology/model";
import { TOPOLOGY_KEY } from "../../core/topology/parse";
import { evaluateProgram, evaluateStack } from "../../plan/evaluate";
import { CapturedLookup, CapturedResource, ReferenceRead } from "../../plan/mock-aws";
import { sampleStackConfig } from "./sample";
import { PATTERNS } from "../../patterns/index";

/** One stack's program run under the mocks, with queries over what it registered. */
export class StackRun {
    constructor(
        readonly outputs: Record<string, any> | undefined,
        readonly errors: string[],
        readonly resources: CapturedResource[],
        readonly references: ReferenceRead[],
        /** Data sources the program read, with what the mocks answered. */
        readonly lookups: CapturedLookup[] = [],
    ) {}

    /** AWS resources (providers excluded). */
    get awsResources(): CapturedResource[] {
        return this.resources.filter((r) => r.type.startsWith("aws:"));
    }

    ofType(type: string): CapturedResource[] {
        return this.resources.filter((r) => r.type === type);
    }

    /** The single resource of a type (and name); fails if there is not exactly one. */
    one(type: string, name?: string): CapturedResource {
        const found = this.ofType(type).filter((r) => name === undefined || r.name === name);
        if (found.length !== 1) {
            throw new Error(`expected one ${type}${name ? ` named ${name}` : ""}, found ${found.length}: ${found.map((r) => r.name).join(", ")}`);
        }
        return found[0];
    }

    /** Parsed policy JSON of a resource input. */
    policyOf(resource: CapturedResource, input = "policy"): any {
        const value = resource.inputs[input];
        return typeof value === "string" ? JSON.parse(value) : value;
    }
}

export interface RunStackOptions {
    /** Replaces the sample topology. */
    topology?: unknown;
    /** Config keys set on top of the committed stack file (`datasharing:x`). */
    config?: Record<string, string>;
    /** Config keys of the committed stack file to leave out. */
    without?: string[];
    /** Outputs of other stacks by `org/project/stack`. */
    upstream?: ReadonlyMap<string, Record<string, unknown>>;
    project?: string;
    /** The instant access end dates are evaluated at (ISO). @default now */
    asOf?: string;
}

/** Runs the real entry-point logic of `stack` with the committed config, under mocks. */
export async function runStack(stack: string, options: RunStackOptions = {}): Promise<StackRun> {
    const config = { ...sampleStackConfig(stack), ...(options.config ?? {}) };
    for (const key of options.without ?? []) delete config[key];
    if (options.topology !== undefined) {
        config[TOPOLOGY_KEY] = JSON.stringify(options.topology);
    }
    const result = await evaluateStack({
        project: options.project ?? "datasharing",
        stack,
        org: "test-org",
        config,
        account: homeAccount(config[TOPOLOGY_KEY], stack),
        upstream: options.upstream,
        asOf: options.asOf ? new Date(options.asOf) : undefined,
    });
    return new StackRun(result.outputs, result.errors, result.mocks.resources, result.mocks.references, result.mocks.lookups);
}

/** Account the mocks assume for resources without a provider; any valid one will do. */
function homeAccount(topologyJson: string | undefined, stack: string): Pick<Account, "accountId" | "region"> {
    try {
        const t = parseTopology(JSON.parse(topologyJson ?? "null"), PATTERNS);
        const all = [t.producer, t.governance, t.external, ...t.consumers.map((c) => c.account)];
        return all.find((a) => a?.stack === stack) ?? t.producer;
    } catch {
        return { accountId: "000000000000", region: "us-east-1" };
    }
}

/** Runs a program (typically one component) as a stack in the given account, under mocks. */
export async function runProgram(
    program: () => object,
    account: Pick<Account, "accountId" | "region"> = { accountId: "111111111111", region: "eu-west-1" },
): Promise<StackRun> {
    const result = await evaluateProgram({ project: "datasharing", stack: "test", org: "test-org", config: {}, account }, program);
    return new StackRun(result.outputs, result.errors, result.mocks.resources, result.mocks.references, result.mocks.lookups);
}
