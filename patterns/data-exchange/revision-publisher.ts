import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccountNames } from "../../core/naming";
import { logsKeyGrant } from "../../core/policy/key-policy";
import { KmsKey } from "../../components/kms-key";
import { ScopedFunction } from "../../components/lambda/scoped-function";
import { manifestsPrefixOf } from "./handlers/manifest";
import { revisionFunctionPolicy } from "./policies";

/** The handler, packaged by ScopedFunction. */
export const REVISION_HANDLER = "patterns/data-exchange/handlers/publish-revision.ts";
/** How often the function also looks for manifests it has not published (late replication, a lost event). */
export const SWEEP_SCHEDULE = "rate(1 hour)";

export interface RevisionPublisherArgs {
    /** Names of the sharing (external) account. */
    names: AccountNames;
    /** The bucket replication delivers snapshots to (External Published Datasets), and its key. */
    bucket: { name: pulumi.Input<string>; arn: string; keyArn: pulumi.Input<string> };
    /** The products published through Data Exchange, with their data sets and retention. */
    products: readonly { readonly name: string; readonly dataSetId: pulumi.Input<string>; readonly retainRevisions: number }[];
    /** Protect the function's key from deletion. */
    protect: boolean;
}

/**
 * Pattern 1's revisions per snapshot: a function the bucket invokes when a snapshot's
 * manifest arrives (`<product>/_manifests/<date>/_manifest.json`), which makes the
 * finalized revision of exactly the manifest's objects (CreateRevision, an
 * IMPORT_ASSETS_FROM_S3 job, finalize), once, and revokes revisions past the product's
 * retention. Until the first manifest arrives the data sets have no revision, and nothing
 * fails. The bucket's notification is its only one: S3 keeps one configuration per bucket.
 */
export class RevisionPublisher extends pulumi.ComponentResource {
    public readonly key: KmsKey;
    public readonly function: ScopedFunction;
    /** Lets S3, for this bucket of this account only, invoke the function. */
    public readonly permission: aws.lambda.Permission;
    public readonly notification: aws.s3.BucketNotification;

    constructor(name: string, args: RevisionPublisherArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:data-exchange:RevisionPublisher", name, {}, opts);
        const parent = { parent: this };
        const { names } = args;
        const purpose = "data-exchange-revisions";
        this.key = new KmsKey(
            name,
            {
                alias: names.keyAlias(purpose),
                description: `Data Exchange revision function: environment and logs (${names.prefix})`,
                ownerAccountId: names.account.accountId,
                partition: names.partition,
                grants: [logsKeyGrant(names)],
                protect: args.protect,
            },
            parent,
        );
        this.function = new ScopedFunction(
            name,
            {
                names,
                purpose,
                description: "Makes a finalized Data Exchange revision of each published snapshot, and revokes those past retention",
                entry: REVISION_HANDLER,
                environment: {
                    BUCKET: args.bucket.name,
                    PRODUCTS: pulumi
                        .all(
                            args.products.map((p) =>
                                pulumi.output(p.dataSetId).apply((dataSetId) => [p.name, { dataSetId, retainRevisions: p.retainRevisions }] as const),
                            ),
                        )
                        .apply((entries) => JSON.stringify(Object.fromEntries(entries))),
                },
                policy: revisionFunctionPolicy({ names, bucketArn: args.bucket.arn, keyArn: args.bucket.keyArn, products: args.products }),
                kmsKeyArn: this.key.arn,
                // No reserved concurrency (a new account's quota refuses any): runs on one manifest that meet are safe, the younger revision withdraws (revisions.ts).
                timeoutSeconds: 900,
                schedule: SWEEP_SCHEDULE,
            },
            parent,
        );
        this.permission = new aws.lambda.Permission(
            `${name}-s3`,
            {
                function: this.function.function.name,
                action: "lambda:InvokeFunction",
                principal: "s3.amazonaws.com",
                sourceArn: args.bucket.arn,
                sourceAccount: names.account.accountId,
            },
            parent,
        );
        // S3 checks the destination when the configuration is saved: the permission must exist first.
        this.notification = new aws.s3.BucketNotification(
            name,
            {
                bucket: args.bucket.name,
                lambdaFunctions: args.products.map((p) => ({
                    id: `${p.name}-manifests`,
                    lambdaFunctionArn: this.function.function.arn,
                    events: ["s3:ObjectCreated:*"],
                    filterPrefix: manifestsPrefixOf(p.name),
                    filterSuffix: "_manifest.json",
                })),
            },
            { parent: this, dependsOn: [this.permission] },
        );
        this.registerOutputs({ functionName: this.function.functionName });
    }
}
