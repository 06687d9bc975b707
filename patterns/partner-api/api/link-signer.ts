import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccountNames } from "../../../core/naming";
import { policyJson } from "../../../core/policy/document";
import { SIGNER_SESSION_LIMITS, signerSessionSeconds } from "./handlers/config";
import { linkSignerPolicy, linkSignerTrustPolicy } from "./policies";

/** Purpose of the signer role in physical names. */
export const LINK_SIGNER_PURPOSE = "partner-api-link-signer";

export interface LinkSignerArgs {
    /** Names of the owning (external sharing) account. */
    names: AccountNames;
    /** The poller's role: the only principal that may assume the signer. */
    pollerRoleArn: pulumi.Input<string>;
    /** The results bucket. */
    bucketArn: string;
    /** Folders the partners may receive, each ending in `/`. */
    prefixes: readonly string[];
    /** The bucket's key. */
    bucketKeyArn: pulumi.Input<string>;
    /** Lifetime of the links it signs, in seconds: its sessions must last at least as long. */
    urlExpirySeconds: number;
}

/**
 * The role whose sessions sign the partners' download links. A presigned link stops
 * working when the session that signed it ends, so the poller signs with a session of this
 * role assumed for the links' whole lifetime, not with its own Lambda session, which may
 * end minutes later. Its MaxSessionDuration covers that lifetime.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-presigned-url.html
 */
export class LinkSigner extends pulumi.ComponentResource {
    /** The role. */
    public readonly role: aws.iam.Role;
    /** Its ARN, computed from its name so the poller's policy and environment stay plain data. */
    public readonly roleArn: string;
    /** Seconds each signing session lasts. */
    public readonly sessionSeconds: number;

    constructor(name: string, args: LinkSignerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:partner-api:LinkSigner", name, {}, opts);
        const { names } = args;
        this.sessionSeconds = signerSessionSeconds(args.urlExpirySeconds);
        this.roleArn = names.roleArn(LINK_SIGNER_PURPOSE);
        this.role = new aws.iam.Role(
            name,
            {
                name: names.role(LINK_SIGNER_PURPOSE),
                description: "Signs the partner API's download links (assumed by the poller for the links' lifetime)",
                assumeRolePolicy: policyJson(linkSignerTrustPolicy(args.pollerRoleArn)),
                // The role's own limit must not cut a session short; IAM's floor is one hour.
                maxSessionDuration: Math.max(SIGNER_SESSION_LIMITS.chainedMax, this.sessionSeconds),
            },
            { parent: this },
        );
        new aws.iam.RolePolicy(
            name,
            {
                role: this.role.name,
                name: "read-results",
                policy: policyJson(linkSignerPolicy({ names, bucketArn: args.bucketArn, prefixes: args.prefixes, bucketKeyArn: args.bucketKeyArn })),
            },
            { parent: this },
        );
        this.registerOutputs({ roleArn: this.roleArn });
    }
}
