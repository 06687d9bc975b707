import * as pulumi from "@pulumi/pulumi";
import { PublishedDatasets } from "../components/published-datasets/index";
import { SecureLake } from "../components/secure-lake";
import { lakePiiColumns } from "../components/secure-lake/pii-columns";
import { LAKE_DATABASE } from "../components/secure-lake/tables";
import { awsTargetOf } from "../core/stack/context";
import { accountProvider } from "../core/stack/provider";
import { AccountScope, StackOutputs, accountExports } from "./account";
import { accountWarehouse } from "./warehouse";
import { accessOf, buildParts, partsOf } from "./program";

/** What the producer's operators need to run the lake of reference/004. */
export interface ProducerOperatorOutputs {
    /** Console sign-in page of the account. */
    consoleSignInUrl: string;
    lakeAdminUser: pulumi.Output<string>;
    lakeAnalystUser: pulumi.Output<string>;
    /** Initial console passwords (secret); AWS asks for a new one at first login. */
    lakeAdminPassword: pulumi.Output<string>;
    lakeAnalystPassword: pulumi.Output<string>;
    lakeDatabase: pulumi.Output<string>;
    lakeBucketName: pulumi.Output<string>;
    athenaWorkgroup: pulumi.Output<string>;
    glueCrawler: pulumi.Output<string>;
    glueJobs: pulumi.Output<string>[];
    /** Patterns 1 and 3: the Glue jobs that publish each product's daily snapshot (start one by hand for the first). */
    publishJobs?: string[];
    /** Pattern 5 with the network perimeter on: the addresses the producer reaches the internet from. */
    egressPublicIps?: pulumi.Output<string[]>;
}

/**
 * The production account (account A of reference/000): owns the data in the secure lake of
 * reference/004, and publishes what it shares into "Published Datasets", apart from it.
 */
export function producerStack(scope: AccountScope): StackOutputs<"producer", ProducerOperatorOutputs> {
    const { ctx } = scope;
    const protect = ctx.settings.protectStatefulResources;
    const lakeSettings = ctx.settings.lake;
    const parts = partsOf("producer");
    const quicksight = lakeSettings.quicksight;
    // QuickSight users and groups live in the account's identity region, through a provider pinned there.
    const identityRegion = quicksight.identityRegion ?? ctx.identity.account.region;
    const identityProvider = quicksight.enabled && identityRegion !== ctx.identity.account.region ? accountProvider(ctx, identityRegion) : undefined;
    const lake = new SecureLake(
        "lake",
        {
            names: ctx.names,
            target: awsTargetOf(ctx),
            protect,
            sampleCustomers: lakeSettings.sampleCustomers,
            salesPerCustomer: lakeSettings.salesPerCustomer,
            quicksight:
                quicksight.enabled && quicksight.analystEmail
                    ? { analystEmail: quicksight.analystEmail, namespace: quicksight.namespace, identityProvider }
                    : undefined,
            crossAccountVersion: ctx.topology.lakeFormation.crossAccountVersion,
            piiColumns: lakePiiColumns(ctx.topology.namePrefix, ctx.topology.dataProducts, LAKE_DATABASE),
            lakeReaders: accessOf(scope, parts, "lakeAccess"),
            verificationRoleArn: scope.verificationRoleArn,
        },
        scope.opts,
    );
    const access = accessOf(scope, parts, "publishedAccess");
    const published = new PublishedDatasets(
        "published",
        {
            names: ctx.names,
            purpose: "published",
            description: "Published Datasets",
            keyGrants: access.keyGrants,
            bucketStatements: access.bucketStatements,
            protect,
        },
        scope.opts,
    );
    const warehouse = accountWarehouse(scope, parts);
    const built = buildParts(scope, { lake, published, warehouse }, parts);
    return {
        ...accountExports(scope),
        ...published.contractFields,
        ...built.exports,
        consoleSignInUrl: `https://${ctx.identity.account.accountId}.signin.aws.amazon.com/console`,
        lakeAdminUser: lake.identities.adminUser.name,
        lakeAnalystUser: lake.identities.analystUser.name,
        lakeAdminPassword: lake.identities.adminPassword,
        lakeAnalystPassword: lake.identities.analystPassword,
        lakeDatabase: lake.catalog.database.name,
        lakeBucketName: lake.lakeBucket.bucketName,
        athenaWorkgroup: lake.workgroup.workgroup.name,
        glueCrawler: lake.etl.crawler.name,
        glueJobs: lake.etl.jobs.map((j) => j.name),
        ...built.outputs,
        upstreamStacks: scope.upstream.verified(),
    };
}
