import { StackEvaluation, TopologyEvaluation } from "../../plan/evaluation";
import { indexCatalog } from "../../patterns/lake-formation/access";
import { CapturedResource } from "../../plan/mock-aws";
import { stackAccounts } from "../../core/topology/model";
import { PENDING_INVITATION, SHARE_ASSOCIATION } from "../../patterns/lake-formation/live/ram";

/**
 * The live accounts as the plan's collectors read an evaluation: one stack per account, its
 * resources those the readers synthesised. Two adjustments make it faithful:
 * - an account not read keeps only the plan's catalog (tables, LF-tags, cells filters), so
 *   chains through it resolve columns but grant nothing: its grants are not evidence;
 * - a Lake Formation grant to an account that has not accepted the RAM invitation carrying
 *   it is not usable yet, so it is left out (the share is pending, its rows are missing);
 *   a RAM share reaching an account outside the topology is noted.
 * Grants naming a table or filter the owner's live catalog lacks are left out with a note,
 * since Lake Formation cannot give access through them.
 */

const CATALOG_TYPES = new Set([
    "aws:glue/catalogTable:CatalogTable",
    "aws:lakeformation/resourceLfTags:ResourceLfTags",
    "aws:lakeformation/dataCellsFilter:DataCellsFilter",
]);
const PERMISSIONS = "aws:lakeformation/permissions:Permissions";

export function liveEvaluation(
    plan: TopologyEvaluation,
    live: ReadonlyMap<string, CapturedResource[]>,
    note: (stack: string, text: string) => void,
): TopologyEvaluation {
    const pending = new Map<string, Set<string>>();
    const known = new Set(stackAccounts(plan.topology).map((a) => a.accountId));
    for (const stack of plan.stacks) {
        for (const r of live.get(stack.stack) ?? []) {
            if (r.type !== PENDING_INVITATION) continue;
            const sender = String(r.inputs.senderAccountId);
            pending.set(sender, new Set([...(pending.get(sender) ?? []), stack.account.accountId]));
            note(
                stack.stack,
                `RAM invitation ${r.inputs.resourceShareName ?? ""} from ${sender} is pending: the Lake Formation grants it carries are not usable until it is accepted`,
            );
        }
        for (const r of (live.get(stack.stack) ?? []).filter(
            (x) => x.type === SHARE_ASSOCIATION && /^\d{12}$/.test(String(x.inputs.principal)) && !known.has(String(x.inputs.principal)),
        )) {
            note(stack.stack, `RAM share ${r.inputs.resourceShareName ?? ""} reaches account ${r.inputs.principal}, which is not in the topology`);
        }
    }
    const stacks: StackEvaluation[] = plan.stacks.map((s) => {
        const resources = live.get(s.stack) ?? s.resources.filter((r) => CATALOG_TYPES.has(r.type));
        const waiting = pending.get(s.account.accountId) ?? new Set<string>();
        return {
            stack: s.stack,
            path: s.path,
            account: s.account,
            consumer: s.consumer,
            resources: resources.filter((r) => !(r.type === PERMISSIONS && waiting.has(String(r.inputs.principal)))),
            references: [],
            errors: [],
        };
    });
    return { project: plan.project, topology: plan.topology, stacks: withoutDanglingGrants(stacks, note) };
}

/** Grants on tables or filters their catalog does not hold, which the collectors could not resolve. */
function withoutDanglingGrants(stacks: StackEvaluation[], note: (stack: string, text: string) => void): StackEvaluation[] {
    const catalogs = new Map(stacks.map((s) => [s.account.accountId, indexCatalog(s.resources)]));
    return stacks.map((s) => ({
        ...s,
        resources: s.resources.filter((r) => {
            if (r.type !== PERMISSIONS) return true;
            const problem = danglingTarget(r.inputs, s.account.accountId, catalogs);
            if (problem) note(s.stack, `Lake Formation grant to ${r.inputs.principal} on ${problem}, which its catalog does not hold: left out`);
            return problem === undefined;
        }),
    }));
}

function danglingTarget(i: Record<string, any>, own: string, catalogs: Map<string, ReturnType<typeof indexCatalog>>): string | undefined {
    if (i.dataCellsFilter) {
        const f = i.dataCellsFilter;
        return catalogs.get(f.tableCatalogId)?.filters.has(f.name) ? undefined : `cells filter ${f.name} of ${f.tableCatalogId}`;
    }
    const t = i.table ?? i.tableWithColumns;
    if (!t || (i.table?.wildcard && !t.name)) return undefined;
    const catalog = t.catalogId || own;
    return catalogs.get(catalog)?.columns.has(`${t.databaseName}.${t.name}`) ? undefined : `${catalog}:${t.databaseName}.${t.name}`;
}
