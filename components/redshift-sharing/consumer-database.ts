import { RedshiftDataClient } from "@aws-sdk/client-redshift-data";
import * as pulumi from "@pulumi/pulumi";
import { AwsTarget, verifiedClientConfig } from "../../core/dynamic/aws-target";
import { Warehouse, runStatements } from "./data-api";
import * as sql from "./sql";

/**
 * The consumer side of pattern 4: a database in the consumer's warehouse created from the
 * producer's datashare. It must come after the datashare's consumer association.
 */
export interface ConsumerDatashareDatabaseInputs {
    /** Account, region and role the Data API calls go to. */
    target: AwsTarget;
    /** The consumer's warehouse. */
    warehouse: Warehouse;
    /** Database to create. */
    database: string;
    /** The producer's datashare. */
    datashare: string;
    /** Account sharing it. */
    producerAccountId: string;
    /** Namespace id of the sharing warehouse. */
    producerNamespace: string;
}

export const consumerDatabaseProvider: pulumi.dynamic.ResourceProvider<ConsumerDatashareDatabaseInputs, ConsumerDatashareDatabaseInputs> = {
    async create(inputs) {
        const client = new RedshiftDataClient(await verifiedClientConfig(inputs.target));
        await runStatements(client, inputs.warehouse, [sql.createDatabaseFromDatashare(inputs.database, inputs.datashare, inputs.producerAccountId, inputs.producerNamespace)]);
        return { id: inputs.database, outs: inputs };
    },
    async diff(_id, olds, news) {
        const changed = JSON.stringify(olds) !== JSON.stringify(news);
        return changed ? { changes: true, replaces: ["database"], deleteBeforeReplace: true } : { changes: false };
    },
    async delete(_id, props) {
        const client = new RedshiftDataClient(await verifiedClientConfig(props.target));
        await runStatements(client, props.warehouse, [sql.dropDatabase(props.database)]);
    },
};

export type ConsumerDatashareDatabaseArgs = { [K in keyof ConsumerDatashareDatabaseInputs]: pulumi.Input<ConsumerDatashareDatabaseInputs[K]> };

export class ConsumerDatashareDatabase extends pulumi.dynamic.Resource {
    /** Name of the database. */
    public declare readonly database: pulumi.Output<string>;

    constructor(name: string, args: ConsumerDatashareDatabaseArgs, opts?: pulumi.CustomResourceOptions) {
        super(consumerDatabaseProvider, name, { ...args }, opts, "datasharing", "ConsumerDatashareDatabase");
    }
}
