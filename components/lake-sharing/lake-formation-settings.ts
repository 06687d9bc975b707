import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface LakeFormationSettingsArgs {
    /** Lake Formation admins; include the deploying principal, or the stack's own grants are refused. */
    admins: pulumi.Input<pulumi.Input<string>[]>;
    /** Cross-account version of the Data Catalog settings. @default "4" */
    crossAccountVersion?: string;
}

/**
 * An account's Lake Formation settings: its admins, the IAM-only defaults cleared (so
 * IAMAllowedPrincipals gets nothing on new databases and tables), and the cross-account
 * version. One per account: every other Lake Formation resource of the stack comes after it.
 */
export class LakeFormationSettings extends pulumi.ComponentResource {
    public readonly settings: aws.lakeformation.DataLakeSettings;

    constructor(name: string, args: LakeFormationSettingsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:lakeformation:Settings", name, {}, opts);
        this.settings = new aws.lakeformation.DataLakeSettings(
            name,
            {
                admins: args.admins,
                createDatabaseDefaultPermissions: [],
                createTableDefaultPermissions: [],
                parameters: { CROSS_ACCOUNT_VERSION: args.crossAccountVersion ?? "4" },
            },
            { parent: this },
        );
        this.registerOutputs({});
    }
}

/**
 * The principal running `pulumi up`: the IAM role behind an assumed-role session, since
 * Lake Formation accepts roles as admins, not STS sessions.
 */
export function deployingPrincipal(parent: pulumi.Resource): pulumi.Output<string> {
    const caller = aws.getCallerIdentityOutput({}, { parent });
    return aws.iam.getSessionContextOutput({ arn: caller.arn }, { parent }).issuerArn;
}
