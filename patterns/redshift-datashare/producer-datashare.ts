import { RedshiftDataClient } from "@aws-sdk/client-redshift-data";
import * as pulumi from "@pulumi/pulumi";
import { AwsTarget, targetMoved } from "../../core/dynamic/aws-target";
import { providerCode } from "../../core/dynamic/provider-code";
import { Warehouse, dataApiClient, runStatements } from "../../components/redshift/data-api";
import * as sql from "../../components/redshift/sql";
import { messageOf } from "../../core/message-of";

/**
 * A datashare on the sharing warehouse (pattern 4), managed with SQL through the Redshift
 * Data API: @pulumi/aws has no datashare resource. This provider does the SQL side only:
 * the account-level steps are ordinary Pulumi resources the stacks add,
 * `aws.redshift.DataShareAuthorization` in the sharing account (after this grant) and
 * `aws.redshift.DataShareConsumerAssociation` in the consumer account.
 */

/** What the provider receives. */
export interface ProducerDatashareInputs {
    /** Account (the sharing one), region and deployment role the Data API calls go to. */
    target: AwsTarget;
    /** The sharing warehouse, and the database whose schema is shared. */
    warehouse: Warehouse;
    /** Name of the datashare; a Redshift identifier. */
    name: string;
    /** Schema whose tables are shared; a Redshift identifier. */
    schema: string;
    /** Tables of `schema` in the share, by name. */
    tables: string[];
    /** Whether tables created in `schema` later join the share by themselves. @default false */
    includeNew: boolean;
    /** Accounts granted usage of the datashare. */
    consumerAccounts: string[];
}

/** What the provider stores: the inputs, whose `name` is the datashare's. */
export type ProducerDatashareOutputs = ProducerDatashareInputs;

const unique = (values: readonly string[]): string[] => [...new Set(values)];

/** The values not in `other`, once each. */
const missingFrom = (values: readonly string[], other: readonly string[]): string[] => unique(values).filter((v) => !other.includes(v));

/** Same members, in any order; anything but two arrays (a preview's placeholder for an unknown value) compares by value. */
function sameSet(a: unknown, b: unknown): boolean {
    if (!Array.isArray(a) || !Array.isArray(b)) {
        return JSON.stringify(a) === JSON.stringify(b);
    }
    const [x, y] = [new Set(a), new Set(b)];
    return x.size === y.size && [...x].every((v) => y.has(v));
}

/** Whether the Redshift message says the object is gone (dropped outside the stack). */
function isGone(err: unknown): boolean {
    const redshiftError = (err as { redshiftError?: unknown } | null)?.redshiftError;
    return typeof redshiftError === "string" && /does not exist/i.test(redshiftError);
}

/** A statement, and the one that takes it back when a later statement of the same change fails. */
export interface Step {
    /** The statement. */
    sql: string;
    /** What undoes it; absent when a later undo covers it (dropping the share undoes all that was added to it). */
    undo?: string;
}

/** The steps of a new datashare, in order. */
export function createSteps(inputs: ProducerDatashareInputs): Step[] {
    const { name, schema } = inputs;
    return [
        { sql: sql.createDatashare(name), undo: sql.dropDatashare(name) },
        { sql: sql.addSchema(name, schema) },
        ...unique(inputs.tables).map((table) => ({ sql: sql.addTable(name, schema, table) })),
        ...(inputs.includeNew ? [{ sql: sql.includeNewObjects(name, schema, true) }] : []),
        ...unique(inputs.consumerAccounts).map((account) => ({ sql: sql.grantUsageToAccount(name, account), undo: sql.revokeUsageFromAccount(name, account) })),
    ];
}

/**
 * The steps that turn the share `olds` describes into the one `news` describes (same name,
 * schema and warehouse: diff replaces otherwise). Withdrawals come first, so a failure
 * midway leaves less shared, never more.
 */
