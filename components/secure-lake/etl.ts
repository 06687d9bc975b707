import * as aws from "@pulumi/aws";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { AccountNames } from "../../core/naming";
import { glueSecurityConfiguration } from "../glue-encryption";
import { CARDS, CLEAN_CARDS, CLEAN_SALES, LAKE_TABLES, LakeTable, SALES } from "./tables";

/** The masking jobs of reference/004: script file, source table and output table. */
export const MASKING_JOBS = [
    { name: "clean_cards_data", script: "clean_cards_data.py", source: CARDS, output: CLEAN_CARDS },
    { name: "clean_sales_data", script: "clean_sales_data.py", source: SALES, output: CLEAN_SALES },
] as const;

export const GLUE_SCRIPTS_DIR = path.join(__dirname, "glue-scripts");

/** The module both job scripts import (the shared read/clean/write runner), uploaded once next to them. */
export const SHARED_GLUE_MODULE = "masking_job.py";

export interface LakeEtlArgs {
    /** Names of the lake's account: job, role, bucket and security configuration names come from it. */
    names: AccountNames;
    /** The lake key: Glue output in S3, its CloudWatch logs and its job bookmarks are encrypted with it. */
    keyArn: pulumi.Input<string>;
    /** Role the crawler and the jobs run as. */
    roleArn: pulumi.Input<string>;
    /** Lake database. */
    database: pulumi.Input<string>;
    /** The lake's catalog tables: the crawler keeps them up to date. */
    tables: pulumi.Input<string>[];
    /** Lake bucket: the jobs' `--output_s3_bucket_name`. */
    lakeBucketName: pulumi.Input<string>;
    /** Bucket for scripts (`scripts/`) and the jobs' temporary files (`temp/`). */
    assetsBucketName: pulumi.Input<string>;
    /** Glue version of the jobs. @default "4.0" */
    glueVersion?: string;
}

/**
 * Glue over the lake: a security configuration that encrypts everything Glue writes, a
 * crawler over the raw and clean tables, and the two masking jobs, whose scripts are files
 * of this repository uploaded as assets.
 */
export class LakeEtl extends pulumi.ComponentResource {
    public readonly securityConfiguration: aws.glue.SecurityConfiguration;
    public readonly crawler: aws.glue.Crawler;
    public readonly jobs: aws.glue.Job[];

    constructor(name: string, args: LakeEtlArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:lake:LakeEtl", name, {}, opts);
        const parent = { parent: this };
        const { names } = args;

        this.securityConfiguration = glueSecurityConfiguration(name, { names, purpose: "lake-glue", keyArn: args.keyArn }, parent);

        // Catalog targets: the crawler updates the declared tables in place instead of inventing new ones.
        this.crawler = new aws.glue.Crawler(
            name,
            {
                name: names.name("generic", "lake-crawler"),
                description: "Crawls the raw and clean folders of the lake (security-blog-crawler of reference/004)",
                role: args.roleArn,
                databaseName: args.database,
                catalogTargets: [{ databaseName: args.database, tables: args.tables }],
                schemaChangePolicy: { deleteBehavior: "LOG", updateBehavior: "UPDATE_IN_DATABASE" },
                securityConfiguration: this.securityConfiguration.name,
            },
            parent,
        );

        // Glue puts --extra-py-files on the job's Python path, so the scripts can `import masking_job`.
        const sharedModule = new aws.s3.BucketObjectv2(
            `${name}-masking_job`,
            {
                bucket: args.assetsBucketName,
                key: `scripts/${SHARED_GLUE_MODULE}`,
                source: new pulumi.asset.FileAsset(path.join(GLUE_SCRIPTS_DIR, SHARED_GLUE_MODULE)),
                contentType: "text/x-python",
            },
            parent,
        );
        const extraPyFiles = pulumi.interpolate`s3://${args.assetsBucketName}/${sharedModule.key}`;

        this.jobs = MASKING_JOBS.map((job) => {
            const script = new aws.s3.BucketObjectv2(
                `${name}-${job.name}`,
                {
                    bucket: args.assetsBucketName,
                    key: `scripts/${job.script}`,
                    source: new pulumi.asset.FileAsset(path.join(GLUE_SCRIPTS_DIR, job.script)),
                    contentType: "text/x-python",
                },
                parent,
            );
            return new aws.glue.Job(
                `${name}-${job.name}`,
                {
                    name: job.name,
                    description: `Writes ${job.output.name} from ${job.source.name} (reference/004)`,
                    roleArn: args.roleArn,
                    glueVersion: args.glueVersion ?? "4.0",
                    command: { name: "glueetl", pythonVersion: "3", scriptLocation: pulumi.interpolate`s3://${args.assetsBucketName}/${script.key}` },
                    defaultArguments: {
                        ...jobArguments(args, job.source, job.output),
                        "--job-bookmark-option": "job-bookmark-enable",
                        "--TempDir": pulumi.interpolate`s3://${args.assetsBucketName}/temp/`,
                        "--enable-continuous-cloudwatch-log": "true",
                        "--extra-py-files": extraPyFiles,
                    },
                    securityConfiguration: this.securityConfiguration.name,
                    workerType: "G.1X",
                    numberOfWorkers: 2,
                    timeout: 30,
                    maxRetries: 0,
                    executionProperty: { maxConcurrentRuns: 1 },
                },
                parent,
            );
        });
        this.registerOutputs({ crawler: this.crawler.name });
    }
}

/** The arguments each script reads (its JOB_ARGUMENTS, less the JOB_NAME Glue adds itself). */
export function jobArguments(
    args: Pick<LakeEtlArgs, "database" | "lakeBucketName">,
    source: LakeTable,
    output: LakeTable,
): Record<string, pulumi.Input<string>> {
    return {
        "--database_name": args.database,
        "--source_table": source.name,
        "--output_s3_bucket_name": args.lakeBucketName,
        "--output_prefix": output.folder,
    };
}

/** Every table of the lake, for the crawler. */
export const CRAWLED_TABLES = LAKE_TABLES.map((t) => t.name);
