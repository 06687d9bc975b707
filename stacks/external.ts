import { glueLogsKeyGrant } from "../components/glue-encryption";
import { ReplicaCatalog } from "../components/lake-sharing/replica-catalog";
import { PublishedDatasets } from "../components/published-datasets/index";
import { publishedProducts, replicaCrawlSchedule } from "../patterns/publishing/products";
import { replicaBucketStatements, replicaKeyGrant } from "../components/published-replication/policies";
import { replicationRoleArn } from "../components/published-replication/published-replication";
import { lakeProducts, lakeShares } from "../core/lake-formation/sharing";
import { AccountNames } from "../core/naming";
import { awsTargetOf } from "../core/stack/context";
import { replicatesToExternal } from "../patterns/replication/model";
import { AccountScope, StackOutputs, accountExports } from "./account";
import { PartnerApiOutputs } from "../patterns/partner-api/program";
import { accessOf, buildParts, partsOf } from "./program";
import { accountWarehouse } from "./warehouse";

/**
 * The producer's external sharing account (account B of reference/000): the only
 * account external consumers reach, holding the "External Published Datasets".
 */
export function externalStack(scope: AccountScope): StackOutputs<"external", PartnerApiOutputs> {
    const { ctx } = scope;
    const { topology } = ctx;
    // The producer's replication role has a fixed name: its ARN comes from the topology, not its state.
    const replicator = replicatesToExternal(topology, ctx.patterns) ? replicationRoleArn(new AccountNames(topology.namePrefix, topology.producer)) : undefined;
    const crawlsReplica = topology.enabledPatterns.includes("lake-formation-external");
    const bucketArn = ctx.names.bucketArn(ctx.names.bucket("external-published"));
    const parts = partsOf("external");
    const access = accessOf(scope, parts, "publishedAccess");
    const published = new PublishedDatasets(
        "external-published",
        {
            names: ctx.names,
            purpose: "external-published",
            description: "External Published Datasets",
            keyGrants: [
                ...(replicator ? [replicaKeyGrant(replicator, ctx.identity.account.region, bucketArn)] : []),
                // The replica crawler's logs are encrypted with this key.
                ...(crawlsReplica ? [glueLogsKeyGrant(ctx.names)] : []),
                ...access.keyGrants,
            ],
            bucketStatements: [...(replicator ? replicaBucketStatements(replicator, bucketArn) : []), ...access.bucketStatements],
            protect: ctx.settings.protectStatefulResources,
        },
        scope.opts,
    );
    const warehouse = accountWarehouse(scope, parts);
    const replicaShares = lakeShares(topology, "lake-formation-external", ctx.asOf);
    const { exports, outputs, expiry } = buildParts(scope, { published, warehouse }, parts, [{ untimed: { lakeFormation: replicaShares.map((s) => ({ consumer: s.consumer, principals: [] })) } }]);
    if (crawlsReplica) {
        new ReplicaCatalog(
            "replica",
            {
                names: ctx.names,
                bucket: { name: published.bucket.bucketName, arn: bucketArn },
                keyArn: published.key.arn,
                shares: replicaShares,
                products: lakeProducts(topology, "lake-formation-external"),
                extraAdmins: expiry ? [expiry.functionRoleArn] : [],
                crossAccountVersion: topology.lakeFormation.crossAccountVersion,
                target: awsTargetOf(ctx),
                verificationRoleArn: scope.verificationRoleArn,
                crawlSchedule: replicaCrawlSchedule(publishedProducts(topology, ctx.patterns.servingSnapshots)),
            },
            scope.opts,
        );
    }
    return {
        ...accountExports(scope),
        ...published.contractFields,
        ...exports,
        ...outputs,
        upstreamStacks: scope.upstream.verified(),
    };
}