export function updateSteps(olds: ProducerDatashareInputs, news: ProducerDatashareInputs): Step[] {
    const { name, schema } = news;
    const [wasOn, isOn] = [olds.includeNew === true, news.includeNew === true];
    const flip = (on: boolean): Step => ({ sql: sql.includeNewObjects(name, schema, on), undo: sql.includeNewObjects(name, schema, !on) });
    return [
        ...missingFrom(olds.consumerAccounts, news.consumerAccounts).map((account) => ({
            sql: sql.revokeUsageFromAccount(name, account),
            undo: sql.grantUsageToAccount(name, account),
        })),
        ...missingFrom(olds.tables, news.tables).map((table) => ({ sql: sql.removeTable(name, schema, table), undo: sql.addTable(name, schema, table) })),
        ...(wasOn && !isOn ? [flip(false)] : []),
        ...missingFrom(news.tables, olds.tables).map((table) => ({ sql: sql.addTable(name, schema, table), undo: sql.removeTable(name, schema, table) })),
        ...(!wasOn && isOn ? [flip(true)] : []),
        ...missingFrom(news.consumerAccounts, olds.consumerAccounts).map((account) => ({
            sql: sql.grantUsageToAccount(name, account),
            undo: sql.revokeUsageFromAccount(name, account),
        })),
    ];
}

/** The statements that remove the datashare: consumers lose usage first, then it is dropped. */
export function deleteStatements(props: ProducerDatashareInputs): string[] {
    return [...unique(props.consumerAccounts).map((account) => sql.revokeUsageFromAccount(props.name, account)), sql.dropDatashare(props.name)];
}

/**
 * Runs the steps in order; when one fails, undoes those that ran, newest first. A failed
 * create or update leaves the state as it was, so the datashare must match it again: else
 * the retry would stop on what the failed run had already done ("already exists").
 */
async function runSteps(client: RedshiftDataClient, warehouse: Warehouse, steps: readonly Step[], datashare: string): Promise<void> {
    const done: Step[] = [];
    try {
        for (const step of steps) {
            await runStatements(client, warehouse, [step.sql]);
            done.push(step);
        }
    } catch (err) {
        if (done.length === 0) {
            throw err;
        }
        const undos = done.flatMap((step) => (step.undo ? [step.undo] : [])).reverse();
        let outcome: string;
        try {
            await runStatements(client, warehouse, undos);
            outcome = `the ${done.length} statement(s) that had run on datashare "${datashare}" were undone, so it is as before this run`;
        } catch (undo) {
            outcome =
                `undoing the ${done.length} statement(s) that had run on datashare "${datashare}" failed too (${messageOf(undo)}): ` +
                `bring it back by hand to what the stack last deployed (undo: ${undos.join("; ")}) before the next run`;
        }
        throw new Error(`${messageOf(err)}\n${outcome}`, { cause: err });
    }
}

/** Same workgroup or cluster: datashare names are unique per warehouse, whatever the database. */
function sameWarehouse(a: Warehouse, b: Warehouse): boolean {
    return (a.workgroupName ?? "") === (b.workgroupName ?? "") && (a.clusterIdentifier ?? "") === (b.clusterIdentifier ?? "");
}

/** Same sign-in to the warehouse: secret or database user, and deployment role. */
function sameCredentials(olds: ProducerDatashareInputs, news: ProducerDatashareInputs): boolean {
    return (
        (olds.warehouse.secretArn ?? "") === (news.warehouse.secretArn ?? "") &&
        (olds.warehouse.dbUser ?? "") === (news.warehouse.dbUser ?? "") &&
        olds.target.roleArn === news.target.roleArn &&
        olds.target.externalId === news.target.externalId
    );
}

