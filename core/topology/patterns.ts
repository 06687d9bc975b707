/**
 * The sharing patterns of reference/000 ("Patterns for enterprise data sharing at scale") as
 * every module sees them: an id, and the facts that decide where a pattern may be used.
 * Core knows no pattern by name: each folder under patterns/ declares the ids it implements
 * (below) and its facts, and patterns/index.ts registers it.
 */

/**
 * The ids of the registered patterns. Each pattern's folder adds its own:
 * `declare module "../../core/topology/patterns" { interface PatternIds { "access-point": true } }`,
 * so an id nobody implements is a type error.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the patterns' declarations
export interface PatternIds {}

export type PatternId = keyof PatternIds & string;

export type Classification = "public" | "private" | "confidential";
export type DataStructure = "structured" | "unstructured";

/** The account role that must be declared in the topology for a pattern to be usable. */
export type HostAccount = "producer" | "governance" | "external";

/** What decides where a pattern may be used. */
export interface PatternFacts {
    /** The pattern's id, e.g. "redshift-datashare". */
    readonly id: PatternId;
    /** Pattern number in reference/000. */
    readonly number: number;
    /** Its title in reference/000. */
    readonly title: string;
    /** Accounts the pattern needs besides the producer. */
    readonly needs: readonly HostAccount[];
    /** False only for a pattern that serves partners outside AWS. */
    readonly consumerOnAws: boolean;
    /** Data structures it can share. */
    readonly structures: readonly DataStructure[];
    /** Classifications the pattern may carry. */
    readonly classifications: readonly Classification[];
    /** Whether it serves the daily snapshots the producer publishes into Published Datasets. @default false */
    readonly servesPublishedSnapshots?: boolean;
}

/** The registered patterns' facts, by id. */
export interface PatternCatalog {
    /** Every registered pattern's id, in the order of their numbers. */
    readonly ids: readonly PatternId[];
    facts(id: PatternId): PatternFacts;
    /** `pattern 4 (redshift-datashare: Amazon Redshift data sharing)`, as messages name a pattern. */
    describe(id: PatternId): string;
}

/** How messages name a pattern (PatternCatalog.describe). */
export function describePattern(facts: Pick<PatternFacts, "id" | "number" | "title">): string {
    return `pattern ${facts.number} (${facts.id}: ${facts.title})`;
}
