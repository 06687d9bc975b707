import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { FixedRole } from "../topology/model";
import { ACCOUNT_ID_PATTERN } from "../topology/schema";

/**
 * The typed contract between stacks: what each account role exports. The writing stack
 * returns `ExportsOf<R>`, the reading stack gets `ReferenceOf<R>`, both derived from the
 * same schema, so a renamed output breaks compilation instead of a deploy. The schemas
 * also validate literal values given in place of a stack reference. The fields every role
 * exports are here; a pattern adds its own (its folder's `config.ts`), declared below.
 */

/** An ARN, as contract fields hold them. */
export const arn = z.string().regex(/^arn:aws[a-z-]*:[a-z0-9-]+:/, { error: 'must be an ARN such as "arn:aws:kms:eu-west-1:123456789012:key/..."' });
const bucketName = z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: "must be an S3 bucket name" });

/** A 12-digit account id, as contract fields hold them. */
export const contractAccountId = z.string().regex(ACCOUNT_ID_PATTERN, { error: "must be a 12-digit AWS account id" });

const accountFields = {
    /** Account the stack deployed into. Readers check it against the topology. */
    accountId: contractAccountId,
    region: z.string().min(1),
};

/** The "Published Datasets" bucket of a sharing account and the key that encrypts it. */
const publishedFields = {
    publishedBucketName: bucketName,
    publishedBucketArn: arn,
    publishedKeyArn: arn,
};

const BASE = {
    external: { ...accountFields, ...publishedFields },
    producer: { ...accountFields, ...publishedFields },
    governance: { ...accountFields },
    consumer: { ...accountFields },
} satisfies Record<FixedRole | "consumer", z.ZodRawShape>;

export type ContractRole = keyof typeof BASE;
/** Roles other stacks can reference. Consumer stacks are read by nobody. */
export type ReferencedRole = FixedRole;

/**
 * Fields a pattern adds to a role's contract, declared by its folder's `config.ts` with
 * `declare module` on this file: `interface ExternalContractFields { dataGrants?: ... }`
 * (one interface per role: two patterns may add the same field to different roles).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the patterns' declarations
export interface ProducerContractFields {}
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the patterns' declarations
export interface ExternalContractFields {}
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the patterns' declarations
export interface GovernanceContractFields {}
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the patterns' declarations
export interface ConsumerContractFields {}

interface PatternContractFields {
    producer: ProducerContractFields;
    external: ExternalContractFields;
    governance: GovernanceContractFields;
    consumer: ConsumerContractFields;
}

/** A role's contract: the base fields and the patterns' (one object type, so it reads as a plain record too). */
export type ContractOf<R extends ContractRole> = Flat<z.output<z.ZodObject<(typeof BASE)[R]>> & PatternContractFields[R]>;

type Flat<T> = { [K in keyof T]: T[K] };

/** What a stack program returns: each field may still be an output. */
export type ExportsOf<R extends ContractRole> = { [K in keyof ContractOf<R>]: pulumi.Input<ContractOf<R>[K]> };

/** What a reader gets: every field as an output. */
export type ReferenceOf<R extends ContractRole> = { [K in keyof ContractOf<R>]: pulumi.Output<ContractOf<R>[K]> };

/** The contract of every role, as schemas: the base fields, then the patterns'. */
export type Contracts = { readonly [R in ContractRole]: z.ZodObject };

/** Each role's contract schema, with the fields the patterns add (each a shape by role). */
export function composeContracts(extra: readonly Partial<Record<ContractRole, z.ZodRawShape>>[]): Contracts {
    const compose = (role: ContractRole) => z.strictObject(Object.assign({}, BASE[role], ...extra.map((e) => e[role] ?? {})) as z.ZodRawShape);
    return { external: compose("external"), producer: compose("producer"), governance: compose("governance"), consumer: compose("consumer") };
}

export function contractKeys<R extends ContractRole>(contracts: Contracts, role: R): (keyof ContractOf<R> & string)[] {
    return Object.keys(contracts[role].shape) as (keyof ContractOf<R> & string)[];
}

/** Whether a contract field may be absent (only stacks that have the feature export it). */
export function isOptionalField(contracts: Contracts, role: ContractRole, key: string): boolean {
    const field = (contracts[role].shape as Record<string, z.ZodType>)[key];
    return field !== undefined && field.safeParse(undefined).success;
}
