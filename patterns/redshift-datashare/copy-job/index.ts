import * as aws from "@pulumi/aws";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { AwsTarget } from "../../../core/dynamic/aws-target";
import { AccountNames } from "../../../core/naming";
import { policyJson } from "../../../core/policy/document";
import { serviceTrustPolicy } from "../../../core/policy/trust";
import { glueLogsKeyGrant, glueSecurityConfiguration } from "../../../components/glue-encryption";
import { KmsKey } from "../../../components/kms-key";
import { SecureBucket } from "../../../components/secure-bucket";
import { SecretDatabaseUser } from "../../../components/redshift/secret-database-user";
import { REDSHIFT_PORT, RedshiftWarehouse } from "../../../components/redshift/warehouse";
import { COPY_READER_USER, COPY_ROLE_PURPOSE, STAGING_SCHEMA } from "./names";
import { copyRolePolicy } from "./policies";

export const COPY_SCRIPT = path.join(__dirname, "redshift_copy.py");

/** AWS services the job calls from inside its VPC, which has no route to the internet. */
const INTERFACE_ENDPOINTS = ["secretsmanager", "glue", "logs", "kms"];

/** One product's tables and when to refresh them. */
export interface CopiedProduct {
    /** Data product name; names the job. */
    name: string;
    /** Schema of the tables, the same on both sides. */
    schema: string;
    tables: string[];
    /** Glue cron expression. */
    schedule: string;
}

/** The external warehouse, as the external stack's contract gives it. */
export interface CopyDestination {
    accountId: string;
    clusterIdentifier: pulumi.Input<string>;
    database: pulumi.Input<string>;
    /** Secret (in the external account) of the `copy_writer` user. */
    writerSecretArn: pulumi.Input<string>;
    /** Key of that secret. */
    writerKeyArn: pulumi.Input<string>;
}

export interface RedshiftCopyJobArgs {
    /** Names of the producer account. */
    names: AccountNames;
    /** Account, region and deployment role of the Data API calls (for the reader user). */
    target: AwsTarget;
    /** The producer's warehouse: the source, and the VPC the job runs in. */
    warehouse: RedshiftWarehouse;
    destination: CopyDestination;
    /** Products copied, one Glue job and schedule each. */
    products: CopiedProduct[];
    protect: boolean;
    /** Glue version of the jobs. @default "4.0" */
    glueVersion?: string;
}

/**
 * Option B of pattern 4 in the producer account: for each product a scheduled Glue job
 * copies its tables from the production warehouse into the external account's warehouse.
 * The job runs in the production warehouse's VPC and reaches the external cluster through a
 * Redshift-managed VPC endpoint placed in that VPC, so no traffic leaves AWS's network and
 * no VPC peering exposes production. It reads as `copy_reader` (SELECT only) and writes as
 * the external account's `copy_writer`; both are Glue JDBC connections backed by secrets.
 */
export class RedshiftCopyJob extends pulumi.ComponentResource {
    public readonly role: aws.iam.Role;
    public readonly jobs: aws.glue.Job[];
    public readonly sourceConnection: aws.glue.Connection;
    public readonly targetConnection: aws.glue.Connection;
    /** Encrypts the job's assets bucket, logs, bookmarks and reader secret; never the warehouse. */
    public readonly key: KmsKey;
    /** The endpoint of the external cluster inside the producer's VPC. */
    public readonly endpoint: aws.redshift.EndpointAccess;

