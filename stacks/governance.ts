import { GovernanceHub } from "../components/lake-sharing/governance-hub";
import { lakeShares } from "../core/lake-formation/sharing";
import { AccountNames } from "../core/naming";
import { awsTargetOf } from "../core/stack/context";
import { AccountScope, StackOutputs, accountExports } from "./account";

/** The central governance account of pattern 2: Lake Formation across the producer's accounts. */
export function governanceStack(scope: AccountScope): StackOutputs<"governance"> {
    const { ctx } = scope;
    const { topology } = ctx;
    if (topology.enabledPatterns.includes("lake-formation-central")) {
        const governance = ctx.identity.account;
        new GovernanceHub(
            "central",
            {
                names: ctx.names,
                target: awsTargetOf(ctx),
                producer: new AccountNames(topology.namePrefix, topology.producer),
                shares: lakeShares(topology, "lake-formation-central", ctx.asOf),
                sameOrganization: governance.organizationId !== undefined && governance.organizationId === topology.producer.organizationId,
                crossAccountVersion: topology.lakeFormation.crossAccountVersion,
            },
            scope.opts,
        );
    }
    return { ...accountExports(scope), upstreamStacks: scope.upstream.verified() };
}
