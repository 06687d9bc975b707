import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { AccountNames } from "../../core/naming";
import { WarehouseSettings } from "../../core/stack/warehouse-settings";
import { KeyGrant } from "../../core/policy/key-policy";
import { KmsKey } from "../kms-key";
import { Warehouse as DataApiWarehouse } from "./data-api";

/** Redshift's port; the only one the warehouse's security group opens. */
export const REDSHIFT_PORT = 5439;

/** What audit logging records: connections, users, and every query run. */
const AUDIT_LOGS = ["connectionlog", "userlog", "useractivitylog"];

/** Parameters every warehouse runs with: TLS-only connections, and query text in the audit log. */
const SECURE_PARAMETERS = { require_ssl: "true", enable_user_activity_logging: "true" };

export interface RedshiftWarehouseArgs {
    /** Names of the owning account: the namespace, workgroup, key and VPC names come from it. */
    names: AccountNames;
    /**
     * Kind, size and network of the warehouse, from the stack's `datasharing:warehouse`.
     * @example { kind: "serverless", baseCapacity: 8, database: "dev", vpcCidr: "10.30.0.0/16", availabilityZones: 3 }
     */
    settings: WarehouseSettings;
    /** Grants on the warehouse key for services of the account, e.g. CloudWatch Logs for a Glue job. @default [] */
    keyGrants?: readonly KeyGrant[];
    /** Protect the warehouse and its key from deletion (a destroyed warehouse loses its data). */
    protect: boolean;
    /** Purpose in physical names, e.g. "warehouse". @default "warehouse" */
    purpose?: string;
}

/**
 * A Redshift warehouse that can take part in data sharing (RA3 cluster with relocation on,
 * or Serverless, as the stack's config chooses): encrypted with its own customer key, private in the
 * isolated subnets of its own VPC, enhanced VPC routing, TLS-only, audit logs in
 * CloudWatch, and an admin password that Redshift generates and keeps in Secrets Manager.
 */
export class RedshiftWarehouse extends pulumi.ComponentResource {
    /**
     * The warehouse's VPC: isolated subnets only, no NAT, an S3 gateway endpoint. awsx attaches
     * an internet gateway to every VPC (pulumi/pulumi-awsx#947), but no route table of an
     * isolated subnet routes to it, so nothing in the VPC reaches the internet.
     */
    public readonly vpc: awsx.ec2.Vpc;
    /** Address range of the VPC. */
    public readonly cidr: string;
    /** Admits Redshift connections from inside the VPC only. */
    public readonly securityGroup: aws.ec2.SecurityGroup;
    /** Subnet group of a provisioned cluster (the copy job's endpoint uses it too); absent for Serverless. */
    public readonly subnetGroup?: aws.redshift.SubnetGroup;
    /** Encrypts the data, snapshots and the admin secret. */
    public readonly key: KmsKey;
    /** How the Data API reaches the warehouse: cluster or workgroup, database and admin secret. */
    public readonly dataApi: pulumi.Output<DataApiWarehouse>;
    /** Namespace id (UUID): the identity datashares name as producer and consumer. */
    public readonly namespaceId: pulumi.Output<string>;
    /** Namespace ARN, the consumer side of a `DataShareConsumerAssociation`. */
    public readonly namespaceArn: pulumi.Output<string>;
    /** Cluster identifier, for a provisioned warehouse. */
    public readonly clusterIdentifier?: pulumi.Output<string>;
    /** Hostname and port clients in the VPC connect to. */
    public readonly endpoint: pulumi.Output<{ address: string; port: number }>;
    /** Secrets Manager secret of the admin user, managed (and rotatable) by Redshift. */
    public readonly adminSecretArn: pulumi.Output<string>;
    /** ARN of the cluster or the Serverless workgroup: what the Data API's ExecuteStatement is granted on. */
    public readonly arn: pulumi.Output<string>;

