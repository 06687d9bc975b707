import * as pulumi from "@pulumi/pulumi";
import { Contracts, ReferenceOf, ReferencedRole, contractKeys, isOptionalField } from "../contract/exports";
import { upstreamRoles } from "../deploy-order";
import { stackPath } from "../naming";
import { StackContext } from "./context";

/**
 * The stacks this stack reads, through the typed contract: each from a StackReference
 * (`<org>/<project>/<stack>`), or from literal values in `datasharing:references.<role>`
 * when this party cannot read the other's state. Every output is checked against the
 * contract, and `accountId` against the topology, so a reference to the wrong or an
 * undeployed stack fails with a message naming the stack, the output and the fix.
 */
export class UpstreamStacks {
    private readonly read = new Map<ReferencedRole, { fields: Record<string, pulumi.Output<unknown>>; verified: pulumi.Output<string> }>();

    constructor(
        private readonly ctx: StackContext,
        private readonly opts?: pulumi.CustomResourceOptions,
    ) {}

    /** Roles this stack reads, in deploy order. */
    get roles(): ReferencedRole[] {
        return upstreamRoles(this.ctx.topology, this.ctx.identity, this.ctx.patterns);
    }

    /** The typed outputs of an upstream stack. */
    of<R extends ReferencedRole>(role: R): ReferenceOf<R> {
        return this.load(role).fields as ReferenceOf<R>;
    }

    /**
     * One line per upstream stack, `org/project/stack (account)`, resolved only when its
     * whole contract is present and valid. Exported, so a broken reference fails the run.
     */
    verified(): Record<string, pulumi.Output<string>> {
        return Object.fromEntries(this.roles.map((r) => [r, this.load(r).verified]));
    }

    private load(role: ReferencedRole) {
        const cached = this.read.get(role);
        if (cached) return cached;
        if (!this.roles.includes(role)) {
            throw new Error(
                `the ${this.ctx.identity.role} stack does not read the ${role} stack; declare it in the needs or consumerReads of the pattern that reads it (core/pattern.ts)`,
            );
        }
        const account = this.ctx.topology[role]!;
        const path = stackPath(account.pulumiOrg, this.ctx.project, account.stack);
        const literal = this.ctx.settings.references[role] as Record<string, unknown> | undefined;
        const all: pulumi.Output<Record<string, unknown>> = literal
            ? pulumi.output(literal).apply((v) => v as Record<string, unknown>)
            : new pulumi.StackReference(`${role}-stack`, { name: path }, this.opts).outputs;
        const origin = literal ? `datasharing:references.${role}` : `stack ${path}`;
        const contracts = this.ctx.patterns.contracts;
        const keys = contractKeys(contracts, role);
        const verified = all.apply((outputs) => {
            const missing = keys.filter((key) => outputs[key] === undefined && !isOptionalField(contracts, role, key));
            if (missing.length > 0) {
                throw new Error(
                    `${origin} has no output ${missing.map((k) => `"${k}"`).join(", ")}: deploy the ${role} stack first ` +
                        `(order: external, producer, governance, consumers), or give the values as datasharing:references.${role}`,
                );
            }
            keys.forEach((key) => checkOutput(contracts, role, origin, account.accountId, outputs, key));
            return `${literal ? "literal values" : path} (${account.accountId})`;
        });
        // Each field is made on first use: an unused field must not add its own failure to
        // the one clear error of `verified`.
        const fields: Record<string, pulumi.Output<unknown>> = {};
        for (const key of keys) {
            let field: pulumi.Output<unknown> | undefined;
            Object.defineProperty(fields, key, {
                enumerable: true,
                get: () => (field ??= all.apply((outputs) => checkOutput(contracts, role, origin, account.accountId, outputs, key))),
            });
        }
        const entry = { fields, verified };
        this.read.set(role, entry);
        return entry;
    }
}

function checkOutput(contracts: Contracts, role: ReferencedRole, origin: string, accountId: string, all: Record<string, unknown>, key: string): unknown {
    const value = all[key];
    if (value === undefined && isOptionalField(contracts, role, key)) {
        return undefined;
    }
    if (value === undefined) {
        throw new Error(`${origin} has no output "${key}": deploy the ${role} stack first, or give the value as datasharing:references.${role}.${key}`);
    }
    const field = (contracts[role].shape as Record<string, { safeParse(v: unknown): { success: boolean; error?: { issues: { message: string }[] } } }>)[key];
    const checked = field.safeParse(value);
    if (!checked.success) {
        throw new Error(`output "${key}" of ${origin} ${checked.error?.issues[0]?.message ?? "is invalid"}`);
    }
    if (key === "accountId" && value !== accountId) {
        throw new Error(
            `${origin} was deployed into account ${String(value)}, but the topology's ${role} account is ${accountId}: point accounts.${role} (pulumiOrg, stack) at the right stack`,
        );
    }
    return value;
}
