import { glueLogsKeyGrant } from "../../components/glue-encryption";
import { AccountNames } from "../../core/naming";
import { awsTargetOf } from "../../core/stack/context";
import { AccountScope } from "../../core/stack/scope";
import { publishedProducts, replicaCrawlSchedule } from "../publishing/products";
import { PatternProgram, RolePart } from "../program";
import { acceptanceNeeded } from "./acceptance";
import { centralDataAccessRoleArn, centralFolders, centralTables } from "./central-catalog";
import { centralReaderBucketStatements, centralReaderKeyGrant } from "./central-catalog-policies";
import { ConsumerLake, ReceivedShares } from "./consumer-lake";
import { GovernanceHub } from "./governance-hub";
import { LakePattern, lakeProducts, lakeShares, ownerAccountOf } from "./model";
import { ReplicaCatalog } from "./replica-catalog";

/**
 * What patterns 2 and 3 build in each account: the producer lets governance's catalog read
 * its lake's shared folders (pattern 2); governance owns that catalog and shares it; the
 * external account crawls its copy of Published Datasets into a catalog it shares (pattern
 * 3); each consumer accepts what it is offered and links it into its own catalog. The owner
 * of a catalog grants what IAM cannot time, so its access expiry is one of the catalog's
 * admins: the catalogs are built once the expiry exists.
 */

/** Whether governance's catalog (pattern 2) is declared over the producer's lake. */
const central = (scope: AccountScope) => scope.ctx.topology.enabledPatterns.includes("lake-formation-central");
/** Whether the external account crawls its copy into a catalog it shares (pattern 3). */
const replica = (scope: AccountScope) => scope.ctx.topology.enabledPatterns.includes("lake-formation-external");

/**
 * The producer: governance's data-access role reads the lake's folders its catalog is
 * declared over, and nothing else of the bucket, through S3 and the lake key. The producer
 * grants governance no Lake Formation permission: governance owns the catalog it shares.
 */
const producer: RolePart<"producer"> = {
    lakeAccess(scope) {
        const { topology, names } = scope.ctx;
        const role = centralDataAccessRoleArn(topology);
        const folders = centralFolders(centralTables(topology));
        if (!role || folders.length === 0) return {};
        return {
            bucketStatements: centralReaderBucketStatements(role, { lakeBucketArn: names.bucketArn(names.bucket("lake")), folders }),
            keyGrants: [centralReaderKeyGrant(role, names.account.region)],
        };
    },
};

/** Governance: the central catalog over the producer's lake, shared with each consumer account (and its principals with directPrincipalGrants). */
const governance: RolePart<"governance"> = {
    build(scope) {
        if (!central(scope)) return {};
        const { ctx } = scope;
        const { topology } = ctx;
        const shares = lakeShares(topology, "lake-formation-central", ctx.asOf);
        const direct = topology.lakeFormation.directPrincipalGrants;
        return {
            untimed: { lakeFormation: shares.map((s) => ({ consumer: s.consumer, principals: direct ? s.consumer.principals : [] })) },
            afterExpiry: (expiry) => {
                new GovernanceHub(
                    "central",
                    {
                        names: ctx.names,
                        target: awsTargetOf(ctx),
                        producer: new AccountNames(topology.namePrefix, topology.producer),
                        tables: centralTables(topology),
                        shares,
                        extraAdmins: expiry ? [expiry.functionRoleArn] : [],
                        directPrincipalGrants: direct,
                        crossAccountVersion: topology.lakeFormation.crossAccountVersion,
                        verificationRoleArn: scope.verificationRoleArn,
                    },
                    scope.opts,
                );
            },
        };
    },
};

/** The external account: the catalog of its copy of Published Datasets, crawled on the publishing schedule and shared with each consumer account. */
const external: RolePart<"external"> = {
    // The replica crawler's logs are encrypted with the bucket's key.
    publishedAccess: (scope) => (replica(scope) ? { keyGrants: [glueLogsKeyGrant(scope.ctx.names)] } : {}),
    build(scope, base) {
        if (!replica(scope)) return {};
        const { ctx } = scope;
        const { topology } = ctx;
        const published = base.published!;
        const shares = lakeShares(topology, "lake-formation-external", ctx.asOf);
        return {
            untimed: { lakeFormation: shares.map((s) => ({ consumer: s.consumer, principals: [] })) },
            afterExpiry: (expiry) => {
                new ReplicaCatalog(
                    "replica",
                    {
                        names: ctx.names,
                        bucket: { name: published.bucket.bucketName, arn: ctx.names.bucketArn(ctx.names.bucket("external-published")) },
                        keyArn: published.key.arn,
                        shares,
                        products: lakeProducts(topology, "lake-formation-external"),
                        extraAdmins: expiry ? [expiry.functionRoleArn] : [],
                        crossAccountVersion: topology.lakeFormation.crossAccountVersion,
                        target: awsTargetOf(ctx),
                        verificationRoleArn: scope.verificationRoleArn,
                        crawlSchedule: replicaCrawlSchedule(publishedProducts(topology, ctx.patterns.servingSnapshots)),
                    },
                    scope.opts,
                );
            },
        };
    },
};

/** Short name of each Lake Formation pattern's owner, in the consumer's resource link names. */
const OWNER_LABELS: Record<LakePattern, string> = { "lake-formation-central": "governance", "lake-formation-external": "external" };

/** A consumer: each pattern's shares come from the account owning its catalog, which also sends the invitation. */
const consumer: RolePart<"consumer"> = {
    build(scope) {
        const { ctx } = scope;
        const { topology } = ctx;
        const me = ctx.identity.consumer!;
        const received: ReceivedShares[] = (["lake-formation-central", "lake-formation-external"] as const).flatMap((pattern) => {
            const owner = ownerAccountOf(topology, pattern);
            if (!owner) return [];
            const shares = lakeShares(topology, pattern, ctx.asOf).filter((s) => s.consumer.name === me.name);
            return [
                {
                    label: OWNER_LABELS[pattern],
                    owner: new AccountNames(topology.namePrefix, owner),
                    shares,
                    acceptance: acceptanceNeeded(me, owner, topology.producer),
                },
            ];
        });
        new ConsumerLake(
            "lake",
            {
                names: ctx.names,
                target: awsTargetOf(ctx),
                received,
                crossAccountVersion: topology.lakeFormation.crossAccountVersion,
                verificationRoleArn: scope.verificationRoleArn,
            },
            scope.opts,
        );
        return {};
    },
};

export const lakeFormationProgram: PatternProgram = { producer, governance, external, consumer };