    constructor(name: string, args: RedshiftWarehouseArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:redshift:RedshiftWarehouse", name, {}, opts);
        const parent = { parent: this };
        const { names, settings } = args;
        const purpose = args.purpose ?? "warehouse";
        const region = names.account.region;

        this.cidr = settings.vpcCidr;
        this.vpc = new awsx.ec2.Vpc(
            name,
            {
                cidrBlock: settings.vpcCidr,
                numberOfAvailabilityZones: settings.availabilityZones,
                // No route out and no NAT: the warehouse and whatever runs beside it reach only AWS endpoints.
                subnetSpecs: [{ type: "Isolated", name: "warehouse" }],
                natGateways: { strategy: "None" },
                // Enhanced VPC routing sends COPY and UNLOAD traffic through the VPC: S3 must be reachable from it.
                vpcEndpointSpecs: [{ serviceName: `com.amazonaws.${region}.s3`, vpcEndpointType: "Gateway" }],
                enableDnsHostnames: true,
                tags: { Name: names.name("generic", purpose) },
            },
            parent,
        );

        this.securityGroup = new aws.ec2.SecurityGroup(
            name,
            {
                name: names.name("generic", purpose),
                description: "Redshift connections from inside the warehouse VPC only",
                vpcId: this.vpc.vpcId,
                ingress: [
                    { protocol: "tcp", fromPort: REDSHIFT_PORT, toPort: REDSHIFT_PORT, cidrBlocks: [settings.vpcCidr], description: "Redshift from the VPC" },
                ],
                egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: [settings.vpcCidr], description: "Inside the VPC only (endpoints included)" }],
            },
            parent,
        );

        this.key = new KmsKey(
            name,
            {
                alias: names.keyAlias(purpose),
                description: `Redshift ${purpose}: data, snapshots and admin secret`,
                ownerAccountId: names.account.accountId,
                partition: names.partition,
                grants: args.keyGrants,
                protect: args.protect,
            },
            parent,
        );

        const protect = { parent: this, protect: args.protect };
        if (settings.kind === "provisioned") {
            this.subnetGroup = new aws.redshift.SubnetGroup(
                name,
                { name: names.name("redshift-identifier", purpose), subnetIds: this.vpc.isolatedSubnetIds },
                parent,
            );
            const parameters = new aws.redshift.ParameterGroup(
                name,
                {
                    name: names.name("redshift-identifier", purpose),
                    family: "redshift-2.0",
                    parameters: Object.entries(SECURE_PARAMETERS).map(([pname, value]) => ({ name: pname, value })),
                },
                parent,
            );
            const identifier = names.name("redshift-identifier", purpose);
            const cluster = new aws.redshift.Cluster(
                name,
                {
                    clusterIdentifier: identifier,
                    nodeType: settings.nodeType,
                    // Relocation moves the cluster to another zone if its own fails, and a
                    // Redshift-managed VPC endpoint (option B's copy) reaches only a cluster with it
                    // on, on one of its ports (5439 is one); the subnet group spans 2+ zones.
                    availabilityZoneRelocationEnabled: true,
                    port: REDSHIFT_PORT,
                    clusterType: settings.nodes > 1 ? "multi-node" : "single-node",
                    numberOfNodes: settings.nodes,
                    databaseName: settings.database,
                    masterUsername: settings.adminUser,
                    manageMasterPassword: true,
                    masterPasswordSecretKmsKeyId: this.key.arn,
                    encrypted: "true",
                    kmsKeyId: this.key.arn,
                    publiclyAccessible: false,
                    enhancedVpcRouting: true,
                    clusterSubnetGroupName: this.subnetGroup.name,
                    vpcSecurityGroupIds: [this.securityGroup.id],
                    clusterParameterGroupName: parameters.name,
                    automatedSnapshotRetentionPeriod: 7,
                    // A deleted warehouse leaves a final snapshot behind: nothing is lost by mistake.
                    skipFinalSnapshot: false,
                    finalSnapshotIdentifier: `${identifier}-final`,
                },
                protect,
            );
            new aws.redshift.Logging(name, { clusterIdentifier: cluster.clusterIdentifier, logDestinationType: "cloudwatch", logExports: AUDIT_LOGS }, parent);
            this.clusterIdentifier = cluster.clusterIdentifier;
            this.arn = cluster.arn;
            this.namespaceArn = cluster.clusterNamespaceArn;
            this.namespaceId = cluster.clusterNamespaceArn.apply(namespaceIdOf);
            this.adminSecretArn = cluster.masterPasswordSecretArn;
            this.endpoint = pulumi.all([cluster.dnsName, cluster.port]).apply(([address, port]) => ({ address, port: port ?? REDSHIFT_PORT }));
            this.dataApi = pulumi
                .all([cluster.clusterIdentifier, cluster.masterPasswordSecretArn])
                .apply(([clusterIdentifier, secretArn]) => ({ clusterIdentifier, database: settings.database, secretArn }));
        } else {
            const namespace = new aws.redshiftserverless.Namespace(
                name,
                {
                    namespaceName: names.name("redshift-identifier", purpose),
                    dbName: settings.database,
                    adminUsername: settings.adminUser,
                    manageAdminPassword: true,
                    adminPasswordSecretKmsKeyId: this.key.arn,
                    kmsKeyId: this.key.arn,
                    logExports: AUDIT_LOGS,
                },
                protect,
            );
            const workgroup = new aws.redshiftserverless.Workgroup(
                name,
                {
                    workgroupName: names.name("redshift-identifier", purpose),
                    namespaceName: namespace.namespaceName,
                    baseCapacity: settings.baseCapacity,
                    publiclyAccessible: false,
                    enhancedVpcRouting: true,
                    subnetIds: this.vpc.isolatedSubnetIds,
                    securityGroupIds: [this.securityGroup.id],
                    configParameters: Object.entries(SECURE_PARAMETERS).map(([parameterKey, parameterValue]) => ({ parameterKey, parameterValue })),
                },
                parent,
            );
            this.namespaceArn = namespace.arn;
            this.arn = workgroup.arn;
            this.namespaceId = namespace.namespaceId;
            this.adminSecretArn = namespace.adminPasswordSecretArn;
            this.endpoint = workgroup.endpoints.apply((endpoints) => ({ address: endpoints?.[0]?.address ?? "", port: endpoints?.[0]?.port ?? REDSHIFT_PORT }));
            this.dataApi = pulumi
                .all([workgroup.workgroupName, namespace.adminPasswordSecretArn])
                .apply(([workgroupName, secretArn]) => ({ workgroupName, database: settings.database, secretArn }));
        }
        this.registerOutputs({ namespaceId: this.namespaceId, namespaceArn: this.namespaceArn });
    }
}

/** `arn:aws:redshift:<region>:<account>:namespace:<uuid>` -> the uuid. */
export function namespaceIdOf(namespaceArn: string): string {
    return namespaceArn.slice(namespaceArn.lastIndexOf(":") + 1);
}
