import { GovernanceHub } from "../components/lake-sharing/governance-hub";
import { centralTables } from "../core/lake-formation/central-catalog";
import { lakeShares } from "../core/lake-formation/sharing";
import { AccountNames } from "../core/naming";
import { awsTargetOf } from "../core/stack/context";
import { AccountScope, StackOutputs, accountExports } from "./account";
import { accessExpiry } from "./access-expiry";

/**
 * The central governance account of pattern 2: it owns the catalog of the products it
 * governs, over the producer's S3 locations, and shares it with consumer accounts.
 */
export function governanceStack(scope: AccountScope): StackOutputs<"governance"> {
    const { ctx } = scope;
    const { topology } = ctx;
    if (topology.enabledPatterns.includes("lake-formation-central")) {
        const shares = lakeShares(topology, "lake-formation-central", ctx.asOf);
        // Governance grants each consumer account, and its principals too with directPrincipalGrants.
        const direct = topology.lakeFormation.directPrincipalGrants;
        const expiry = accessExpiry(scope, { lakeFormation: shares.map((s) => ({ consumer: s.consumer, principals: direct ? s.consumer.principals : [] })) });
        new GovernanceHub(
            "central",
            {
                names: ctx.names,
                target: awsTargetOf(ctx),
                producer: new AccountNames(topology.namePrefix, topology.producer),
                tables: centralTables(topology),
                shares,
                extraAdmins: expiry ? [expiry.functionRoleArn] : [],
                directPrincipalGrants: topology.lakeFormation.directPrincipalGrants,
                crossAccountVersion: topology.lakeFormation.crossAccountVersion,
                verificationRoleArn: scope.verificationRoleArn,
            },
            scope.opts,
        );
    }
    return { ...accountExports(scope), upstreamStacks: scope.upstream.verified() };
}
