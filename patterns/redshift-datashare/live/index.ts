import { DataShare, DescribeDataSharesCommand, DescribeDataSharesForConsumerCommand } from "@aws-sdk/client-redshift";
import { CapturedResource } from "../../../plan/mock-aws";
import { AccountNames } from "../../../core/naming";
import { Warehouse } from "../../../core/redshift/data-api-statement";
import { messageOf } from "../../../core/message-of";
import { allPages } from "../../../ops/verify/paginate";
import { LiveReadContext, LiveReaderSpec, liveResource, planned } from "../../../ops/verify/live/context";
import { queryRows } from "./redshift-query";

/**
 * Pattern 4, live, as the four steps the plan's datashare paths check (patterns/redshift-datashare/paths.ts):
 * in a sharing account, GRANT USAGE to each account (SVV_DATASHARE_CONSUMERS, through the
 * Data API) and the account-level authorization (DescribeDataShares); in a consumer account,
 * the association (DescribeDataSharesForConsumer) and the database made from the share
 * (SVV_DATASHARES, INBOUND). The warehouses queried are the ones the plan's stack builds.
 */

const DATASHARE = "pulumi-nodejs:dynamic/datasharing:ProducerDatashare";
const AUTHORIZATION = "aws:redshift/dataShareAuthorization:DataShareAuthorization";
const ASSOCIATION = "aws:redshift/dataShareConsumerAssociation:DataShareConsumerAssociation";
const DATABASE = "pulumi-nodejs:dynamic/datasharing:ConsumerDatashareDatabase";

/** Association states in which the consumer account may use the share (or associate it). */
const AUTHORIZED = new Set(["AUTHORIZED", "ACTIVE", "AVAILABLE"]);

export async function readDatashares(context: LiveReadContext): Promise<CapturedResource[]> {
    return [...(await sharingSide(context)), ...(await consumerSide(context))];
}

async function sharingSide(context: LiveReadContext): Promise<CapturedResource[]> {
    const own = context.account.accountId;
    const shares = await allPages("redshift DescribeDataShares", async (marker) => {
        const page = await context.call("redshift DescribeDataShares", () => context.clients.redshift.send(new DescribeDataSharesCommand({ Marker: marker })));
        return { items: page.DataShares, next: page.Marker };
    });
    const outbound = shares.filter((s) => s.DataShareArn && s.ProducerArn?.includes(`:${own}:`));
    const resources: CapturedResource[] = outbound.flatMap((s) =>
        (s.DataShareAssociations ?? [])
            .filter((a) => a.ConsumerIdentifier && AUTHORIZED.has(String(a.Status)))
            .map((a) =>
                liveResource(context, AUTHORIZATION, `${nameOf(s)}-${a.ConsumerIdentifier}`, {
                    dataShareArn: s.DataShareArn,
                    consumerIdentifier: a.ConsumerIdentifier,
                }),
            ),
    );
    const granted = await grantedAccounts(context, outbound);
    for (const share of outbound) {
        const name = nameOf(share);
        const plannedShare = planned(context, DATASHARE).find((r) => r.inputs.name === name);
        resources.push(
            liveResource(
                context,
                DATASHARE,
                `datashare ${name}`,
                { name, schema: plannedShare?.inputs.schema, tables: plannedShare?.inputs.tables ?? [], consumerAccounts: granted.get(name) ?? [] },
                name,
            ),
        );
    }
    return resources;
}

/** Accounts each share is granted to, per warehouse the plan shares from. */
async function grantedAccounts(context: LiveReadContext, shares: readonly DataShare[]): Promise<Map<string, string[]>> {
    const granted = new Map<string, string[]>();
    if (shares.length === 0) return granted;
    for (const warehouse of warehousesOf(context, DATASHARE)) {
        const rows = await queryRows(context, warehouse, "SELECT share_name, consumer_account FROM svv_datashare_consumers WHERE consumer_account IS NOT NULL");
        for (const [share, account] of rows) granted.set(share.trim(), [...(granted.get(share.trim()) ?? []), account.trim()]);
    }
    for (const share of shares.map(nameOf).filter((n) => !granted.has(n))) {
        context.note(
            `datashare ${share}: no GRANT USAGE to any account is visible in svv_datashare_consumers (none granted, or the verification database user may not see it)`,
        );
    }
    return granted;
}

