import * as pulumi from "@pulumi/pulumi";
import { AwsTarget } from "../../core/dynamic/aws-target";
import { AccountNames } from "../../core/naming";
import { RamShareAcceptance } from "./ram-share-acceptance";

export interface ShareAcceptanceArgs {
    target: AwsTarget;
    /** Account whose Lake Formation grant created the RAM invitation. */
    senderAccountId: string;
    /** Names in the account owning the shared databases (their ARNs). */
    owner: AccountNames;
    /** Shared databases, in the owner's catalog. */
    databases: readonly string[];
    /** False inside one AWS Organization: shares are active at once, nothing to accept. */
    needed: boolean;
}

/**
 * Accepts the AWS RAM invitations a Lake Formation cross-account grant sends to an account
 * outside the grantor's Organization: one per shared database. Inside one Organization
 * nothing is created.
 */
export class ShareAcceptance extends pulumi.ComponentResource {
    public readonly acceptances: RamShareAcceptance[];

    constructor(name: string, args: ShareAcceptanceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:lakeformation:ShareAcceptance", name, {}, opts);
        this.acceptances = args.needed
            ? args.databases.map(
                  (database) =>
                      new RamShareAcceptance(
                          `${name}-${database}`,
                          { target: args.target, senderAccountId: args.senderAccountId, resourceArn: args.owner.arn("glue", `database/${database}`) },
                          { parent: this },
                      ),
              )
            : [];
        this.registerOutputs({});
    }
}
