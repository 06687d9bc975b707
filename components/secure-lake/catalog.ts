import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsTarget } from "../../core/dynamic/aws-target";
import { TABLE_STORAGE, tableParameters } from "../glue-table-format";
import { LakeFormationSettings } from "../lake-formation/settings";
import { LakeTable } from "./tables";

export interface LakeCatalogArgs {
    /** The account's verification role, made a Lake Formation read-only admin (npm run verify lists every grant with it). @default undefined */
    verificationRoleArn?: pulumi.Input<string>;
    /** Principals that administer Lake Formation: the lake admin and the deploying principal. */
    admins: pulumi.Input<pulumi.Input<string>[]>;
    /** Lake Formation cross-account version; 4 shares by RAM with LF-tag and hybrid support. */
    crossAccountVersion: string;
    /** Name of the lake database. */
    database: string;
    /** Name of the lake bucket; the database and tables live under `s3://<bucket>/`. */
    bucketName: pulumi.Input<string>;
    /** ARN of the lake bucket, registered as a Lake Formation location. */
    bucketArn: pulumi.Input<string>;
    /** Role Lake Formation uses to access the location (must be able to use the lake key). */
    dataAccessRoleArn: pulumi.Input<string>;
    /** Tables to declare. */
    tables: readonly LakeTable[];
    /** The producer account, to revoke IAMAllowedPrincipals' CREATE_DATABASE on its catalog. @default undefined (not revoked) */
    target?: AwsTarget;
}

/**
 * The Lake Formation side of reference/004: admins set, the IAM-only defaults cleared
 * (so IAMAllowedPrincipals gets nothing on new databases and tables, and cannot create
 * databases), the lake bucket
 * registered, and database `db1` with its tables declared up front, so grants on the
 * clean tables succeed on the first deploy, before any crawler or job has run.
 */
export class LakeCatalog extends pulumi.ComponentResource {
    /** The data lake settings; everything else in Lake Formation must come after them. */
    public readonly settings: aws.lakeformation.DataLakeSettings;
    /** The settings and the revocation of IAMAllowedPrincipals' CREATE_DATABASE: what Lake Formation changes wait for. */
    public readonly ready: pulumi.Resource[];
    /** The registered location. */
    public readonly location: aws.lakeformation.Resource;
    public readonly database: aws.glue.CatalogDatabase;
    public readonly tables: aws.glue.CatalogTable[];

    constructor(name: string, args: LakeCatalogArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:lake:LakeCatalog", name, {}, opts);
        const settings = new LakeFormationSettings(
            name,
            {
                admins: args.admins,
                crossAccountVersion: args.crossAccountVersion,
                target: args.target,
                readOnlyAdmins: args.verificationRoleArn ? [args.verificationRoleArn] : [],
            },
            { parent: this },
        );
        this.settings = settings.settings;
        this.ready = settings.ready;
        const afterSettings = { parent: this, dependsOn: [this.settings] };
        this.location = new aws.lakeformation.Resource(
            name,
            { arn: args.bucketArn, roleArn: args.dataAccessRoleArn, hybridAccessEnabled: false },
            afterSettings,
        );
        this.database = new aws.glue.CatalogDatabase(
            name,
            {
                name: args.database,
                description: "Secure data lake of reference/004",
                locationUri: pulumi.interpolate`s3://${args.bucketName}/`,
                createTableDefaultPermissions: [],
            },
            afterSettings,
        );
        this.tables = args.tables.map(
            (t) =>
                new aws.glue.CatalogTable(
                    `${name}-${t.name}`,
                    {
                        name: t.name,
                        databaseName: this.database.name,
                        tableType: "EXTERNAL_TABLE",
                        parameters: tableParameters(t.format),
                        storageDescriptor: {
                            location: pulumi.interpolate`s3://${args.bucketName}/${t.folder}`,
                            columns: t.columns.map((c) => ({ name: c.name, type: c.type })),
                            ...TABLE_STORAGE[t.format],
                        },
                    },
                    { parent: this },
                ),
        );
        this.registerOutputs({ database: this.database.name });
    }
}
