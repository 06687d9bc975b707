import * as pulumi from "@pulumi/pulumi";
import { AwsTarget, targetMoved, targetRoleChanged } from "../../core/dynamic/aws-target";
import { providerCode } from "../../core/dynamic/provider-code";
import { Warehouse, dataApiClient, runStatements } from "../../components/redshift/data-api";
import * as sql from "../../components/redshift/sql";

/**
 * The consumer side of pattern 4: a database in the consumer's warehouse over the producer's
 * datashare, made with `CREATE DATABASE ... FROM DATASHARE` through the Redshift Data API.
 * Redshift refuses it until the share reaches the consumer's account, so the stack makes it
 * depend on its `aws.redshift.DataShareConsumerAssociation`.
 */

/** What the provider receives, and stores. */
export interface ConsumerDatashareDatabaseInputs {
    /** Account (the consumer's), region and deployment role the Data API calls go to. */
    target: AwsTarget;
    /** The consumer's warehouse; `warehouse.database` is where the statements connect, not the database made. */
    warehouse: Warehouse;
    /** Name of the database to create from the datashare; a Redshift identifier. */
    database: string;
    /** Name of the producer's datashare. */
    datashare: string;
    /** Account that owns the datashare. */
    producerAccountId: string;
    /** Namespace id (a UUID) of the producer's warehouse. */
    producerNamespace: string;
}

/** Whether the Redshift message says the database is gone (dropped outside the stack). */
function isGone(err: unknown): boolean {
    const redshiftError = (err as { redshiftError?: unknown } | null)?.redshiftError;
    return typeof redshiftError === "string" && /does not exist/i.test(redshiftError);
}

/** The statement that makes the database; validates every part first. */
function createStatement(inputs: ConsumerDatashareDatabaseInputs): string {
    if (inputs.database === inputs.warehouse.database) {
        // Statements connect to warehouse.database: it cannot also be the database this creates and drops.
        throw new Error(
            `database "${inputs.database}" is also the warehouse's connection database: name the datashare's database differently (e.g. "${inputs.datashare}_shared")`,
        );
    }
    return sql.createDatabaseFromDatashare(inputs.database, inputs.datashare, inputs.producerAccountId, inputs.producerNamespace);
}

export const consumerDatabaseProvider: pulumi.dynamic.ResourceProvider<ConsumerDatashareDatabaseInputs, ConsumerDatashareDatabaseInputs> = {
    async create(inputs: ConsumerDatashareDatabaseInputs): Promise<pulumi.dynamic.CreateResult<ConsumerDatashareDatabaseInputs>> {
        const statement = createStatement(inputs);
        await runStatements(await dataApiClient(inputs.target), inputs.warehouse, [statement]);
        return { id: inputs.database, outs: inputs };
    },

    async diff(_id: pulumi.ID, olds: ConsumerDatashareDatabaseInputs, news: ConsumerDatashareDatabaseInputs): Promise<pulumi.dynamic.DiffResult> {
        const replaces = (["database", "datashare", "producerAccountId", "producerNamespace"] as const).filter((key) => olds[key] !== news[key]) as string[];
        const [was, is] = [olds.warehouse, news.warehouse];
        if (
            (was.workgroupName ?? "") !== (is.workgroupName ?? "") ||
            (was.clusterIdentifier ?? "") !== (is.clusterIdentifier ?? "") ||
            was.database !== is.database
        ) {
            replaces.push("warehouse");
        }
        if (targetMoved(olds.target, news.target)) {
            replaces.push("target");
        }
        if (replaces.length > 0) {
            // A database is made once from its share, and the new one may carry the same name: drop the old one first.
            return { changes: true, replaces, deleteBeforeReplace: true };
        }
        // New credentials change nothing in Redshift, but the stored ones must follow or delete would use the old ones.
        const changes =
            (was.secretArn ?? "") !== (is.secretArn ?? "") || (was.dbUser ?? "") !== (is.dbUser ?? "") || targetRoleChanged(olds.target, news.target);
        return { changes };
    },

    async update(
        _id: pulumi.ID,
        _olds: ConsumerDatashareDatabaseInputs,
        news: ConsumerDatashareDatabaseInputs,
    ): Promise<pulumi.dynamic.UpdateResult<ConsumerDatashareDatabaseInputs>> {
        // Only credentials can change in place (diff replaces for the rest): nothing to run.
        return { outs: news };
    },

    async delete(_id: pulumi.ID, props: ConsumerDatashareDatabaseInputs): Promise<void> {
        const statement = sql.dropDatabase(props.database);
        try {
            await runStatements(await dataApiClient(props.target), props.warehouse, [statement]);
        } catch (err) {
            // Dropped outside the stack: nothing to do.
            if (!isGone(err)) {
                throw err;
            }
        }
    },
};

/** Arguments of {@link ConsumerDatashareDatabase}; changing any but credentials replaces the database. */
export interface ConsumerDatashareDatabaseArgs {
    /** Account (the consumer's, the stack's own), region and deployment role the Data API calls go to. */
    target: pulumi.Input<AwsTarget>;
    /** The consumer's warehouse, and the database the statements connect to. */
    warehouse: pulumi.Input<Warehouse>;
    /** Name of the database to create from the datashare; must differ from `warehouse.database`. */
    database: pulumi.Input<string>;
    /** Name of the producer's datashare. */
    datashare: pulumi.Input<string>;
    /** Account that owns the datashare, as 12 digits. */
    producerAccountId: pulumi.Input<string>;
    /** Namespace id (a UUID) of the producer's warehouse. */
    producerNamespace: pulumi.Input<string>;
}

/**
 * A database in the consumer's Redshift warehouse over a producer's datashare. Pass the
 * `DataShareConsumerAssociation` in `dependsOn`: Redshift refuses the database before it.
 */
export class ConsumerDatashareDatabase extends pulumi.dynamic.Resource {
    // `declare`, not `!`: with ES2022 class fields a `!` field is reset to undefined after super().
    /** Name of the database made from the datashare, for grants and queries. */
    declare public readonly database: pulumi.Output<string>;
    /** Name of the producer's datashare. */
    declare public readonly datashare: pulumi.Output<string>;
    /** Account that owns the datashare. */
    declare public readonly producerAccountId: pulumi.Output<string>;
    /** Namespace id of the producer's warehouse. */
    declare public readonly producerNamespace: pulumi.Output<string>;

    constructor(name: string, args: ConsumerDatashareDatabaseArgs, opts?: pulumi.CustomResourceOptions) {
        super(providerCode(consumerDatabaseProvider), name, { ...args }, opts, "datasharing", "ConsumerDatashareDatabase");
    }
}
