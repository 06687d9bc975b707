import { z } from "zod";
import { SharingSituation } from "./advisor/inputs";
import { ConfigProblem } from "./config-error";
import { Contracts, composeContracts } from "./contract/exports";
import { ImplementedPattern, Pattern, StackCheck } from "./pattern";
import { StackSettingsSchema, composeSettingsSchema } from "./stack/settings";
import { AccountRole, Consumer, FixedRole, Topology } from "./topology/model";
import { PatternCatalog, PatternId, describePattern } from "./topology/patterns";
import { TopologyRule } from "./topology/problem";
import { DataProduct, ParsedTopology, composeTopologySchema } from "./topology/schema";

/**
 * The registered patterns (patterns/index.ts), composed: the one topology schema, settings
 * schema and contract they make together, their rules in the order they are registered,
 * and the answers that depend on all of them. Built once per process.
 */
export class PatternSet<P extends Pattern = Pattern> implements PatternCatalog {
    /** The implemented patterns, in the order of their numbers. */
    readonly advised: readonly ImplementedPattern[];
    readonly ids: readonly PatternId[];
    private readonly byId: ReadonlyMap<PatternId, ImplementedPattern>;
    private schemas?: { topology: z.ZodType<ParsedTopology>; contracts: Contracts; settings: StackSettingsSchema };

    /** @param parts the patterns, in the order their contributions are composed (schema fields, rules, resources) */
    constructor(readonly parts: readonly P[]) {
        this.advised = parts.flatMap((p) => p.implements).sort((a, b) => a.number - b.number);
        this.ids = this.advised.map((p) => p.id);
        this.byId = new Map(this.advised.map((p) => [p.id, p]));
        const twice = (names: readonly string[]) => [...new Set(names.filter((n, i) => names.indexOf(n) !== i))];
        const repeated = [...twice(parts.map((p) => p.name)), ...twice(this.ids)];
        if (repeated.length > 0) throw new Error(`registered twice (patterns/index.ts): ${repeated.join(", ")}`);
    }

    facts(id: PatternId): ImplementedPattern {
        const facts = this.byId.get(id);
        if (!facts) throw new Error(`pattern ${id} is not registered (patterns/index.ts)`);
        return facts;
    }

    describe(id: PatternId): string {
        return describePattern(this.facts(id));
    }

    /** The `datasharing:topology` schema with every pattern's fields. */
    get topologySchema(): z.ZodType<ParsedTopology> {
        return this.composed().topology;
    }

    /** Each role's contract with every pattern's fields. */
    get contracts(): Contracts {
        return this.composed().contracts;
    }

    /** The stack settings schema with every pattern's settings. */
    get settings(): StackSettingsSchema {
        return this.composed().settings;
    }

    /** The patterns' topology rules, in the order they are registered. */
    get rules(): TopologyRule[] {
        return this.parts.flatMap((p) => p.topology?.rules ?? []);
    }

    /** Every pattern's settings checks, in the order they are registered. */
    settingsProblems(stack: Omit<StackCheck, "patterns">): ConfigProblem[] {
        return this.parts.flatMap((p) => p.settings?.checks?.({ ...stack, patterns: this.parts }) ?? []);
    }

    /** What the patterns' settings of a product add to its situation for the advisor. */
    situation(product: DataProduct): Partial<SharingSituation> {
        return Object.assign({}, ...this.parts.map((p) => p.situation?.(product) ?? {}));
    }

    /** Stacks a consumer's stack reads beside the producer: what its patterns need, and what they say. */
    consumerReads(topology: Topology, consumer: Consumer): Set<FixedRole> {
        const reads = new Set<FixedRole>();
        for (const p of consumer.patterns) this.facts(p).needs.forEach((r) => reads.add(r));
        for (const part of this.parts) part.consumerReads?.(topology, consumer).forEach((r) => reads.add(r));
        return reads;
    }

    /** Whether an account of this role (a consumer: the one named) needs a Redshift warehouse for any pattern. */
    needsWarehouse(topology: Topology, role: AccountRole, consumer?: string): boolean {
        return this.parts.some((p) => p.warehouse?.needed(topology, role, consumer) ?? false);
    }

    /** The enabled patterns whose consumers read the external account's copy of Published Datasets. */
    servedFromExternalCopy(topology: Topology): PatternId[] {
        return topology.enabledPatterns.filter((id) => this.facts(id).servedFromExternalCopy?.(topology) ?? false);
    }

    /** The patterns that serve the snapshots the producer publishes, in the order of their numbers. */
    get servingSnapshots(): PatternId[] {
        return this.advised.filter((p) => p.servesPublishedSnapshots).map((p) => p.id);
    }

    private composed() {
        if (!this.schemas) {
            const merge = (pick: (p: P) => z.ZodRawShape | undefined): z.ZodRawShape => Object.assign({}, ...this.parts.map((p) => pick(p) ?? {}));
            const contracts = composeContracts(this.parts.map((p) => p.contract ?? {}));
            this.schemas = {
                topology: composeTopologySchema({
                    ids: this.ids,
                    product: merge((p) => p.topology?.product),
                    consumer: merge((p) => p.topology?.consumer),
                    access: merge((p) => p.topology?.access),
                    sections: merge((p) => p.topology?.sections),
                }),
                contracts,
                settings: composeSettingsSchema(
                    contracts,
                    this.parts.map((p) => p.settings?.shape ?? {}),
                ),
            };
        }
        return this.schemas;
    }
}
