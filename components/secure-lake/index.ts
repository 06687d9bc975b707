import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsTarget } from "../../core/dynamic/aws-target";
import { AccountNames } from "../../core/naming";
import { PolicyStatement } from "../../core/policy/document";
import { KeyGrant } from "../../core/policy/key-policy";
import { glueLogsKeyGrant } from "../glue-encryption";
import { KmsKey } from "../kms-key";
import { LakeFormationGrants } from "../lake-formation/grants";
import { deployingPrincipal } from "../lake-formation/settings";
import { SecureBucket } from "../secure-bucket";
import { AnalystWorkgroup } from "./athena";
import { LakeCatalog } from "./catalog";
import { CRAWLED_TABLES, LakeEtl } from "./etl";
import { PiiColumns, lakeGrants } from "./grants";
import { LakeIdentities } from "./identities";
import { LakeResources, quickSightResultsPolicy } from "./policies";
import { QuickSightAnalytics } from "./quicksight";
import { generateSampleData } from "./sample-data";
import { CARDS, CUSTOMERS, LAKE_DATABASE, LAKE_TABLES, SALES } from "./tables";

export interface SecureLakeArgs {
    /** The account's verification role, made a Lake Formation read-only admin (npm run verify lists every grant with it). @default undefined */
    verificationRoleArn?: pulumi.Input<string>;
    /** Names in the producer account. */
    names: AccountNames;
    /** The producer account, for the dynamic providers (console passwords, QuickSight analysis). */
    target: AwsTarget;
    /** Protect the key and the buckets from deletion. */
    protect: boolean;
    /** Customers in the generated sample data (`datasharing:lake.sampleCustomers`). */
    sampleCustomers: number;
    /** Sales per customer in the sample data (`datasharing:lake.salesPerCustomer`). */
    salesPerCustomer: number;
    /** Lake Formation cross-account version of the account (`patterns.lakeFormation.crossAccountVersion`). */
    crossAccountVersion: string;
    /**
     * Columns of db1's tables the topology marks PII, by table: no analyst reads them.
     * @default {} (only reference/004's address and e-mail of customers are hidden)
     * @example { clean_cards: ["cardholder_address"] }
     */
    piiColumns?: PiiColumns;
    /**
     * QuickSight analytics (needs an Enterprise subscription in the account). Its users and
     * groups go through `identityProvider`, pinned to the account's QuickSight identity region.
     * @default undefined (off)
     * @example { analystEmail: "analyst@example.com", namespace: "default" }
     */
    quicksight?: { analystEmail: string; namespace: string; identityProvider?: pulumi.ProviderResource };
    /**
     * Who else reads the lake bucket, and with its key (the patterns' `lakeAccess`): pattern 2's governance data-access
     * role, read-only on the shared tables' folders.
     * @default undefined (nobody outside the account)
     */
    lakeReaders?: { bucketStatements: pulumi.Input<PolicyStatement>[]; keyGrants: KeyGrant[] };
}

/**
 * The secure data lake of reference/004, with no manual step: an encrypted lake with sample
 * card-purchase data, Lake Formation as the single place of access control, Glue jobs that
 * mask card numbers and clean prices, Athena for analysts, and QuickSight over the result.
 */
export class SecureLake extends pulumi.ComponentResource {
    public readonly key: KmsKey;
    public readonly lakeBucket: SecureBucket;
    public readonly athenaBucket: SecureBucket;
    /** Glue's scripts (`scripts/`) and temporary files (`temp/`). */
    public readonly assetsBucket: SecureBucket;
    public readonly identities: LakeIdentities;
    public readonly catalog: LakeCatalog;
    public readonly workgroup: AnalystWorkgroup;
    public readonly etl: LakeEtl;
    public readonly grants: LakeFormationGrants;
    public readonly quicksight?: QuickSightAnalytics;

