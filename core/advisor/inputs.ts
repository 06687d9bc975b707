import { Classification, DataStructure, PatternFacts, PatternId } from "../topology/patterns";

/**
 * What the pattern advisor needs to know about one sharing situation (one data product for
 * one consumer), and what it answers. The factors are the ones reference/000 names for its
 * decision tree: "service availability, classification type, and data format (structured
 * or unstructured). Other factors like usability, multi-partner accessibility, data size,
 * consumption patterns like bulk load/API access, and more may also affect the choice".
 */

/** AWS services the patterns are built from, by their IAM service prefix. */
export const AWS_SERVICES = ["s3", "glue", "lakeformation", "ram", "redshift", "dataexchange", "apigateway", "lambda", "dynamodb", "ses"] as const;
export type AwsService = (typeof AWS_SERVICES)[number];

/** Where the product's data lives today; `several` is data spread over more than one service. */
export const STORES = ["s3", "redshift", "several"] as const;
export type Store = (typeof STORES)[number];

/** `large`: too big to hand out file by file (hundreds of GB and up); the reference gives no threshold. */
export const DATA_SIZES = ["small", "large"] as const;
export type DataSize = (typeof DATA_SIZES)[number];

/** How the consumer takes the data: bulk loads, or requests through an API. */
export const CONSUMPTIONS = ["bulk", "api"] as const;
export type Consumption = (typeof CONSUMPTIONS)[number];

export interface SharingSituation {
    /**
     * Services that are both available and allow-listed where the data is shared (a FedRAMP
     * Moderate environment may, for example, lack Data Exchange). @default every service
     */
    readonly allowedServices?: ReadonlySet<AwsService>;
    /** Data classification of the product. */
    readonly classification: Classification;
    /** Structured (tables) or unstructured (documents, images, video). */
    readonly structure: DataStructure;
    /** Whether the consumer has an AWS account to receive the share in. */
    readonly consumerOnAws: boolean;
    /** Where the data lives. @default "s3" */
    readonly store?: Store;
    /** How many partners receive this product. @default 1 */
    readonly partners?: number;
    /** Size of the data; unknown when undefined. */
    readonly size?: DataSize;
    /** Consumption pattern; unknown when undefined. */
    readonly consumption?: Consumption;
    /** No external consumer may reach the production or governance account. @default false */
    readonly isolateProduction?: boolean;
    /** Whether the production account may use Lake Formation. @default true */
    readonly lakeFormationOnProduction?: boolean;
}

/** Which input a reason rests on. */
export type Factor = "services" | "consumer" | "classification" | "structure" | "store" | "lake-formation" | "partners" | "size" | "consumption" | "isolation";

/**
 * `excludes`: a hard constraint, the pattern cannot work. `for` / `against`: a preference
 * (the reference's "ideally suited", "may", "can also"); each counts one point. `note`:
 * advice on how to use the pattern, no weight.
 */
export type Effect = "excludes" | "for" | "against" | "note";

export interface Reason {
    /** The pattern the reason is about. */
    readonly pattern: PatternId;
    /** The factor of the situation it rests on, e.g. classification. */
    readonly factor: Factor;
    /** Whether it excludes the pattern, counts for or against it, or only advises. */
    readonly effect: Effect;
    /** Why, in words a platform engineer can act on. */
    readonly message: string;
    /** The sentence of reference/000 (or the project rule) the reason rests on. */
    readonly source: string;
}

export interface PatternAssessment {
    /** The pattern assessed. */
    readonly pattern: PatternId;
    /** False when any hard constraint excludes the pattern. */
    readonly viable: boolean;
    /** Preferences for minus preferences against; meaningful for viable patterns only. */
    readonly score: number;
    /** Every reason found, in the order the advisor checked them. */
    readonly reasons: readonly Reason[];
}

export interface Advice {
    /** The best viable patterns (all those sharing the top score); empty when nothing fits. */
    readonly recommended: readonly PatternId[];
    /** Every viable pattern, best first. */
    readonly viable: readonly PatternId[];
    /** Patterns a hard constraint rules out. */
    readonly excluded: readonly PatternId[];
    /** Each pattern's assessment, by id. */
    readonly assessments: Readonly<Record<PatternId, PatternAssessment>>;
}

/** A reason as a pattern finds it; the advisor adds the pattern's id. */
export type Finding = Omit<Reason, "pattern">;

/** `{ factor, effect, message, source }`, in the order the advice prints them. */
export function finding(factor: Factor, effect: Effect, message: string, source: string): Finding {
    return { factor, effect, message, source };
}

/**
 * What a pattern tells the advisor about itself, beside its facts (classifications,
 * structures, whether the consumer must be on AWS), which the advisor checks for every pattern.
 */
export interface PatternAdvice {
    /** Services the pattern is built from, as the reference describes it. */
    readonly services: readonly AwsService[];
    /** The sentence (or project rule) that says the pattern needs a consumer on AWS. */
    readonly consumerSource: string;
    /** The sentence (or project rule) behind the classifications it may not carry. @default the reference's classification sentence */
    readonly classificationSource?: string;
    /** Hard prerequisites of the environment beside its services (Lake Formation on production), checked right after them. */
    readonly prerequisites?: (s: SharingSituation) => Finding[];
    /** Its other branches of the tree, after the classification, format and consumer: where the data is kept, and the preferences. */
    readonly assess: (s: SharingSituation) => Finding[];
    /** Hard reasons the topology's rules already report in words of their own (beside consumer, classification and structure). */
    readonly enforcedByRules?: (reason: Reason) => boolean;
    /** Every sentence its reasons cite, for a reviewer to find in the reference. */
    readonly sources: readonly string[];
}

/** A pattern as the advisor sees it. */
export interface AdvisedPattern extends PatternFacts {
    /** What the pattern tells the advisor about itself. */
    readonly advice: PatternAdvice;
}
