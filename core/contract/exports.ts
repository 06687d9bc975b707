import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { FixedRole } from "../topology/model";
import { ACCOUNT_ID_PATTERN } from "../topology/schema";

/**
 * The typed contract between stacks: what each account role exports. The writing stack
 * returns `ExportsOf<R>`, the reading stack gets `ReferenceOf<R>`, both derived from the
 * same schema, so a renamed output breaks compilation instead of a deploy. The schemas
 * also validate literal values given in place of a stack reference.
 */

const arn = z.string().regex(/^arn:aws[a-z-]*:[a-z0-9-]+:/, { error: "must be an ARN such as \"arn:aws:kms:eu-west-1:123456789012:key/...\"" });
const bucketName = z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: "must be an S3 bucket name" });

const accountFields = {
    /** Account the stack deployed into. Readers check it against the topology. */
    accountId: z.string().regex(ACCOUNT_ID_PATTERN, { error: "must be a 12-digit AWS account id" }),
    region: z.string().min(1),
};

/** The "Published Datasets" bucket of a sharing account and the key that encrypts it. */
const publishedFields = {
    publishedBucketName: bucketName,
    publishedBucketArn: arn,
    publishedKeyArn: arn,
};

const namespaceId = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, { error: "must be a Redshift namespace id (a UUID)" });

/**
 * Pattern 4: the datashares a sharing warehouse offers, by data product. Consumers need all
 * three values for `CREATE DATABASE ... FROM DATASHARE ... OF ACCOUNT ... NAMESPACE`.
 * Present only on a stack that has a warehouse sharing something.
 */
const datashareFields = {
    datashares: z
        .record(
            z.string(),
            z.strictObject({
                /** ARN the consumer associates. */
                arn,
                /** Namespace of the sharing warehouse. */
                namespaceId,
                /** Account that owns the datashare. */
                accountId: accountFields.accountId,
            }),
        )
        .optional(),
};

/** Option B: where the producer's copy job writes, in the external account. */
const copyTargetFields = {
    copyTarget: z
        .strictObject({
            clusterIdentifier: z.string().min(1),
            database: z.string().min(1),
            /** Secret of the `copy_writer` user; only the producer's copy role may read it. */
            writerSecretArn: arn,
            writerKeyArn: arn,
        })
        .optional(),
};

/** Pattern 1: ARNs of the Data Exchange grants sent, by data product then consumer; consumers accept them. */
const dataGrantFields = {
    dataGrants: z.record(z.string(), z.record(z.string(), arn)).optional(),
};

export const CONTRACTS = {
    external: z.strictObject({ ...accountFields, ...publishedFields, ...datashareFields, ...copyTargetFields, ...dataGrantFields }),
    producer: z.strictObject({ ...accountFields, ...publishedFields, ...datashareFields }),
    governance: z.strictObject({ ...accountFields }),
    consumer: z.strictObject({ ...accountFields }),
} satisfies Record<FixedRole | "consumer", z.ZodObject>;

export type ContractRole = keyof typeof CONTRACTS;
/** Roles other stacks can reference. Consumer stacks are read by nobody. */
export type ReferencedRole = FixedRole;

export type ContractOf<R extends ContractRole> = z.output<(typeof CONTRACTS)[R]>;

/** What a stack program returns: each field may still be an output. */
export type ExportsOf<R extends ContractRole> = { [K in keyof ContractOf<R>]: pulumi.Input<ContractOf<R>[K]> };

/** What a reader gets: every field as an output. */
export type ReferenceOf<R extends ContractRole> = { [K in keyof ContractOf<R>]: pulumi.Output<ContractOf<R>[K]> };

export function contractKeys<R extends ContractRole>(role: R): (keyof ContractOf<R> & string)[] {
    return Object.keys(CONTRACTS[role].shape) as (keyof ContractOf<R> & string)[];
}

/** Whether a contract field may be absent (only stacks that have the feature export it). */
export function isOptionalField(role: ContractRole, key: string): boolean {
    const field = (CONTRACTS[role].shape as Record<string, z.ZodType>)[key];
    return field !== undefined && field.safeParse(undefined).success;
}
