/**
 * The six sharing patterns of reference/000 ("Patterns for enterprise data sharing at
 * scale"), with the facts every other module needs about them: which account hosts the
 * sharing side, whether the consumer must be on AWS, and which data the pattern can carry.
 */

export const PATTERN_IDS = [
    "data-exchange",
    "lake-formation-central",
    "lake-formation-external",
    "redshift-datashare",
    "partner-api",
    "access-point",
] as const;

export type PatternId = (typeof PATTERN_IDS)[number];

export type Classification = "public" | "private" | "confidential";
export type DataStructure = "structured" | "unstructured";

/** The account role that must be declared in the topology for a pattern to be usable. */
export type HostAccount = "producer" | "governance" | "external";

export interface PatternFacts {
    /** Pattern number in reference/000. */
    readonly number: number;
    readonly title: string;
    /** Accounts the pattern needs besides the producer. */
    readonly needs: readonly HostAccount[];
    /** False only for the API pattern, which serves partners outside AWS. */
    readonly consumerOnAws: boolean;
    readonly structures: readonly DataStructure[];
    /**
     * Classifications the pattern may carry. Data Exchange hands entitlement management
     * to a marketplace service, so confidential data (which needs the producer's own
     * identity and authorisation controls) may not use it.
     */
    readonly classifications: readonly Classification[];
}

const ALL_CLASSES: readonly Classification[] = ["public", "private", "confidential"];
const ANY_STRUCTURE: readonly DataStructure[] = ["structured", "unstructured"];

export const PATTERNS: Readonly<Record<PatternId, PatternFacts>> = {
    "data-exchange": {
        number: 1,
        title: "AWS Data Exchange",
        needs: ["external"],
        consumerOnAws: true,
        structures: ANY_STRUCTURE,
        classifications: ["public", "private"],
    },
    "lake-formation-central": {
        number: 2,
        title: "Lake Formation with central governance",
        needs: ["governance"],
        consumerOnAws: true,
        structures: ["structured"],
        classifications: ALL_CLASSES,
    },
    "lake-formation-external": {
        number: 3,
        title: "Lake Formation from the external sharing account",
        needs: ["external"],
        consumerOnAws: true,
        structures: ["structured"],
        classifications: ALL_CLASSES,
    },
    "redshift-datashare": {
        number: 4,
        title: "Amazon Redshift data sharing",
        needs: [],
        consumerOnAws: true,
        structures: ["structured"],
        classifications: ALL_CLASSES,
    },
    "partner-api": {
        number: 5,
        title: "Private API with PII redaction",
        needs: ["external"],
        consumerOnAws: false,
        structures: ANY_STRUCTURE,
        classifications: ALL_CLASSES,
    },
    "access-point": {
        number: 6,
        title: "Amazon S3 access points",
        needs: [],
        consumerOnAws: true,
        structures: ANY_STRUCTURE,
        classifications: ALL_CLASSES,
    },
};

export function describePattern(id: PatternId): string {
    return `pattern ${PATTERNS[id].number} (${id}: ${PATTERNS[id].title})`;
}