async function consumerSide(context: LiveReadContext): Promise<CapturedResource[]> {
    const own = context.account.accountId;
    const shares = await allPages("redshift DescribeDataSharesForConsumer", async (marker) => {
        const page = await context.call("redshift DescribeDataSharesForConsumer", () =>
            context.clients.redshift.send(new DescribeDataSharesForConsumerCommand({ Marker: marker })),
        );
        return { items: page.DataShares, next: page.Marker };
    });
    const resources: CapturedResource[] = shares.flatMap((s) =>
        (s.DataShareAssociations ?? [])
            .filter((a) => a.Status === "ACTIVE" && (a.ConsumerIdentifier ?? "").includes(own))
            .map((a) => liveResource(context, ASSOCIATION, `association ${nameOf(s)}`, { dataShareArn: s.DataShareArn, consumerArn: a.ConsumerIdentifier })),
    );
    const known = warehousesOf(context, DATABASE);
    for (const warehouse of known.length > 0 || resources.length === 0 ? known : builtWarehouse(context, resources)) {
        let rows: string[][];
        try {
            rows = await queryRows(
                context,
                warehouse,
                "SELECT share_name, producer_account, consumer_database FROM svv_datashares WHERE share_type = 'INBOUND' AND consumer_database IS NOT NULL",
            );
        } catch (err) {
            throw new Error(`reading the databases made from datashares on ${warehouse.workgroupName ?? warehouse.clusterIdentifier}: ${messageOf(err)}`, {
                cause: err,
            });
        }
        for (const [share, producerAccountId, database] of rows) {
            resources.push(
                liveResource(context, DATABASE, `database ${database.trim()}`, {
                    datashare: share.trim(),
                    producerAccountId: producerAccountId.trim(),
                    database: database.trim(),
                }),
            );
        }
    }
    return resources;
}

/** The warehouses the plan's resources of `type` in this stack run SQL on, each once, without the deployer's secret. */
function warehousesOf(context: LiveReadContext, type: string): Warehouse[] {
    const found = new Map<string, Warehouse>();
    for (const r of planned(context, type)) {
        const w = r.inputs.warehouse as Warehouse | undefined;
        if (!w) continue;
        const warehouse: Warehouse = w.workgroupName
            ? { workgroupName: w.workgroupName, database: w.database }
            : { clusterIdentifier: w.clusterIdentifier, database: w.database };
        found.set(JSON.stringify(warehouse), warehouse);
    }
    return [...found.values()];
}

/**
 * The warehouse the stack builds, by its fixed name, for a consumer the plan no longer gives
 * one (its access has ended) while the account still has active associations: the database
 * made from a share may outlive the plan. Serverless or provisioned as the association's
 * consumer ARN says; the settings' default database.
 */
function builtWarehouse(context: LiveReadContext, associations: readonly CapturedResource[]): Warehouse[] {
    const name = new AccountNames(context.topology.namePrefix, context.account).name("redshift-identifier", "warehouse");
    const serverless = associations.some((a) => String(a.inputs.consumerArn).includes(":redshift-serverless:"));
    context.note(`no warehouse of the plan receives datashares here any more; reading the databases made from them on ${name} (database dev)`);
    return [serverless ? { workgroupName: name, database: "dev" } : { clusterIdentifier: name, database: "dev" }];
}

/** A datashare's name: the last part of its ARN. */
const nameOf = (share: DataShare): string => String(share.DataShareArn).split("/").pop()!;

/** What verify reads live of pattern 4. */
export const datashareReaders: readonly LiveReaderSpec[] = [{ name: "Redshift datashares", read: readDatashares, paths: ["redshift datashare"] }];
