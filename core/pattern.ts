import { z } from "zod";
import { AdvisedPattern, SharingSituation } from "./advisor/inputs";
import { ConfigProblem } from "./config-error";
import { ContractRole } from "./contract/exports";
import { StackIdentity } from "./stack/identity";
import { StackSettings } from "./stack/settings";
import { AccountRole, Consumer, FixedRole, Topology } from "./topology/model";
import { TopologyRule } from "./topology/problem";
import { DataProduct } from "./topology/schema";

/**
 * A sharing pattern of reference/000 as core sees it, implemented by its folder under
 * patterns/ and registered in patterns/index.ts: what it adds to the configuration (the
 * topology, each stack's settings, the contract between stacks), the rules over it, its
 * facts and branches of the pattern advisor, and what it asks of the accounts. Core composes
 * these and imports nothing above itself: a new pattern is a folder and a line in the list.
 *
 * A folder may implement two patterns that share their code (Lake Formation's 2 and 3), or
 * none: publishing and replication are steps of the producer that patterns 1, 3, 5 and 6
 * build on, registered the same way so that they, too, live in one place. What a pattern
 * builds in each account, shows in the plan and reads in verify is declared by the layers
 * above (patterns/registration.ts).
 */
export interface Pattern {
    /** Its folder under patterns/, e.g. "redshift-datashare". */
    readonly name: string;
    /** The patterns of reference/000 it implements; none for a step that serves others. */
    readonly implements: readonly ImplementedPattern[];
    /** What it adds to `datasharing:topology`, and the rules relating it to the rest. */
    readonly topology?: TopologyPart;
    /** Settings it adds to each stack (`datasharing:<key>`), and the checks tying them to the topology. */
    readonly settings?: SettingsPart;
    /** Fields it adds to what a role's stack exports for the stacks that read it. */
    readonly contract?: Partial<Record<ContractRole, z.ZodRawShape>>;
    /**
     * What of each contract field it adds one consumer's literal references carry (a hand-off
     * bundle): its own slice, or undefined for nothing. A field not named here travels whole.
     */
    readonly consumerSlice?: Readonly<Record<string, (value: unknown, consumer: Consumer) => unknown>>;
    /** Stacks a consumer's stack reads for it, beside each implemented pattern's `needs`. */
    readonly consumerReads?: (topology: Topology, consumer: Consumer) => readonly FixedRole[];
    /** What it needs of the account's Redshift warehouse (`datasharing:warehouse`). */
    readonly warehouse?: WarehouseNeeds;
    /** What its settings of a product tell the pattern advisor (pattern 4's option B keeps consumers from production). */
    readonly situation?: (product: DataProduct) => Partial<SharingSituation>;
}

/** One pattern of reference/000: its facts, its advice, and how it reaches consumers. */
export interface ImplementedPattern extends AdvisedPattern {
    /** Whether its consumers read the external account's copy of Published Datasets, which replication makes. @default never */
    readonly servedFromExternalCopy?: (topology: Topology) => boolean;
}

/** A pattern's fields of the topology, each a zod shape merged where it belongs. */
export interface TopologyPart {
    /** Fields of each data product. */
    readonly product?: z.ZodRawShape;
    /** Fields of each consumer. */
    readonly consumer?: z.ZodRawShape;
    /** Fields of each data product a consumer lists. */
    readonly access?: z.ZodRawShape;
    /** Sections under `patterns:`. */
    readonly sections?: z.ZodRawShape;
    /** Rules over the parsed topology, run after the base rules. */
    readonly rules?: readonly TopologyRule[];
}

/** A pattern's settings of each stack. */
export interface SettingsPart {
    /** Settings under `datasharing:<key>`, each a YAML object. */
    readonly shape: z.ZodRawShape;
    /** Problems relating the stack's settings to the topology, found before anything is registered. */
    readonly checks?: (stack: StackCheck) => ConfigProblem[];
}

/** What a settings check reads. */
export interface StackCheck {
    /** The validated topology. */
    readonly topology: Topology;
    /** The stack's account role and account, and its consumer for a consumer stack. */
    readonly identity: StackIdentity;
    /** The stack's settings, each default applied. */
    readonly settings: StackSettings;
    /** The run's one instant, which access end dates are compared with. */
    readonly asOf: Date;
    /** Whether the stack's file sets `datasharing:<key>` (a default is not set). */
    declared(key: string): boolean;
    /** A setting's value as written, or undefined when it is missing or unreadable. */
    raw(key: string): unknown;
    /** Every registered pattern, for a check that asks the others. */
    readonly patterns: readonly Pattern[];
}

/** What a pattern needs of the account's warehouse. */
export interface WarehouseNeeds {
    /** Whether an account of this role (a consumer: the one named) needs a warehouse for it, whatever the end dates. */
    needed(topology: Topology, role: AccountRole, consumer?: string): boolean;
    /** Why it needs a warehouse the stack builds (not `datasharing:warehouse.existing`) in this role, if it does. */
    built?(topology: Topology, role: AccountRole): string | undefined;
}
