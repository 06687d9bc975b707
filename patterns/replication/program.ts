import { AccountNames } from "../../core/naming";
import { AccountScope } from "../../core/stack/scope";
import { PatternProgram, RolePart } from "../program";
import { replicatesToExternal } from "./model";
import { replicaBucketStatements, replicaKeyGrant } from "./policies";
import { PublishedReplication, replicationRoleArn } from "./published-replication";

/**
 * What replication builds: the producer's replication of Published Datasets into the
 * external account's, and the external bucket's and key's grants to its replication role
 * (whose fixed name makes its ARN known from the topology, before the producer deploys).
 */

const replicates = (scope: AccountScope) => replicatesToExternal(scope.ctx.topology, scope.ctx.patterns);

const producer: RolePart<"producer"> = {
    build(scope, base) {
        if (!replicates(scope)) return {};
        const { ctx } = scope;
        const { topology } = ctx;
        const published = base.published!;
        const external = scope.upstream.of("external");
        new PublishedReplication(
            "published-to-external",
            {
                names: ctx.names,
                source: {
                    bucketName: published.bucket.bucketName,
                    bucketArn: ctx.names.bucketArn(ctx.names.bucket("published")),
                    keyArn: published.key.arn,
                    versioning: published.bucket.versioning,
                },
                destination: {
                    accountId: topology.external!.accountId,
                    region: topology.external!.region,
                    bucketArn: external.publishedBucketArn,
                    keyArn: external.publishedKeyArn,
                },
                metrics: topology.replication.metrics,
                replicationTimeControl: topology.replication.replicationTimeControl,
            },
            scope.opts,
        );
        return {};
    },
};

const external: RolePart<"external"> = {
    publishedAccess(scope) {
        if (!replicates(scope)) return {};
        const { ctx } = scope;
        const replicator = replicationRoleArn(new AccountNames(ctx.topology.namePrefix, ctx.topology.producer));
        const bucketArn = ctx.names.bucketArn(ctx.names.bucket("external-published"));
        return {
            bucketStatements: replicaBucketStatements(replicator, bucketArn),
            keyGrants: [replicaKeyGrant(replicator, ctx.identity.account.region, bucketArn)],
        };
    },
};

export const replicationProgram: PatternProgram = { producer, external };
