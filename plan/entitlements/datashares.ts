import { TopologyEvaluation } from "../evaluation";
import { datasharePaths } from "../redshift-paths";
import { EntitlementContext } from "./context";
import { Entitlement } from "./model";

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
