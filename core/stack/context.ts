import * as pulumi from "@pulumi/pulumi";
import { ConfigError, ConfigProblem } from "../config-error";
import { upstreamRoles } from "../deploy-order";
import { AwsTarget } from "../dynamic/aws-target";
import { AccountNames } from "../naming";
import { pastExchangeEndDates } from "../object-sharing/data-exchange";
import { microbatchSources } from "../partner-api/sharing";
import { datasharesOf, needsWarehouse } from "../redshift/sharing";
import { Topology } from "../topology/model";
import { TOPOLOGY_KEY, parseTopologyText } from "../topology/parse";
import { StackIdentity, resolveIdentity } from "./identity";
import { BUILT_WAREHOUSE_KEYS, ExistingWarehouse, NAMESPACE, StackSettings, parseStackSettings } from "./settings";
import { partnerApiChecks } from "./partner-api-settings";
import { dataExchangeChecks } from "./data-exchange-settings";
import { perimeterLayout } from "../../components/network-perimeter/layout";

/** Everything a stack program needs, validated before any resource is registered. */
export interface StackContext {
    readonly project: string;
    readonly stackName: string;
    readonly topology: Topology;
    readonly identity: StackIdentity;
    readonly settings: StackSettings;
    /** The one "now" of this run: access end dates are compared with it, nothing else reads the clock. */
    readonly asOf: Date;
    /** Physical names in this stack's account. */
    readonly names: AccountNames;
}

export interface ContextSource {
    /** Flat config map as the Pulumi language host provides it (`namespace:key` -> string). */
    readonly config: Record<string, string>;
    readonly project: string;
    readonly stackName: string;
    /**
     * Read once per run: the instant access end dates are compared with. A deploy always
     * reads the real clock; only the offline plan passes another instant (`--as-of`).
     */
    readonly now: () => Date;
}

/**
 * The context of the running Pulumi program.
 * @param now the clock; a deploy uses the real one, the offline plan its `--as-of` instant
 */
export function currentStackContext(now: () => Date = () => new Date()): StackContext {
    return loadStackContext({
        config: pulumi.runtime.allConfig(),
        project: pulumi.getProject(),
        stackName: pulumi.getStack(),
        now,
    });
}

export function loadStackContext(source: ContextSource): StackContext {
    const topology = topologyOf(source.config);
    const settings = parseStackSettings(source.config);
    const identity = resolveIdentity(topology, source.stackName, settings);
    const asOf = source.now();
    const problems = [...crossChecks(source.config, topology, identity, settings), ...pastExchangeEndDates(topology, asOf), ...dataExchangeChecks(topology, identity, settings, asOf, NAMESPACE)];
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
    };
}

/**
 * The last topology parsed, by its config text: the plan evaluates every stack of one
 * topology in one process, and validating 100 consumers x 1000 tables once per stack cost
 * seconds. Frozen, since every stack shares it.
 */
let lastParsed: { readonly text: string; readonly topology: Topology } | undefined;

function topologyOf(config: Record<string, string>): Topology {
    const text = config[TOPOLOGY_KEY];
    if (text !== undefined && lastParsed?.text === text) return lastParsed.topology;
    const topology = deepFreeze(parseTopologyText(text));
    if (text !== undefined) lastParsed = { text, topology };
    return topology;
}

function deepFreeze<T>(value: T): T {
    if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
        Object.freeze(value);
        for (const v of Object.values(value)) deepFreeze(v);
    }
    return value;
}

/** Stack settings that must agree with the topology. */
function crossChecks(config: Record<string, string>, topology: Topology, identity: StackIdentity, settings: StackSettings): ConfigProblem[] {
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
        problems.push({ key: "aws:region", message: `is ${region}, but the topology puts this account in ${identity.account.region}: remove aws:region (the topology decides) or change the topology` });
    }
    if (settings.lake && identity.role !== "producer") {
        problems.push({ key: `${NAMESPACE}:lake`, message: `the secure data lake lives in the producer account, not in this ${identity.role} stack: move this setting to Pulumi.${topology.producer.stack}.yaml` });
    }
    const quicksight = settings.lake?.quicksight;
    if (quicksight?.enabled && quicksight.analystEmail === undefined) {
        problems.push({ key: `${NAMESPACE}:lake.quicksight.analystEmail`, message: "QuickSight is enabled, so the analyst's QuickSight user needs an e-mail: set analystEmail" });
    }
    problems.push(...warehouseChecks(topology, identity, settings, readJsonQuietly(config, `${NAMESPACE}:warehouse`)), ...partnerApiChecks(topology, identity, settings, NAMESPACE), ...perimeterLayoutProblems(settings));
    const reads = upstreamRoles(topology, identity);
    for (const [role, literal] of Object.entries(settings.references)) {
        const key = `${NAMESPACE}:references.${role}`;
        if (literal === undefined) continue;
        if (!reads.includes(role as never)) {
            problems.push({ key, message: `this ${identity.role} stack does not read the ${role} stack (it reads: ${reads.join(", ") || "none"}): remove this entry` });
            continue;
        }
        const expected = topology[role as keyof Pick<Topology, "producer" | "governance" | "external">]?.accountId;
        if (literal.accountId !== expected) {
            problems.push({ key: `${key}.accountId`, message: `is ${literal.accountId}, but the topology's ${role} account is ${expected}: copy the outputs of the right stack` });
        }
    }
    return problems;
}

