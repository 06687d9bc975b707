import { RedshiftDataClient } from "@aws-sdk/client-redshift-data";
import * as pulumi from "@pulumi/pulumi";
import { AwsTarget, verifiedClientConfig } from "../../core/dynamic/aws-target";
import { Warehouse, runStatements } from "./data-api";
import * as sql from "./sql";

/**
 * A datashare on the sharing warehouse (pattern 4, options A and B), as SQL through the
 * Redshift Data API: @pulumi/aws has no datashare resource. The account-level
 * authorization (`aws.redshift.DataShareAuthorization`) and the consumer's association
 * (`aws.redshift.DataShareConsumerAssociation`) are ordinary resources the stacks add.
 */
export interface ProducerDatashareInputs {
    /** Account, region and role the Data API calls go to. */
    target: AwsTarget;
    /** The sharing warehouse. */
    warehouse: Warehouse;
    /** Datashare name. */
    name: string;
    /** Schema whose tables are shared. */
    schema: string;
    /** Tables shared. */
    tables: string[];
    /** Share new tables of the schema automatically. @default false */
    includeNew: boolean;
    /** Consumer accounts granted usage. */
    consumerAccounts: string[];
}

const added = (before: readonly string[], after: readonly string[]) => after.filter((x) => !before.includes(x));

/** The statements that turn `olds` into `news` (or create from nothing when `olds` is undefined). */
export function datashareStatements(olds: ProducerDatashareInputs | undefined, news: ProducerDatashareInputs): string[] {
    const { name, schema } = news;
    const before = olds ?? { ...news, tables: [], consumerAccounts: [], includeNew: false };
    return [
        ...(olds ? [] : [sql.createDatashare(name), sql.addSchema(name, schema)]),
        ...added(before.tables, news.tables).map((t) => sql.addTable(name, schema, t)),
        ...added(news.tables, before.tables).map((t) => sql.removeTable(name, schema, t)),
        ...(before.includeNew !== news.includeNew ? [sql.includeNewObjects(name, schema, news.includeNew)] : []),
        ...added(before.consumerAccounts, news.consumerAccounts).map((a) => sql.grantUsageToAccount(name, a)),
        ...added(news.consumerAccounts, before.consumerAccounts).map((a) => sql.revokeUsageFromAccount(name, a)),
    ];
}

async function client(target: AwsTarget): Promise<RedshiftDataClient> {
    return new RedshiftDataClient(await verifiedClientConfig(target));
}

export const producerDatashareProvider: pulumi.dynamic.ResourceProvider<ProducerDatashareInputs, ProducerDatashareInputs> = {
    async create(inputs) {
        await runStatements(await client(inputs.target), inputs.warehouse, datashareStatements(undefined, inputs));
        return { id: inputs.name, outs: inputs };
    },
    async diff(_id, olds, news) {
        const moved = olds.name !== news.name || olds.schema !== news.schema || JSON.stringify(olds.warehouse) !== JSON.stringify(news.warehouse) || olds.target.accountId !== news.target.accountId || olds.target.region !== news.target.region;
        if (moved) return { changes: true, replaces: ["name"], deleteBeforeReplace: true };
        return { changes: datashareStatements(olds, news).length > 0 || JSON.stringify(olds.target) !== JSON.stringify(news.target) };
    },
    async update(_id, olds, news) {
        await runStatements(await client(news.target), news.warehouse, datashareStatements(olds, news));
        return { outs: news };
    },
    async delete(_id, props) {
        // Consumers lose usage before the share disappears, so no consumer database dangles.
        await runStatements(await client(props.target), props.warehouse, [...props.consumerAccounts.map((a) => sql.revokeUsageFromAccount(props.name, a)), sql.dropDatashare(props.name)]);
    },
};

export type ProducerDatashareArgs = { [K in keyof ProducerDatashareInputs]: pulumi.Input<ProducerDatashareInputs[K]> };

export class ProducerDatashare extends pulumi.dynamic.Resource {
    // `declare`, not `!`: ES2022 class fields would reset the output to undefined after super().
    /** Name of the datashare. */
    public declare readonly name: pulumi.Output<string>;

    constructor(name: string, args: ProducerDatashareArgs, opts?: pulumi.CustomResourceOptions) {
        super(producerDatashareProvider, name, { ...args }, opts, "datasharing", "ProducerDatashare");
    }
}
