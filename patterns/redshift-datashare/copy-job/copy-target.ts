import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { AwsTarget } from "../../../core/dynamic/aws-target";
import { AccountNames } from "../../../core/naming";
import { policyJson } from "../../../core/policy/document";
import { KmsKey } from "../../../components/kms-key";
import { DatabaseUser } from "../../../components/redshift/database-user";
import { RedshiftWarehouse } from "../../../components/redshift/warehouse";
import { WarehouseTables } from "../../../components/redshift/warehouse-tables";
import { TablePrivilege, TableSpec } from "../../../components/redshift/warehouse-sql";
import { COPY_WRITER_USER, STAGING_SCHEMA } from "./names";
import { writerSecretKeyGrant, writerSecretPolicy } from "./policies";

/** A refresh replaces the rows: read, insert and delete, nothing else. */
const WRITE: TablePrivilege[] = ["SELECT", "INSERT", "DELETE"];

export interface CopyTargetArgs {
    /** Names of the external account. */
    names: AccountNames;
    target: AwsTarget;
    /** The external warehouse; a provisioned cluster (cross-account managed endpoints need one). */
    warehouse: RedshiftWarehouse;
    /** Schemas the copy fills, with their tables. */
    schemas: { name: string; tables: TableSpec[] }[];
    /** The producer account, whose copy job connects. */
    producerAccountId: string;
    /** The producer's copy job role (a fixed name), the only reader of the writer secret. */
    copyRoleArn: string;
    protect: boolean;
}

/**
 * Option B's landing side in the external account: the product tables and a staging
 * schema, a `copy_writer` user allowed to fill only them, its credentials in a secret that
 * only the producer's copy role can read, and the authorization that lets the producer
 * account reach this cluster through a Redshift-managed VPC endpoint in its own VPC.
 */
export class CopyTarget extends pulumi.ComponentResource {
    public readonly tables: WarehouseTables;
    public readonly writer: DatabaseUser;
    /** Secret with `username` and `password`, as a Glue JDBC connection reads it. */
    public readonly writerSecretArn: pulumi.Output<string>;
    public readonly writerKeyArn: pulumi.Output<string>;

    constructor(name: string, args: CopyTargetArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:redshift:CopyTarget", name, {}, opts);
        const parent = { parent: this };
        const { names, warehouse } = args;
        if (!warehouse.clusterIdentifier) {
            throw new Error(
                "option B needs the external warehouse to be a provisioned cluster: set datasharing:warehouse.kind to provisioned in the external stack",
            );
        }

        // All VPCs of the producer account: its VPC id is not known when this stack deploys first.
        new aws.redshift.EndpointAuthorization(name, { account: args.producerAccountId, clusterIdentifier: warehouse.clusterIdentifier }, parent);

        this.tables = new WarehouseTables(
            name,
            { target: args.target, warehouse: warehouse.dataApi, schemas: [...args.schemas, { name: STAGING_SCHEMA, tables: [] }] },
            parent,
        );

        const key = new KmsKey(
            `${name}-writer`,
            {
                alias: names.keyAlias("redshift-copy-writer"),
                description: "Secret of the database user option B's copy job writes as",
                ownerAccountId: names.account.accountId,
                partition: names.partition,
                grants: [writerSecretKeyGrant(args.copyRoleArn, names.account.region)],
                protect: args.protect,
            },
            parent,
        );
        const password = new random.RandomPassword(`${name}-writer`, { length: 40, special: false, minUpper: 2, minLower: 2, minNumeric: 2 }, parent);
        const secret = new aws.secretsmanager.Secret(
            `${name}-writer`,
            {
                name: names.name("generic", "redshift-copy-writer"),
                description: "Credentials option B's copy job writes the external warehouse with",
                kmsKeyId: key.arn,
            },
            parent,
        );
        new aws.secretsmanager.SecretVersion(
            `${name}-writer`,
            { secretId: secret.id, secretString: pulumi.secret(pulumi.jsonStringify({ username: COPY_WRITER_USER, password: password.result })) },
            parent,
        );
        new aws.secretsmanager.SecretPolicy(`${name}-writer`, { secretArn: secret.arn, policy: policyJson(writerSecretPolicy(args.copyRoleArn)) }, parent);

        this.writer = new DatabaseUser(
            `${name}-writer`,
            {
                target: args.target,
                warehouse: warehouse.dataApi,
                user: COPY_WRITER_USER,
                password: password.result,
                privileges: [
                    ...args.schemas.map((s) => ({ schema: s.name, create: false, tables: WRITE })),
                    { schema: STAGING_SCHEMA, create: true, tables: WRITE },
                ],
            },
            { parent: this, dependsOn: [this.tables] },
        );
        this.writerSecretArn = secret.arn;
        this.writerKeyArn = key.arn;
        this.registerOutputs({ writerSecretArn: this.writerSecretArn });
    }
}
