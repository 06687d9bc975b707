import type {
    Policies,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { CapturedResource } from "../../plan/mock-aws";

/**
 * Runs policy pack rules on resources as the Pulumi engine would hand them over, without
 * starting the pack's server: `validateResource` gets each resource's inputs, `validateStack`
 * every resource with its outputs. Secrets arrive unwrapped, as the policy SDK does.
 */

/** Signature of a secret in the values the mocks capture (see @pulumi/pulumi runtime/rpc). */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** A captured value with secrets replaced by their plain values. */
export function plainValue(value: unknown): any {
    if (Array.isArray(value)) return value.map(plainValue);
    if (typeof value !== "object" || value === null) return value;
    const record = value as Record<string, unknown>;
    if (record[SIG_KEY] === SECRET_SIG) return plainValue(record.value);
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, plainValue(v)]));
}

/** A resource as a test describes it: what the engine needs of it. */
export interface TestResource {
    readonly type: string;
    readonly name: string;
    /** Inputs for resource policies; outputs for stack policies. */
    readonly props: Record<string, any>;
    /** Resources each property depends on, by name (a preview knows these even when values are unknown). */
    readonly propertyDependencies?: Record<string, string[]>;
}

export interface Violation {
    readonly policy: string;
    /** Type and name of the resource reported, or "(stack)". */
    readonly resource: string;
    readonly message: string;
}

/** "aws:kms/key:Key warehouse" for a URN of this harness. */
export function describeUrn(urn: string): string {
    const [, , type, name] = urn.split("::");
    return `${type} ${name}`;
}

export function urnOf(stack: string, type: string, name: string): string {
    return `urn:pulumi:${stack}::datasharing::${type}::${name}`;
}

const OPTIONS: PolicyResourceOptions = {
    protect: false,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
};

const notApplicable = (reason?: string): never => {
    throw new Error(`notApplicable: ${reason}`);
};

function isStackPolicy(p: Policies[number]): p is StackValidationPolicy {
    return typeof (p as StackValidationPolicy).validateStack === "function";
}

/** Every violation the policies report on these resources of one stack. */
export async function runPolicies(policies: Policies, resources: readonly TestResource[], stack = "test"): Promise<Violation[]> {
    const violations: Violation[] = [];
    for (const policy of policies) {
        if (isStackPolicy(policy)) {
            violations.push(...(await validateStack(policy, resources, stack)));
        } else {
            for (const r of resources) violations.push(...(await validateResource(policy, r, stack)));
        }
    }
    return violations;
}

export async function validateResource(policy: ResourceValidationPolicy, r: TestResource, stack = "test"): Promise<Violation[]> {
    const found: Violation[] = [];
    const args: ResourceValidationArgs = {
        type: r.type,
        props: r.props,
        urn: urnOf(stack, r.type, r.name),
        name: r.name,
        opts: OPTIONS,
        stackTags: new Map(),
        isType: () => false,
        asType: () => undefined,
        getConfig: <T extends object>() => ({}) as T,
        notApplicable,
    };
    const validations =
        policy.validateResource === undefined ? [] : Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
    for (const validate of validations) {
        await validate(args, (message) => found.push({ policy: policy.name, resource: describeUrn(args.urn), message }));
    }
    return found;
}

export async function validateStack(policy: StackValidationPolicy, resources: readonly TestResource[], stack = "test"): Promise<Violation[]> {
    const found: Violation[] = [];
    const policyResources = resources.map((r): PolicyResource => ({
        type: r.type,
        props: r.props,
        urn: urnOf(stack, r.type, r.name),
        name: r.name,
        opts: OPTIONS,
        dependencies: [],
        propertyDependencies: {},
        isType: () => false,
        asType: () => undefined,
    }));
    resources.forEach((r, i) => {
        for (const [prop, names] of Object.entries(r.propertyDependencies ?? {})) {
            policyResources[i].propertyDependencies[prop] = policyResources.filter((d) => names.includes(d.name));
        }
    });
    const args: StackValidationArgs = { resources: policyResources, stackTags: new Map(), getConfig: <T extends object>() => ({}) as T, notApplicable };
    await policy.validateStack(args, (message, urn) => found.push({ policy: policy.name, resource: urn ? describeUrn(urn) : "(stack)", message }));
    return found;
}

/** A stack's captured resources as the engine hands them to resource policies (inputs). */
export function asInputs(captured: readonly CapturedResource[]): TestResource[] {
    return captured.map((r) => ({ type: r.type, name: r.name, props: plainValue(r.inputs) }));
}

/** ... and to stack policies (outputs: the mocks' state). */
export function asOutputs(captured: readonly CapturedResource[]): TestResource[] {
    return captured.map((r) => ({ type: r.type, name: r.name, props: plainValue(r.state) }));
}