export const producerDatashareProvider: pulumi.dynamic.ResourceProvider<ProducerDatashareInputs, ProducerDatashareOutputs> = {
    async create(inputs: ProducerDatashareInputs): Promise<pulumi.dynamic.CreateResult<ProducerDatashareOutputs>> {
        // Built before any call, so an invalid name or account id runs nothing.
        const steps = createSteps(inputs);
        await runSteps(await dataApiClient(inputs.target), inputs.warehouse, steps, inputs.name);
        return { id: inputs.name, outs: { ...inputs, includeNew: inputs.includeNew === true } };
    },

    async diff(_id: pulumi.ID, olds: ProducerDatashareOutputs, news: ProducerDatashareInputs): Promise<pulumi.dynamic.DiffResult> {
        const replaces: string[] = [];
        if (olds.name !== news.name) {
            replaces.push("name");
        }
        // The share holds one schema here: moving it is a new share rather than a rewrite.
        if (olds.schema !== news.schema) {
            replaces.push("schema");
        }
        if (!sameWarehouse(olds.warehouse, news.warehouse) || olds.warehouse.database !== news.warehouse.database) {
            replaces.push("warehouse");
        }
        if (targetMoved(olds.target, news.target)) {
            replaces.push("target");
        }
        if (replaces.length > 0) {
            // Only a share of the same name on the same warehouse collides with the old one; otherwise the new one comes first.
            const collides = olds.name === news.name && sameWarehouse(olds.warehouse, news.warehouse) && !replaces.includes("target");
            return collides ? { changes: true, replaces, deleteBeforeReplace: true } : { changes: true, replaces };
        }
        // Compared as sets, without building SQL: in a preview, values still unknown arrive as placeholders, not names.
        // New credentials change nothing in Redshift, but the stored ones must follow or delete would use the old ones.
        const changes =
            !sameSet(olds.tables, news.tables) ||
            !sameSet(olds.consumerAccounts, news.consumerAccounts) ||
            (olds.includeNew === true) !== (news.includeNew === true) ||
            !sameCredentials(olds, news);
        return { changes };
    },

    async update(
        _id: pulumi.ID,
        olds: ProducerDatashareOutputs,
        news: ProducerDatashareInputs,
    ): Promise<pulumi.dynamic.UpdateResult<ProducerDatashareOutputs>> {
        const steps = updateSteps(olds, news);
        if (steps.length > 0) {
            await runSteps(await dataApiClient(news.target), news.warehouse, steps, news.name);
        }
        return { outs: { ...news, includeNew: news.includeNew === true } };
    },

    async delete(_id: pulumi.ID, props: ProducerDatashareOutputs): Promise<void> {
        const statements = deleteStatements(props);
        const client = await dataApiClient(props.target);
        for (const statement of statements) {
            try {
                await runStatements(client, props.warehouse, [statement]);
            } catch (err) {
                // Revoked or dropped outside the stack: go on, the end state is the same.
                if (!isGone(err)) {
                    throw err;
                }
            }
        }
    },
};

/** Arguments of {@link ProducerDatashare}. */
export interface ProducerDatashareArgs {
    /** Account (the sharing one, the stack's own), region and deployment role the Data API calls go to. */
    target: pulumi.Input<AwsTarget>;
    /** The sharing warehouse and database; moving to another one replaces the datashare. */
    warehouse: pulumi.Input<Warehouse>;
    /** Name of the datashare (letters, digits, `_`, `$`); changing it replaces the datashare. */
    name: pulumi.Input<string>;
    /** Schema whose tables are shared; changing it replaces the datashare. */
    schema: pulumi.Input<string>;
    /** Tables of `schema` in the share; changes add and remove only the difference. */
    tables: pulumi.Input<pulumi.Input<string>[]>;
    /** Whether tables created in `schema` later join the share by themselves. @default false */
    includeNew?: pulumi.Input<boolean>;
    /** Accounts granted usage; changes grant and revoke only the difference. */
    consumerAccounts: pulumi.Input<pulumi.Input<string>[]>;
}

/**
 * A Redshift datashare of one schema's tables, granted to consumer accounts: created,
 * updated by difference and dropped with SQL through the Redshift Data API.
 */
export class ProducerDatashare extends pulumi.dynamic.Resource {
    // `declare`, not `!`: with ES2022 class fields a `!` field is reset to undefined after super().
    /** Name of the datashare, as `DataShareAuthorization` and the consumer's `CREATE DATABASE` refer to it. */
    declare public readonly name: pulumi.Output<string>;
    /** Schema whose tables are shared. */
    declare public readonly schema: pulumi.Output<string>;
    /** Tables in the share. */
    declare public readonly tables: pulumi.Output<string[]>;
    /** Whether new tables of the schema join the share by themselves. */
    declare public readonly includeNew: pulumi.Output<boolean>;
    /** Accounts granted usage. */
    declare public readonly consumerAccounts: pulumi.Output<string[]>;

    constructor(name: string, args: ProducerDatashareArgs, opts?: pulumi.CustomResourceOptions) {
        super(providerCode(producerDatashareProvider), name, { ...args, includeNew: args.includeNew ?? false }, opts, "datasharing", "ProducerDatashare");
    }
}
