import { CapturedResource, NO_OPTIONS } from "../../plan/mock-aws";
import { PreflightRule, PreflightWorld, RuleViolation } from "../../plan/preflight";
import { DeployedStack } from "../../plan/preflight/world";

/**
 * Small worlds for preflight rule tests: a few resources per stack, written by hand, so a
 * test shows the one defect its rule exists for.
 */

export interface FixtureResource {
    readonly type: string;
    readonly name: string;
    readonly inputs?: Record<string, any>;
    /** Computed outputs (an ARN); defaults to the inputs. */
    readonly state?: Record<string, any>;
    /** `type::name` of resources it waits for (dependsOn or an input's output). */
    readonly dependsOn?: readonly string[];
    /** `type::name` of its parent. */
    readonly parent?: string;
    readonly custom?: boolean;
}

const urn = (key: string) => {
    const [type, name] = key.split("::");
    return `urn:pulumi:fixture::datasharing::${type}::${name}`;
};

export function fixtureResource(r: FixtureResource, account = { accountId: "111111111111", region: "eu-west-1" }): CapturedResource {
    const inputs = r.inputs ?? {};
    return {
        type: r.type,
        name: r.name,
        inputs,
        accountId: account.accountId,
        region: account.region,
        id: r.name,
        state: { ...inputs, ...(r.state ?? {}) },
        custom: r.custom ?? true,
        options: { ...NO_OPTIONS, dependencies: (r.dependsOn ?? []).map(urn), parent: r.parent ? urn(r.parent) : "" },
    };
}

export function fixtureStack(stack: string, accountId: string, resources: readonly FixtureResource[], region = "eu-west-1"): DeployedStack {
    return { stack, accountId, region, resources: resources.map((r) => fixtureResource(r, { accountId, region })) };
}

/** Runs one rule over stacks given in deploy order. */
export function violations(rule: PreflightRule, stacks: readonly DeployedStack[], existingPrincipals: readonly string[] = []): RuleViolation[] {
    return rule.check(new PreflightWorld(stacks, new Set(existingPrincipals)));
}

/** A role resource with its ARN, as the mocks would report it. */
export function role(name: string, accountId: string): FixtureResource {
    return { type: "aws:iam/role:Role", name, inputs: { name }, state: { arn: `arn:aws:iam::${accountId}:role/${name}` } };
}

/** A policy document as a resource registers it (JSON text). */
export function policy(...statements: Record<string, unknown>[]): string {
    return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}
