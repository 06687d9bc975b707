import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface AnalystWorkgroupArgs {
    /** Workgroup name, from the naming module. */
    name: string;
    /** Bucket for query results (`results/`). */
    resultsBucketName: pulumi.Input<string>;
    /** Key the results are encrypted with. */
    keyArn: pulumi.Input<string>;
    /** Largest scan one query may make, in bytes. @default 10 GiB */
    bytesScannedCutoffPerQuery?: number;
}

/**
 * The Athena workgroup analysts query through. Its settings are enforced, so no client can
 * write results elsewhere or unencrypted.
 */
export class AnalystWorkgroup extends pulumi.ComponentResource {
    public readonly workgroup: aws.athena.Workgroup;

    constructor(name: string, args: AnalystWorkgroupArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:lake:AnalystWorkgroup", name, {}, opts);
        this.workgroup = new aws.athena.Workgroup(
            name,
            {
                name: args.name,
                description: "Queries over the secure lake; results SSE-KMS encrypted",
                forceDestroy: false,
                configuration: {
                    enforceWorkgroupConfiguration: true,
                    publishCloudwatchMetricsEnabled: true,
                    bytesScannedCutoffPerQuery: args.bytesScannedCutoffPerQuery ?? 10 * 1024 ** 3,
                    resultConfiguration: {
                        outputLocation: pulumi.interpolate`s3://${args.resultsBucketName}/results/`,
                        encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: args.keyArn },
                    },
                },
            },
            { parent: this },
        );
        this.registerOutputs({ name: this.workgroup.name });
    }
}
