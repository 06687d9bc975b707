import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccountNames } from "../../core/naming";
import { PolicyDocument, policyDocument, policyJson } from "../../core/policy/document";
import { serviceTrustPolicy } from "../../core/policy/trust";
import { glueSecurityConfiguration } from "../../components/glue-encryption";

export interface CatalogCrawlerArgs {
    names: AccountNames;
    /** Purpose, in the crawler's and its role's names. */
    purpose: string;
    /** Bucket holding the tables' files. */
    bucketArn: string;
    /**
     * Key encrypting the bucket; the crawler's logs are encrypted with it too, so it must
     * carry `glueLogsKeyGrant`.
     */
    keyArn: pulumi.Input<string>;
    /** Database -> tables to keep up to date. */
    targets: Record<string, string[]>;
    /** Cron schedule, e.g. "cron(0 * * * ? *)". @default undefined (on demand) */
    schedule?: string;
    /** Catalog objects that must exist first. */
    after?: pulumi.Input<pulumi.Resource>[];
}

/** The least a crawler needs to refresh declared tables from one encrypted bucket. */
export function crawlerPolicy(args: Pick<CatalogCrawlerArgs, "names" | "bucketArn" | "keyArn" | "targets">): PolicyDocument {
    const { names } = args;
    const catalog = [
        names.arn("glue", "catalog"),
        ...Object.keys(args.targets).flatMap((db) => [names.arn("glue", `database/${db}`), names.arn("glue", `table/${db}/*`)]),
    ];
    return policyDocument([
        { Sid: "ReadObjects", Effect: "Allow", Action: "s3:GetObject", Resource: `${args.bucketArn}/*` },
        { Sid: "ListBucket", Effect: "Allow", Action: "s3:ListBucket", Resource: args.bucketArn },
        {
            Sid: "DecryptThroughS3",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: args.keyArn,
            Condition: { StringEquals: { "kms:ViaService": `s3.${names.account.region}.amazonaws.com` } },
        },
        {
            Sid: "UpdateTables",
            Effect: "Allow",
            Action: [
                "glue:GetDatabase",
                "glue:GetTable",
                "glue:GetTables",
                "glue:UpdateTable",
                "glue:GetPartitions",
                "glue:BatchCreatePartition",
                "glue:BatchGetPartition",
                "glue:UpdatePartition",
            ],
            Resource: catalog,
        },
        { Sid: "LakeFormationCredentials", Effect: "Allow", Action: "lakeformation:GetDataAccess", Resource: "*" },
        {
            Sid: "OwnLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:AssociateKmsKey"],
            Resource: names.arn("logs", "log-group:/aws-glue/*"),
        },
    ]);
}

/**
 * A Glue crawler that keeps declared catalog tables' partitions up to date from their bucket
 * (catalog targets: it never invents new tables), and never changes their schema.
 */
export class CatalogCrawler extends pulumi.ComponentResource {
    public readonly role: aws.iam.Role;
    public readonly crawler: aws.glue.Crawler;
    public readonly securityConfiguration: aws.glue.SecurityConfiguration;

    constructor(name: string, args: CatalogCrawlerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:lakeformation:CatalogCrawler", name, {}, opts);
        const { names } = args;
        this.role = new aws.iam.Role(
            name,
            {
                name: names.role(`${args.purpose}-crawler`),
                assumeRolePolicy: policyJson(serviceTrustPolicy("glue.amazonaws.com", { account: names.account.accountId })),
            },
            { parent: this },
        );
        const policy = new aws.iam.RolePolicy(name, { role: this.role.name, name: "crawl", policy: policyJson(crawlerPolicy(args)) }, { parent: this });
        this.securityConfiguration = glueSecurityConfiguration(name, { names, purpose: `${args.purpose}-crawler`, keyArn: args.keyArn }, { parent: this });
        const [database] = Object.keys(args.targets);
        this.crawler = new aws.glue.Crawler(
            name,
            {
                name: names.name("generic", `${args.purpose}-crawler`),
                role: this.role.arn,
                databaseName: database,
                catalogTargets: Object.entries(args.targets).map(([databaseName, tables]) => ({ databaseName, tables })),
                // The tables' schemas are the topology's: a changed or added column is logged, never
                // written to the catalog (where it could reach a consumer). Partitions are still added.
                schemaChangePolicy: { deleteBehavior: "LOG", updateBehavior: "LOG" },
                configuration: JSON.stringify({ Version: 1.0, CrawlerOutput: { Partitions: { AddOrUpdateBehavior: "InheritFromTable" } } }),
                schedule: args.schedule,
                securityConfiguration: this.securityConfiguration.name,
            },
            { parent: this, dependsOn: [policy, ...((args.after ?? []) as pulumi.Resource[])] },
        );
        this.registerOutputs({});
    }
}
