import * as pulumi from "@pulumi/pulumi";
import { AccessExpiry } from "../components/access-expiry";
import { PublishedDatasets } from "../components/published-datasets";
import { ExistingWarehouse } from "../components/redshift/existing-warehouse";
import { SchemaSpec } from "../components/redshift/schemas";
import { RedshiftWarehouse } from "../components/redshift/warehouse";
import { WarehouseTables } from "../components/redshift/warehouse-tables";
import { SecureLake } from "../components/secure-lake";
import { ContractRole, ExportsOf } from "../core/contract/exports";
import { PolicyStatement } from "../core/policy/document";
import { KeyGrant } from "../core/policy/key-policy";
import { AccountScope } from "../core/stack/scope";
import { AccountRole, Consumer } from "../core/topology/model";

/**
 * What a pattern builds in each account, as the stack programs (stacks/) ask it: first what
 * it needs in the policies of the account's shared resources, before they exist; then its
 * own resources, on those; then, once the account's access expiry exists, what that
 * expiry administers. Each pattern decides from the topology whether it has anything to do.
 */

/** Statements a pattern needs on a bucket and its key, before they exist. */
export interface BucketAccess {
    readonly bucketStatements?: readonly pulumi.Input<PolicyStatement>[];
    readonly keyGrants?: readonly KeyGrant[];
}

/** The shared resources a role's patterns build on, made by the stack program before them. */
export interface AccountBase {
    /** The producer's secure lake (reference/004). */
    readonly lake?: SecureLake;
    /** The account's Published Datasets (producer, external). */
    readonly published?: PublishedDatasets;
    /** The account's Redshift warehouse, where a pattern needs one. */
    readonly warehouse?: AccountWarehouse;
}

/** The account's warehouse: built here, or the one the account already runs; with the tables the patterns need in it. */
export interface AccountWarehouse {
    readonly warehouse: RedshiftWarehouse | ExistingWarehouse;
    /** The schemas and tables the patterns asked for (`warehouseSchemas`), once they exist. */
    readonly tables?: WarehouseTables;
}

/** What this account grants one consumer that IAM cannot time: the access expiry ends it at the consumer's end date. */
export interface UntimedGrants {
    /** Consumers this account grants Lake Formation permissions to, with the principals granted directly. */
    readonly lakeFormation?: readonly { readonly consumer: Consumer; readonly principals: readonly string[] }[];
    /** Datashare ARNs this account authorizes, by consumer name. */
    readonly datashares?: Readonly<Record<string, readonly pulumi.Input<string>[]>>;
}

/** What a pattern built in one account. */
export interface BuiltPart<R extends ContractRole = ContractRole> {
    /** Fields of the account's contract it exports. */
    readonly exports?: Partial<ExportsOf<R>>;
    /** Outputs for the account's operators, which no other stack reads. */
    readonly outputs?: Readonly<Record<string, pulumi.Input<unknown>>>;
    /** What it grants that the access expiry must end. */
    readonly untimed?: UntimedGrants;
    /** Builds what the access expiry administers, once it exists (undefined: no consumer of this account ends). */
    readonly afterExpiry?: (expiry: AccessExpiry | undefined) => void;
}

/** A pattern's part in the program of one role. */
export interface RolePart<R extends ContractRole = ContractRole> {
    /** What it needs on the producer's lake bucket and key, before they exist. */
    lakeAccess?(scope: AccountScope): BucketAccess;
    /** What it needs on the account's Published Datasets bucket and key, before they exist. */
    publishedAccess?(scope: AccountScope): BucketAccess;
    /** Schemas and tables it needs in the account's warehouse. */
    warehouseSchemas?(scope: AccountScope): SchemaSpec[];
    /** Builds its resources on the account's shared ones; a part that only adds to their policies builds nothing. */
    build?(scope: AccountScope, base: AccountBase): BuiltPart<R>;
}

/** A pattern's part in each role's program; a role it takes no part in is left out. */
export type PatternProgram = { readonly [R in AccountRole]?: RolePart<R> };
