import * as pulumi from "@pulumi/pulumi";
import { ConfigError, ConfigProblem } from "../config-error";
import { upstreamRoles } from "../deploy-order";
import { AwsTarget } from "../dynamic/aws-target";
import { AccountNames } from "../naming";
import { PatternSet } from "../pattern-set";
import { Topology } from "../topology/model";
import { TOPOLOGY_KEY, parseTopologyText } from "../topology/parse";
import { StackIdentity, resolveIdentity } from "./identity";
import { NAMESPACE, StackSettings, parseStackSettings } from "./settings";
import { warehouseProblems } from "./warehouse-settings";

/** Everything a stack program needs, validated before any resource is registered. */
export interface StackContext {
    /** Pulumi project name. */
    readonly project: string;
    /** Name of the stack being deployed. */
    readonly stackName: string;
    /** The validated topology (`datasharing:topology`). */
    readonly topology: Topology;
    /** Which account the stack deploys into, and for a consumer stack, which consumer it serves. */
    readonly identity: StackIdentity;
    /** The stack's settings, each default applied. */
    readonly settings: StackSettings;
    /** The one "now" of this run: access end dates are compared with it, nothing else reads the clock. */
    readonly asOf: Date;
    /** Physical names in this stack's account. */
    readonly names: AccountNames;
    /** The registered patterns (patterns/index.ts) the configuration was read with. */
    readonly patterns: PatternSet;
}

export interface ContextSource {
    /** Flat config map as the Pulumi language host provides it (`namespace:key` -> string). */
    readonly config: Record<string, string>;
    /** Pulumi project name. */
    readonly project: string;
    /** Name of the stack being deployed; the account role it deploys unless `datasharing:account` says otherwise. */
    readonly stackName: string;
    /**
     * Read once per run: the instant access end dates are compared with. A deploy always
     * reads the real clock; only the offline plan passes another instant (`--as-of`).
     */
    readonly now: () => Date;
}

/**
 * The context of the running Pulumi program.
 * @param patterns the registered patterns (patterns/index.ts)
 * @param now the clock; a deploy uses the real one, the offline plan its `--as-of` instant
 */
export function currentStackContext(patterns: PatternSet, now: () => Date = () => new Date()): StackContext {
    return loadStackContext(
        {
            config: pulumi.runtime.allConfig(),
            project: pulumi.getProject(),
            stackName: pulumi.getStack(),
            now,
        },
        patterns,
    );
}

export function loadStackContext(source: ContextSource, patterns: PatternSet): StackContext {
    const topology = topologyOf(source.config, patterns);
    const settings = parseStackSettings(source.config, patterns.settings);
    const identity = resolveIdentity(topology, source.stackName, settings);
    const asOf = source.now();
    const declared = (key: string) => source.config[`${NAMESPACE}:${key}`] !== undefined;
    const raw = (key: string) => readJsonQuietly(source.config, `${NAMESPACE}:${key}`);
    const problems = [
        ...crossChecks(source.config, topology, identity, settings, patterns),
        ...patterns.settingsProblems({ topology, identity, settings, asOf, declared, raw }),
    ];
    if (problems.length > 0) {
        throw new ConfigError(problems);
    }
    return {
        project: source.project,
        stackName: source.stackName,
        topology,
        identity,
        settings,
        asOf,
        names: new AccountNames(topology.namePrefix, identity.account),
        patterns,
    };
}

/**
 * The last topology parsed, by its config text: the plan evaluates every stack of one
 * topology in one process, and validating 100 consumers x 1000 tables once per stack cost
 * seconds. Frozen, since every stack shares it.
 */
let lastParsed: { readonly text: string; readonly patterns: PatternSet; readonly topology: Topology } | undefined;

function topologyOf(config: Record<string, string>, patterns: PatternSet): Topology {
    const text = config[TOPOLOGY_KEY];
    if (text !== undefined && lastParsed?.text === text && lastParsed.patterns === patterns) return lastParsed.topology;
    const topology = deepFreeze(parseTopologyText(text, patterns));
    if (text !== undefined) lastParsed = { text, patterns, topology };
    return topology;
}

function deepFreeze<T>(value: T): T {
    if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
        Object.freeze(value);
        for (const v of Object.values(value)) deepFreeze(v);
    }
    return value;
}

/** Stack settings that must agree with the topology, whatever the patterns. */
function crossChecks(
    config: Record<string, string>,
    topology: Topology,
    identity: StackIdentity,
    settings: StackSettings,
    patterns: PatternSet,
): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const accountId = identity.account.accountId;
    if (settings.assumeRoleArn && settings.assumeRoleArn.split(":")[4] !== accountId) {
        problems.push({
            key: `${NAMESPACE}:assumeRoleArn`,
            message: `is a role in account ${settings.assumeRoleArn.split(":")[4]}, but this stack deploys into ${accountId}: use a deployment role of account ${accountId}`,
        });
    }
    const region = config["aws:region"];
    if (region !== undefined && region !== identity.account.region) {
        problems.push({
            key: "aws:region",
            message: `is ${region}, but the topology puts this account in ${identity.account.region}: remove aws:region (the topology decides) or change the topology`,
        });
    }
    if (config[`${NAMESPACE}:lake`] !== undefined && identity.role !== "producer") {
        problems.push({
            key: `${NAMESPACE}:lake`,
            message: `the secure data lake lives in the producer account, not in this ${identity.role} stack: move this setting to Pulumi.${topology.producer.stack}.yaml`,
        });
    }
    const quicksight = settings.lake.quicksight;
    if (quicksight.enabled && quicksight.analystEmail === undefined) {
        problems.push({
            key: `${NAMESPACE}:lake.quicksight.analystEmail`,
            message: "QuickSight is enabled, so the analyst's QuickSight user needs an e-mail: set analystEmail",
        });
    }
    problems.push(
        ...warehouseProblems({
            needed: patterns.needsWarehouse(topology, identity.role, identity.consumer?.name),
            declared: config[`${NAMESPACE}:warehouse`] !== undefined,
            raw: readJsonQuietly(config, `${NAMESPACE}:warehouse`),
            settings: settings.warehouse,
            role: identity.role,
            account: identity.account,
        }),
    );
    const reads = upstreamRoles(topology, identity, patterns);
    for (const [role, literal] of Object.entries(settings.references)) {
        const key = `${NAMESPACE}:references.${role}`;
        if (literal === undefined) continue;
        if (!reads.includes(role as never)) {
            problems.push({
                key,
                message: `this ${identity.role} stack does not read the ${role} stack (it reads: ${reads.join(", ") || "none"}): remove this entry`,
            });
            continue;
        }
        const expected = topology[role as keyof Pick<Topology, "producer" | "governance" | "external">]?.accountId;
        if (literal.accountId !== expected) {
            problems.push({
                key: `${key}.accountId`,
                message: `is ${literal.accountId}, but the topology's ${role} account is ${expected}: copy the outputs of the right stack`,
            });
        }
    }
    return problems;
}

/** A setting's JSON, or undefined when it is missing or unreadable (parseStackSettings reports that). */
function readJsonQuietly(config: Record<string, string>, key: string): unknown {
    try {
        return config[key] === undefined ? undefined : JSON.parse(config[key]);
    } catch {
        return undefined;
    }
}

/** The stack's account as dynamic providers must reach it: same region, same assumed role. */
export function awsTargetOf(ctx: StackContext): AwsTarget {
    return {
        accountId: ctx.identity.account.accountId,
        region: ctx.identity.account.region,
        roleArn: ctx.settings.assumeRoleArn,
        externalId: ctx.settings.assumeRoleExternalId,
    };
}