    constructor(name: string, args: RedshiftCopyJobArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:redshift:RedshiftCopyJob", name, {}, opts);
        const parent = { parent: this };
        const { names, warehouse, destination } = args;
        const region = names.account.region;
        const vpcCidr = warehouse.cidr;

        // S3 answers through the VPC's gateway endpoint, whose addresses are the region's S3 prefix list.
        const s3PrefixList = aws.ec2.getPrefixListOutput({ name: `com.amazonaws.${region}.s3` }, parent);
        // Glue's interfaces talk to each other on any port: the security group admits itself.
        const glueSg = new aws.ec2.SecurityGroup(
            `${name}-glue`,
            {
                name: names.name("generic", "redshift-copy"),
                description: "Glue copy job: itself, the VPC (warehouse, endpoints) and S3 only",
                vpcId: warehouse.vpc.vpcId,
                ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, self: true, description: "Glue workers" }],
                egress: [
                    { protocol: "-1", fromPort: 0, toPort: 0, self: true, description: "Glue workers" },
                    {
                        protocol: "tcp",
                        fromPort: 0,
                        toPort: 65535,
                        cidrBlocks: [vpcCidr],
                        description: "Warehouse, managed endpoint and AWS endpoints in the VPC",
                    },
                    {
                        protocol: "tcp",
                        fromPort: 443,
                        toPort: 443,
                        prefixListIds: [s3PrefixList.id],
                        description: "S3 (script, TempDir) through the gateway endpoint",
                    },
                ],
            },
            parent,
        );
        const endpointSg = new aws.ec2.SecurityGroup(
            `${name}-endpoints`,
            {
                name: names.name("generic", "redshift-copy-endpoints"),
                description: "AWS service endpoints used by the Glue copy job",
                vpcId: warehouse.vpc.vpcId,
                ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [vpcCidr], description: "HTTPS from the VPC" }],
            },
            parent,
        );
        for (const service of INTERFACE_ENDPOINTS) {
            new aws.ec2.VpcEndpoint(
                `${name}-${service}`,
                {
                    vpcId: warehouse.vpc.vpcId,
                    serviceName: `com.amazonaws.${region}.${service}`,
                    vpcEndpointType: "Interface",
                    privateDnsEnabled: true,
                    subnetIds: warehouse.vpc.isolatedSubnetIds,
                    securityGroupIds: [endpointSg.id],
                },
                parent,
            );
        }

        const subnetGroup = new aws.redshift.SubnetGroup(
            `${name}-endpoint`,
            { name: names.name("redshift-identifier", "copy-endpoint"), subnetIds: warehouse.vpc.isolatedSubnetIds },
            parent,
        );
        this.endpoint = new aws.redshift.EndpointAccess(
            name,
            {
                // At most 30 characters: a name prefix has at most 16.
                endpointName: names.name("redshift-identifier", "external-copy"),
                clusterIdentifier: destination.clusterIdentifier,
                resourceOwner: destination.accountId,
                subnetGroupName: subnetGroup.name,
                vpcSecurityGroupIds: [warehouse.securityGroup.id],
            },
            parent,
        );

        // The job's own key (its assets, logs, bookmarks and reader secret): the warehouse key
        // stays the warehouse's, and the job's role may use this one only through S3 and Secrets Manager.
        this.key = new KmsKey(
            name,
            {
                alias: names.keyAlias(COPY_ROLE_PURPOSE),
                description: "Option B's copy job: its assets bucket, logs and bookmarks, and its reader's secret",
                ownerAccountId: names.account.accountId,
                partition: names.partition,
                grants: [glueLogsKeyGrant(names)],
                protect: args.protect,
            },
            parent,
        );

        // The reader: SELECT on the copied schemas, nothing else.
        const reader = new SecretDatabaseUser(
            `${name}-reader`,
            {
                names,
                target: args.target,
                warehouse: warehouse.dataApi,
                user: COPY_READER_USER,
                purpose: "redshift-copy-reader",
                description: "Credentials option B's copy job reads the production warehouse with",
                keyArn: this.key.arn,
                privileges: unique(args.products.map((p) => p.schema)).map((schema) => ({ schema, create: false, tables: ["SELECT"] })),
            },
            parent,
        );
        const firstSubnet = warehouse.vpc.isolatedSubnetIds.apply((ids) => ids[0]);
        // Glue requires the subnet's zone beside the subnet (PhysicalConnectionRequirements).
        const subnetZone = aws.ec2.getSubnetOutput({ id: firstSubnet }, parent).availabilityZone;
        const connection = (suffix: string, url: pulumi.Input<string>, secretArn: pulumi.Input<string>) =>
            new aws.glue.Connection(
                `${name}-${suffix}`,
                {
                    name: names.name("generic", `redshift-copy-${suffix}`),
                    connectionType: "JDBC",
                    connectionProperties: { JDBC_CONNECTION_URL: url, SECRET_ID: secretArn, JDBC_ENFORCE_SSL: "true" },
                    physicalConnectionRequirements: { subnetId: firstSubnet, availabilityZone: subnetZone, securityGroupIdLists: [glueSg.id] },
                },
                parent,
            );
        this.sourceConnection = connection(
            "source",
            pulumi.interpolate`jdbc:redshift://${warehouse.endpoint.address}:${warehouse.endpoint.port}/${warehouse.dataApi.database}`,
            reader.secretArn,
        );
        this.targetConnection = connection(
            "target",
            pulumi.interpolate`jdbc:redshift://${this.endpoint.address}:${REDSHIFT_PORT}/${destination.database}`,
            destination.writerSecretArn,
        );

        const assetsBucketName = names.bucket("redshift-copy");
        const assetsBucketArn = names.bucketArn(assetsBucketName);
        const assets = new SecureBucket(
            `${name}-assets`,
            { bucketName: assetsBucketName, bucketArn: assetsBucketArn, kmsKeyArn: this.key.arn, protect: args.protect },
            parent,
        );

        this.role = new aws.iam.Role(
            name,
            {
                name: names.role(COPY_ROLE_PURPOSE),
                assumeRolePolicy: policyJson(serviceTrustPolicy("glue.amazonaws.com", { account: names.account.accountId })),
            },
            parent,
        );
        new aws.iam.RolePolicy(
            name,
            {
                role: this.role.name,
                policy: policyJson(
                    copyRolePolicy({
                        secretArns: [reader.secretArn, destination.writerSecretArn],
                        secretKeyArns: [this.key.arn, destination.writerKeyArn],
                        assetsBucketArn,
                        assetsKeyArn: this.key.arn,
                        connectionArns: [this.sourceConnection.arn, this.targetConnection.arn],
                        vpcArn: pulumi.interpolate`${names.arn("ec2", "vpc/")}${warehouse.vpc.vpcId}`,
                        glueLogGroupsArn: names.arn("logs", "log-group:/aws-glue/*"),
                        region,
                    }),
                ),
            },
            parent,
        );

        const security = glueSecurityConfiguration(name, { names, purpose: "redshift-copy", keyArn: this.key.arn }, parent);
        const script = new aws.s3.BucketObjectv2(
            `${name}-script`,
            { bucket: assets.bucketName, key: "scripts/redshift_copy.py", source: new pulumi.asset.FileAsset(COPY_SCRIPT), contentType: "text/x-python" },
            parent,
        );

        this.jobs = args.products.map((product) => {
            const job = new aws.glue.Job(
                `${name}-${product.name}`,
                {
                    name: names.name("generic", "redshift-copy", product.name),
                    description: `Copies ${product.name} (${product.schema}) to the external account's warehouse (pattern 4, option B)`,
                    roleArn: this.role.arn,
                    glueVersion: args.glueVersion ?? "4.0",
                    command: { name: "glueetl", pythonVersion: "3", scriptLocation: pulumi.interpolate`s3://${assets.bucketName}/${script.key}` },
                    connections: [this.sourceConnection.name, this.targetConnection.name],
                    defaultArguments: {
                        ...copyJobArguments(this.sourceConnection.name, this.targetConnection.name, product),
                        "--TempDir": pulumi.interpolate`s3://${assets.bucketName}/temp/`,
                        // Each run copies whole tables: no bookmarks, so the role never calls KMS directly for them.
                        "--job-bookmark-option": "job-bookmark-disable",
                        "--enable-continuous-cloudwatch-log": "true",
                    },
                    securityConfiguration: security.name,
                    workerType: "G.1X",
                    numberOfWorkers: 2,
                    timeout: 60,
                    maxRetries: 1,
                    executionProperty: { maxConcurrentRuns: 1 },
                },
                { parent: this, dependsOn: [this.endpoint] },
            );
            new aws.glue.Trigger(
                `${name}-${product.name}`,
                {
                    name: names.name("generic", "redshift-copy", product.name),
                    type: "SCHEDULED",
                    schedule: product.schedule,
                    actions: [{ jobName: job.name }],
                    startOnCreation: true,
                },
                parent,
            );
            return job;
        });
        this.registerOutputs({ jobs: this.jobs.map((j) => j.name) });
    }
}

/** The script's JOB_ARGUMENTS, from the connections and the product. */
export function copyJobArguments(
    source: pulumi.Input<string>,
    target: pulumi.Input<string>,
    product: Pick<CopiedProduct, "schema" | "tables">,
): Record<string, pulumi.Input<string>> {
    return {
        "--source_connection": source,
        "--target_connection": target,
        "--tables": JSON.stringify(product.tables.map((table) => ({ schema: product.schema, table }))),
        "--staging_schema": STAGING_SCHEMA,
    };
}

function unique(values: string[]): string[] {
    return [...new Set(values)];
}
