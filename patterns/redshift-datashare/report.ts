import { EntitlementContext } from "../../plan/entitlements/context";
import { Entitlement } from "../../plan/entitlements/model";
import { TopologyEvaluation } from "../../plan/evaluation";
import { PatternReport, PlanSection } from "../../plan/pattern-report";
import { DatasharePath, datasharePaths, renderDatasharePaths } from "./paths";

/**
 * Pattern 4: a consumer account reads a datashare only when all four steps are registered
 * (grant, authorization, association, database); a half-built path is a plan problem, not
 * an entitlement. Inside the consumer account its own Redshift admin decides who queries.
 */
export function datashareEntitlements(evaluation: TopologyEvaluation, context: EntitlementContext): Entitlement[] {
    return datasharePaths(evaluation.stacks)
        .filter((d) => d.reachesConsumer)
        .map((d): Entitlement => ({
            ...context.who(context.consumerOfAccount(d.consumerAccount), d.consumerAccount),
            principal: d.consumerAccount,
            principalAccount: d.consumerAccount,
            grantorAccount: d.sharingAccount,
            path: "redshift datashare",
            pattern: "redshift-datashare",
            ...context.product(d.datashare),
            resource: `datashare ${d.datashare} (option ${d.option}, ${d.sharingStack}) as database ${d.database}`,
            actions: ["SELECT (read-only, granted by the consumer's admin)"],
            basis: "registered",
        }));
}

/** Pattern 4's section of the plan: each datashare's four steps, per consumer account. */
const datashareSection: PlanSection<DatasharePath> = {
    key: "datashares",
    paths: (evaluation) => datasharePaths(evaluation.stacks),
    problems: (paths) =>
        paths
            .filter((d) => !d.reachesConsumer)
            .map(
                (d) =>
                    `datashare ${d.datashare} of ${d.sharingStack} does not reach account ${d.consumerAccount}: every step must be there (see the datashares section)`,
            ),
    render: renderDatasharePaths,
};

/** Pattern 4 in the plan, the entitlement report and the diagram. */
export const datashareReport: PatternReport = {
    sections: [datashareSection],
    entitlements: datashareEntitlements,
    paths: { "redshift datashare": "Redshift datashare" },
    // Option B's copy runs from the producer into the external account's warehouse.
    edges: (evaluation) => {
        const { producer, external } = evaluation.topology;
        return external && datasharePaths(evaluation.stacks).some((d) => d.option === "B")
            ? [{ from: producer.accountId, to: external.accountId, label: "Redshift copy by Glue (pattern 4, option B)" }]
            : [];
    },
};
