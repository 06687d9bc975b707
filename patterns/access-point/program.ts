import { AccountNames } from "../../core/naming";
import { AccountScope } from "../../core/stack/scope";
import { AccountBase, BucketAccess, PatternProgram, RolePart } from "../program";
import { AccessPointClient } from "./access-point-client";
import { accessPointHost } from "./config";
import { ConsumerAccessPoint } from "./consumer-access-point";
import { consumersDecryptThroughS3, delegateToOwnAccessPoints, delegatedActions } from "./delegation";
import { AccessPointShare, accessPointAccount, accessPointShares } from "./model";

/**
 * What pattern 6 builds: in the account whose Published Datasets carries the access points,
 * the bucket's delegation to its own access points and the consumers' decrypt grant (before
 * the bucket exists), then one access point per active consumer; in each consumer's account,
 * its role's policy and, for a VPC-only point, the S3 endpoint that reaches it.
 */

/** Whether this account's bucket carries the access points: the topology's choice. */
function hosts(scope: AccountScope): boolean {
    const { topology, identity } = scope.ctx;
    return topology.enabledPatterns.includes("access-point") && accessPointHost(topology) === identity.role;
}

/** The access points this account hosts now. */
function hosted(scope: AccountScope): AccessPointShare[] {
    return hosts(scope) ? accessPointShares(scope.ctx.topology, scope.ctx.asOf) : [];
}

function sharing(purpose: string): RolePart {
    return {
        publishedAccess(scope): BucketAccess {
            const { names } = scope.ctx;
            const shares = hosted(scope);
            const consumers = shares.map((a) => ({ name: a.consumer, accountId: a.accountId, principals: a.principals, endsAt: a.endsAt }));
            return {
                bucketStatements: hosts(scope)
                    ? delegateToOwnAccessPoints(names.bucketArn(names.bucket(purpose)), names.account.accountId, delegatedActions(shares))
                    : [],
                keyGrants: consumersDecryptThroughS3(consumers, scope.ctx.identity.account.region),
            };
        },
        build(scope, base: AccountBase) {
            const { names } = scope.ctx;
            for (const share of hosted(scope)) {
                new ConsumerAccessPoint(
                    `access-point-${share.consumer}`,
                    {
                        names,
                        bucketName: base.published!.bucket.bucketName,
                        consumer: {
                            name: share.consumer,
                            accountId: share.accountId,
                            principals: share.principals,
                            prefixes: share.prefixes,
                            actions: share.actions,
                            endsAt: share.endsAt,
                        },
                        vpcId: share.vpc?.id,
                    },
                    scope.opts,
                );
            }
            return {};
        },
    };
}

/** The consumer's side: the policy of its roles on its access point, and the endpoint of a VPC-only one. */
const consumer: RolePart = {
    build(scope) {
        const { ctx } = scope;
        const { topology } = ctx;
        const me = ctx.identity.consumer!;
        const share = topology.enabledPatterns.includes("access-point") ? accessPointShares(topology, ctx.asOf).find((s) => s.consumer === me.name) : undefined;
        if (!share) return {};
        const host = accessPointAccount(topology);
        const owner = new AccountNames(topology.namePrefix, host);
        new AccessPointClient(
            "access-point",
            {
                names: ctx.names,
                sharing: owner,
                consumer: me.name,
                principals: share.principals,
                prefixes: share.prefixes,
                actions: share.actions,
                bucketArn: owner.bucketArn(owner.bucket(host.role === "external" ? "external-published" : "published")),
                keyArn: scope.upstream.of(host.role as "producer" | "external").publishedKeyArn,
                endpoint: share.vpc ? { vpcId: share.vpc.id, routeTableIds: share.vpc.routeTableIds } : undefined,
            },
            scope.opts,
        );
        return {};
    },
};

export const accessPointProgram: PatternProgram = { producer: sharing("published"), external: sharing("external-published"), consumer };
