import * as pulumi from "@pulumi/pulumi";
import { ConsumerLake, ReceivedShares } from "../components/lake-sharing/consumer-lake";
import { lakeShares } from "../core/lake-formation/sharing";
import { AccountNames } from "../core/naming";
import { awsTargetOf } from "../core/stack/context";
import { AccountScope, StackOutputs, accountExports } from "./account";
import { consumerObjectSharing } from "./object-sharing";
import { consumerRedshift } from "./redshift";

/** What the consumer's own people use. */
export interface ConsumerOperatorOutputs {
    /** Databases made from the datashares received (pattern 4), in the consumer's warehouse. */
    redshiftDatabases?: pulumi.Output<string>[];
}

/** A consumer account (account C of reference/000): one stack per consumer on AWS. */
export function consumerStack(scope: AccountScope): StackOutputs<"consumer", ConsumerOperatorOutputs> {
    const { ctx } = scope;
    const { topology } = ctx;
    const consumer = ctx.identity.consumer!;
    const mine = (pattern: "lake-formation-central" | "lake-formation-external") => lakeShares(topology, pattern, ctx.asOf).filter((s) => s.consumer.name === consumer.name);
    const received: ReceivedShares[] = [];
    if (topology.governance) {
        received.push({ label: "producer", owner: new AccountNames(topology.namePrefix, topology.producer), senderAccountId: topology.governance.accountId, shares: mine("lake-formation-central") });
    }
    if (topology.external) {
        const external = new AccountNames(topology.namePrefix, topology.external);
        received.push({ label: "external", owner: external, senderAccountId: topology.external.accountId, shares: mine("lake-formation-external") });
    }
    new ConsumerLake(
        "lake",
        { names: ctx.names, target: awsTargetOf(ctx), received, sameOrganization: consumer.account?.sameOrganization ?? false, crossAccountVersion: topology.lakeFormation.crossAccountVersion },
        scope.opts,
    );
    consumerObjectSharing(scope);
    return { ...accountExports(scope), ...consumerRedshift(scope), upstreamStacks: scope.upstream.verified() };
}
