import { ConfigError } from "../config-error";
import { Account, AccountRole, Consumer, FIXED_ROLES, FixedRole, Topology } from "../topology/model";
import { NAMESPACE } from "./namespace";

/** Which account a stack deploys into, and for a consumer stack, which consumer it serves. */
export interface StackIdentity {
    /** The account role the stack deploys. */
    readonly role: AccountRole;
    /** The topology's account of that role (a consumer stack: its consumer's). */
    readonly account: Account;
    /** For a consumer stack, the consumer it serves; undefined otherwise. */
    readonly consumer?: Consumer;
}

const ROLE_KEY = `${NAMESPACE}:account`;

/**
 * The role comes from `datasharing:account`, defaulting to the stack name; stack names
 * `consumer` and `consumer-<name>` are consumer stacks.
 */
export function resolveIdentity(topology: Topology, stackName: string, settings: { readonly account?: string; readonly consumer?: string }): StackIdentity {
    const role = settings.account ?? stackName;
    if ((FIXED_ROLES as readonly string[]).includes(role)) {
        return fixedIdentity(topology, role as FixedRole, stackName);
    }
    if (role === "consumer" || role.startsWith("consumer-")) {
        return consumerIdentity(topology, stackName, settings.consumer ?? consumerNameFromStack(topology, stackName, role));
    }
    const hint = settings.account === undefined ? ` (it defaulted to the stack name "${stackName}")` : "";
    throw ConfigError.single(ROLE_KEY, `"${role}" is not an account role${hint}: set it to producer, governance, external or consumer`);
}

function fixedIdentity(topology: Topology, role: FixedRole, stackName: string): StackIdentity {
    const account = topology[role];
    if (!account) {
        throw ConfigError.single(
            ROLE_KEY,
            `this stack is the ${role} account, but datasharing:topology.accounts.${role} is not declared: declare it in Pulumi.yaml`,
        );
    }
    if (account.stack !== stackName) {
        throw ConfigError.single(
            ROLE_KEY,
            `stack "${stackName}" claims the ${role} account, whose stack is "${account.stack}" in the topology: other stacks reference "${account.stack}", so rename this stack or set datasharing:topology.accounts.${role}.stack`,
        );
    }
    return { role, account };
}

function consumerNameFromStack(topology: Topology, stackName: string, role: string): string | undefined {
    const byStack = topology.consumers.find((c) => c.account?.stack === stackName);
    return byStack?.name ?? (role.startsWith("consumer-") ? role.slice("consumer-".length) : undefined);
}

function consumerIdentity(topology: Topology, stackName: string, name: string | undefined): StackIdentity {
    const key = `${NAMESPACE}:consumer`;
    if (name === undefined) {
        throw ConfigError.single(
            key,
            `stack "${stackName}" is a consumer stack but names no consumer: set datasharing:consumer to a consumer's name, or set its stack in the topology`,
        );
    }
    const consumer = topology.consumers.find((c) => c.name === name);
    if (!consumer) {
        const known = topology.consumers.map((c) => c.name).join(", ") || "none declared";
        throw ConfigError.single(key, `no consumer named "${name}" in datasharing:topology.consumers (known: ${known}): fix the name or declare the consumer`);
    }
    if (!consumer.account) {
        throw ConfigError.single(
            key,
            `consumer "${name}" is not on AWS (no accountId), so it has no stack: remove this stack, or give the consumer an accountId`,
        );
    }
    if (consumer.account.stack !== stackName) {
        throw ConfigError.single(
            key,
            `consumer "${name}" deploys as stack "${consumer.account.stack}", not "${stackName}": rename the stack or set its stack in the topology`,
        );
    }
    return { role: "consumer", account: consumer.account, consumer };
}