    constructor(name: string, args: SecureLakeArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:lake:SecureLake", name, {}, opts);
        const parent = { parent: this };
        const { names } = args;

        this.key = new KmsKey(
            `${name}-key`,
            {
                alias: names.keyAlias("lake"),
                description: "Secure data lake (reference/004)",
                ownerAccountId: names.account.accountId,
                partition: names.partition,
                grants: [glueLogsKeyGrant(names), ...(args.lakeReaders?.keyGrants ?? [])],
                protect: args.protect,
            },
            parent,
        );
        const bucket = (purpose: string, policyStatements: pulumi.Input<PolicyStatement>[] = []) => {
            const bucketName = names.bucket(purpose);
            return new SecureBucket(
                `${name}-${purpose}`,
                { bucketName, bucketArn: names.bucketArn(bucketName), kmsKeyArn: this.key.arn, policyStatements, protect: args.protect },
                parent,
            );
        };
        this.lakeBucket = bucket("lake", args.lakeReaders?.bucketStatements);
        this.athenaBucket = bucket("athena-results");
        const assetsBucket = bucket("glue-assets");
        this.assetsBucket = assetsBucket;

        const workgroupName = names.name("generic", "lake-analysts");
        const resources: LakeResources = {
            names,
            lakeBucketArn: names.bucketArn(names.bucket("lake")),
            athenaBucketArn: names.bucketArn(names.bucket("athena-results")),
            assetsBucketArn: names.bucketArn(names.bucket("glue-assets")),
            keyArn: this.key.arn,
            database: LAKE_DATABASE,
            workgroupArn: names.arn("athena", `workgroup/${workgroupName}`),
        };
        this.identities = new LakeIdentities(`${name}-identities`, { resources, target: args.target }, parent);
        this.workgroup = new AnalystWorkgroup(
            `${name}-athena`,
            { name: workgroupName, resultsBucketName: this.athenaBucket.bucketName, keyArn: this.key.arn },
            parent,
        );

        const data = generateSampleData({ customers: args.sampleCustomers, salesPerCustomer: args.salesPerCustomer });
        for (const [table, csv] of [
            [CARDS, data.cards],
            [CUSTOMERS, data.customers],
            [SALES, data.sales],
        ] as const) {
            new aws.s3.BucketObjectv2(
                `${name}-sample-${table.name}`,
                {
                    bucket: this.lakeBucket.bucketName,
                    key: `${table.folder}${table.name}.csv`,
                    content: csv,
                    contentType: "text/csv",
                    serverSideEncryption: "aws:kms",
                    kmsKeyId: this.key.arn,
                },
                parent,
            );
        }

        // The deployer must be a Lake Formation admin, or every grant below would be refused.
        this.catalog = new LakeCatalog(
            `${name}-catalog`,
            {
                admins: [this.identities.adminUser.arn, deployingPrincipal(this)],
                crossAccountVersion: args.crossAccountVersion,
                database: LAKE_DATABASE,
                bucketName: this.lakeBucket.bucketName,
                bucketArn: this.lakeBucket.arn,
                dataAccessRoleArn: this.identities.dataAccessRole.arn,
                tables: LAKE_TABLES,
                target: args.target,
                verificationRoleArn: args.verificationRoleArn,
            },
            parent,
        );
        this.etl = new LakeEtl(
            `${name}-etl`,
            {
                names,
                keyArn: this.key.arn,
                roleArn: this.identities.glueRole.arn,
                database: this.catalog.database.name,
                tables: CRAWLED_TABLES,
                lakeBucketName: this.lakeBucket.bucketName,
                assetsBucketName: assetsBucket.bucketName,
            },
            { parent: this, dependsOn: this.catalog.tables },
        );

        if (args.quicksight) {
            this.quicksight = new QuickSightAnalytics(
                `${name}-quicksight`,
                {
                    names,
                    target: args.target,
                    namespace: args.quicksight.namespace,
                    analystIamArn: this.identities.analystUser.arn,
                    analystEmail: args.quicksight.analystEmail,
                    identityProvider: args.quicksight.identityProvider,
                    workgroupName: this.workgroup.workgroup.name,
                    keyArn: this.key.arn,
                    resultsAccess: quickSightResultsPolicy(resources),
                },
                parent,
            );
        }

        this.grants = new LakeFormationGrants(
            `${name}-grants`,
            {
                grants: lakeGrants(
                    {
                        admin: this.identities.adminUser.arn,
                        glueRole: this.identities.glueRole.arn,
                        analyst: this.identities.analystUser.arn,
                        quickSightGroup: this.quicksight?.group.arn,
                        lakeLocation: this.catalog.location.arn,
                    },
                    args.piiColumns,
                ),
                after: [...this.catalog.ready, this.catalog.location, ...this.catalog.tables],
            },
            parent,
        );
        this.registerOutputs({ database: this.catalog.database.name });
    }
}