/** `datasharing:warehouse` belongs where pattern 4 needs a warehouse, and option B needs a cluster. */
function warehouseChecks(topology: Topology, identity: StackIdentity, settings: StackSettings, raw: unknown): ConfigProblem[] {
    const key = `${NAMESPACE}:warehouse`;
    const needed = needsWarehouse(topology, identity.role, identity.consumer?.name);
    if (settings.warehouse && !needed) {
        return [{ key, message: `this ${identity.role} stack builds no Redshift warehouse (no datashare of the topology involves it): remove this setting` }];
    }
    if (settings.warehouse?.existing) {
        return existingWarehouseChecks(topology, identity, settings.warehouse.existing, raw);
    }
    if (identity.role === "external" && needed && (settings.warehouse?.kind ?? "serverless") !== "provisioned") {
        return [
            {
                key: `${key}.kind`,
                message: "option B's copy job reaches the external warehouse through a Redshift-managed VPC endpoint, which Redshift grants to another account for provisioned clusters only: set kind: provisioned",
            },
        ];
    }
    return [];
}

/**
 * An existing warehouse serves datashares made in it (option A, and a consumer's received
 * ones). Option B's landing warehouse, option B's copy job and pattern 5's export need the
 * VPC, key and cluster settings of a warehouse this program builds, so they refuse one.
 */
function existingWarehouseChecks(topology: Topology, identity: StackIdentity, existing: ExistingWarehouse, raw: unknown): ConfigProblem[] {
    const key = `${NAMESPACE}:warehouse.existing`;
    const problems: ConfigProblem[] = [];
    const given = typeof raw === "object" && raw !== null ? Object.keys(raw) : [];
    for (const built of BUILT_WAREHOUSE_KEYS.filter((k) => given.includes(k))) {
        problems.push({ key: `${NAMESPACE}:warehouse.${built}`, message: "describes a warehouse this stack builds, but existing names one it only uses: remove it (database stays, naming the existing warehouse's database)" });
    }
    if (identity.role === "external") {
        problems.push({
            key,
            message: "option B's landing warehouse is built by this stack (an RA3 cluster with relocation on, which the producer's copy job reaches through a managed VPC endpoint): remove existing",
        });
    }
    if (identity.role === "producer") {
        const copied = datasharesOf(topology, "external").map((p) => p.product.name);
        const exported = [...new Set(microbatchSources(topology).map((m) => m.product.name))];
        const needs = [
            ...(copied.length > 0 ? [`option B's copy job (${copied.join(", ")}) runs in the warehouse's VPC`] : []),
            ...(exported.length > 0 ? [`pattern 5's export (${exported.join(", ")}) reads it with a user whose secret is under the warehouse's key`] : []),
        ];
        if (needs.length > 0) {
            problems.push({ key, message: `${needs.join("; ")}: an existing warehouse serves option A's datashares only. Remove existing, or share these products with option A` });
        }
    }
    const [, , , region, account] = existing.secretArn.split(":");
    if (account !== identity.account.accountId || region !== identity.account.region) {
        problems.push({
            key: `${key}.secretArn`,
            message: `is a secret of account ${account} in ${region}, but the Data API reads it in this stack's account ${identity.account.accountId} (${identity.account.region}): use the warehouse's own secret`,
        });
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

/** The perimeter's address plan, checked before anything is registered, each problem under its key. */
function perimeterLayoutProblems(settings: StackSettings): ConfigProblem[] {
    const perimeter = settings.networkPerimeter;
    if (!perimeter?.enabled) return [];
    try {
        perimeterLayout(perimeter.egressCidr, [{ name: "producer", cidr: perimeter.sharingVpcCidr }], perimeter.availabilityZones);
        return [];
    } catch (err) {
        const message = (err as Error).message;
        const [, field, rest] = /^(egressCidr|workloads\[0\]\.cidr|availabilityZoneCount): (.*)$/s.exec(message) ?? [];
        const key = field === "egressCidr" ? "egressCidr" : field === "availabilityZoneCount" ? "availabilityZones" : "sharingVpcCidr";
        return [{ key: `${NAMESPACE}:networkPerimeter.${key}`, message: rest ?? message }];
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
