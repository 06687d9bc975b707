import * as pulumi from "@pulumi/pulumi";
import { ConsumerLake, ReceivedShares } from "../components/lake-sharing/consumer-lake";
import { acceptanceNeeded } from "../core/lake-formation/acceptance";
import { LakePattern, lakeShares, ownerAccountOf } from "../core/lake-formation/sharing";
import { AccountNames } from "../core/naming";
import { awsTargetOf } from "../core/stack/context";
import { AccountScope, StackOutputs, accountExports } from "./account";
import { accountWarehouse } from "./warehouse";
import { buildParts, partsOf } from "./program";

/** What the consumer's own people use. */
export interface ConsumerOperatorOutputs {
    /** Databases made from the datashares received (pattern 4), in the consumer's warehouse. */
    redshiftDatabases?: pulumi.Output<string>[];
}

/** Short name of each Lake Formation pattern's owner, in the consumer's resource link names. */
const OWNER_LABELS: Record<LakePattern, string> = { "lake-formation-central": "governance", "lake-formation-external": "external" };

/** A consumer account (account C of reference/000): one stack per consumer on AWS. */
export function consumerStack(scope: AccountScope): StackOutputs<"consumer", ConsumerOperatorOutputs> {
    const { ctx } = scope;
    const { topology } = ctx;
    const consumer = ctx.identity.consumer!;
    // Each pattern's shares come from the account owning its catalog, which also sends the invitation.
    const received: ReceivedShares[] = (["lake-formation-central", "lake-formation-external"] as const).flatMap((pattern) => {
        const owner = ownerAccountOf(topology, pattern);
        if (!owner) return [];
        const shares = lakeShares(topology, pattern, ctx.asOf).filter((s) => s.consumer.name === consumer.name);
        return [{ label: OWNER_LABELS[pattern], owner: new AccountNames(topology.namePrefix, owner), shares, acceptance: acceptanceNeeded(consumer, owner, topology.producer) }];
    });
    new ConsumerLake("lake", { names: ctx.names, target: awsTargetOf(ctx), received, crossAccountVersion: topology.lakeFormation.crossAccountVersion, verificationRoleArn: scope.verificationRoleArn }, scope.opts);
    const parts = partsOf("consumer");
    const { exports, outputs } = buildParts(scope, { warehouse: accountWarehouse(scope, parts) }, parts);
    return { ...accountExports(scope), ...exports, ...outputs, upstreamStacks: scope.upstream.verified() };
}
