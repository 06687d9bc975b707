import { ListDataGrantsCommand, ListDataSetsCommand } from "@aws-sdk/client-dataexchange";
import { CapturedResource } from "../../plan/mock-aws";
import { allPages } from "../../ops/verify/paginate";
import { LiveReadContext, LiveReaderSpec, liveResource, planned } from "../../ops/verify/live/context";
import { DATA_GRANT_TYPE as DATA_GRANT } from "./data-grant";
import { DATA_SET } from "./report";

/**
 * Pattern 1, live: the data sets the account owns and the data grants it has sent, as the
 * `aws:dataexchange/dataSet` and DataGrant resources the plan's collector reads. A data set
 * the plan builds keeps the plan's id and product (matched by name), so a grant's row names
 * the same data set on both sides. A grant is live access once its receiver has accepted it
 * and until its end date, which Data Exchange enforces by itself; a grant still waiting for
 * acceptance is noted, not counted.
 */

export async function readDataExchange(context: LiveReadContext): Promise<CapturedResource[]> {
    const client = context.clients.dataExchange;
    const sets = await allPages("dataexchange ListDataSets", async (token) => {
        const page = await context.call("dataexchange ListDataSets", () => client.send(new ListDataSetsCommand({ Origin: "OWNED", NextToken: token })));
        return { items: page.DataSets, next: page.NextToken };
    });
    const planSets = planned(context, DATA_SET);
    const idOf = new Map<string, string>();
    const resources: CapturedResource[] = sets.map((s) => {
        const plannedSet = planSets.find((p) => p.inputs.name === s.Name);
        const id = plannedSet?.id ?? String(s.Id);
        idOf.set(String(s.Id), id);
        return liveResource(context, DATA_SET, `data set ${s.Name}`, { name: s.Name, tags: plannedSet?.inputs.tags }, id);
    });
    const grants = await allPages("dataexchange ListDataGrants", async (token) => {
        const page = await context.call("dataexchange ListDataGrants", () => client.send(new ListDataGrantsCommand({ NextToken: token })));
        return { items: page.DataGrantSummaries, next: page.NextToken };
    });
    for (const g of grants) {
        if (g.EndsAt && g.EndsAt.getTime() <= context.asOf.getTime()) continue;
        if (g.AcceptanceState !== "ACCEPTED") {
            context.note(
                `data grant ${g.Name} to ${g.ReceiverPrincipal} is ${String(g.AcceptanceState ?? "not accepted").toLowerCase()}: not usable until its receiver accepts it`,
            );
            continue;
        }
        const sourceDataSetId = idOf.get(String(g.SourceDataSetId)) ?? String(g.SourceDataSetId);
        resources.push(
            liveResource(context, DATA_GRANT, `data grant ${g.Name}`, {
                name: g.Name,
                receiverAccountId: g.ReceiverPrincipal,
                sourceDataSetId,
                endsAt: g.EndsAt?.toISOString(),
            }),
        );
    }
    return resources;
}

/** Pattern 1's evidence in verify. */
export const dataExchangeReaders: readonly LiveReaderSpec[] = [{ name: "Data Exchange grants", read: readDataExchange, paths: ["data exchange grant"] }];
