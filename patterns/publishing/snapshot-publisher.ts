import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccountNames } from "../../core/naming";
import { policyJson } from "../../core/policy/document";
import { serviceTrustPolicy } from "../../core/policy/trust";
import { publishRolePolicy } from "./policies";
import { PublishedProduct } from "./products";

/** The arguments the job's script reads (its JOB_ARGUMENTS, less the JOB_NAME Glue adds). */
export const PUBLISH_JOB_ARGUMENTS = ["product", "source_database", "tables", "output_s3_bucket_name", "published_key_arn"] as const;

/** The name of a product's publish job, which the plan finds it by. */
export function publishJobName(names: AccountNames, product: string): string {
    return names.name("generic", "publish", product);
}

export interface SnapshotPublisherArgs {
    /** Names in the producer account. */
    names: AccountNames;
    /** The product, its source database and tables, and its schedule. */
    published: PublishedProduct;
    /** The Published Datasets bucket and its key: where, and with what, the snapshots are written. */
    publishedBucket: { name: pulumi.Input<string>; arn: string; keyArn: pulumi.Input<string> };
    /** Where the job's script is: bucket, its key, and the script's object. */
    script: { bucketArn: string; keyArn: pulumi.Input<string>; object: aws.s3.BucketObjectv2 };
    /** Glue security configuration encrypting what the job writes with the published key. */
    securityConfiguration: pulumi.Input<string>;
    /** Glue version. @default "4.0" (the lake's masking jobs' too: Lake Formation's table-level access through GlueContext) */
    glueVersion?: string;
}

/**
 * One product's publishing: a role of its own (trusted by Glue only) that reads the
 * product's source tables through Lake Formation and writes only the product's folder of
 * Published Datasets, and a Glue job run on the product's schedule. The Lake Formation
 * grants on the source tables are made by the caller, in one chain for the catalog.
 */
export class SnapshotPublisher extends pulumi.ComponentResource {
    public readonly role: aws.iam.Role;
    public readonly job: aws.glue.Job;
    public readonly trigger: aws.glue.Trigger;
    /** Physical name of the job, e.g. `datasharing-publish-sales-insights`. */
    public readonly jobName: string;

    constructor(name: string, args: SnapshotPublisherArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:publishing:SnapshotPublisher", name, {}, opts);
        const parent = { parent: this };
        const { names, published } = args;
        const product = published.product.name;
        this.jobName = publishJobName(names, product);
        this.role = new aws.iam.Role(
            name,
            {
                name: names.role(`publish-${product}`),
                description: `Publishes ${product} into Published Datasets`,
                assumeRolePolicy: policyJson(serviceTrustPolicy("glue.amazonaws.com", { account: names.account.accountId })),
            },
            parent,
        );
        const policy = new aws.iam.RolePolicy(
            name,
            {
                role: this.role.name,
                name: "publish",
                policy: policyJson(
                    publishRolePolicy({
                        names,
                        product,
                        database: published.database,
                        tables: published.tables.map((t) => t.name),
                        publishedBucketArn: args.publishedBucket.arn,
                        publishedKeyArn: args.publishedBucket.keyArn,
                        scriptsBucketArn: args.script.bucketArn,
                        scriptsKeyArn: args.script.keyArn,
                        scriptKeys: [`${SCRIPT_FOLDER}${PUBLISH_SCRIPT}`],
                    }),
                ),
            },
            parent,
        );
        const tables = published.tables.map((t) => ({ name: t.name, columns: t.columns.map((c) => ({ name: c.name, type: c.type, pii: c.pii })) }));
        const jobArguments: Record<(typeof PUBLISH_JOB_ARGUMENTS)[number], pulumi.Input<string>> = {
            product,
            source_database: published.database,
            tables: JSON.stringify(tables),
            output_s3_bucket_name: args.publishedBucket.name,
            published_key_arn: args.publishedBucket.keyArn,
        };
        this.job = new aws.glue.Job(
            name,
            {
                name: this.jobName,
                description: `Publishes ${product} from ${published.database} into Published Datasets, one snapshot a day, PII columns dropped`,
                roleArn: this.role.arn,
                glueVersion: args.glueVersion ?? "4.0",
                command: {
                    name: "glueetl",
                    pythonVersion: "3",
                    scriptLocation: pulumi.interpolate`s3://${args.script.object.bucket}/${args.script.object.key}`,
                },
                defaultArguments: {
                    ...Object.fromEntries(Object.entries(jobArguments).map(([k, v]) => [`--${k}`, v])),
                    // Every run exports the whole tables: a snapshot, not an increment.
                    "--job-bookmark-option": "job-bookmark-disable",
                    "--enable-continuous-cloudwatch-log": "true",
                },
                securityConfiguration: args.securityConfiguration,
                workerType: "G.1X",
                numberOfWorkers: 2,
                timeout: 60,
                maxRetries: 0,
                // One run at a time: two would write the same day's snapshot.
                executionProperty: { maxConcurrentRuns: 1 },
            },
            { parent: this, dependsOn: [policy] },
        );
        this.trigger = new aws.glue.Trigger(
            name,
            {
                name: this.jobName,
                description: `Publishes ${product} on ${published.schedule} (UTC)`,
                type: "SCHEDULED",
                schedule: published.schedule,
                startOnCreation: true,
                actions: [{ jobName: this.job.name }],
            },
            parent,
        );
        this.registerOutputs({ jobName: this.jobName, roleArn: this.role.arn });
    }
}

/** Folder of the Glue assets bucket holding the publishing scripts. */
export const SCRIPT_FOLDER = "scripts/publishing/";
/** The publish job's script, in patterns/publishing/glue-scripts/. */
export const PUBLISH_SCRIPT = "publish_snapshot.py";
