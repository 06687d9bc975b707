import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsTarget } from "../../core/dynamic/aws-target";
import { IamAllowedPrincipalsRevocation } from "./iam-allowed-principals-revocation";

export interface LakeFormationSettingsArgs {
    /** Lake Formation admins this stack needs; include the deploying principal, or the stack's own grants are refused. */
    admins: pulumi.Input<pulumi.Input<string>[]>;
    /** Lake Formation read-only admins to add: the account's verification role (npm run verify). @default [] */
    readOnlyAdmins?: pulumi.Input<string>[];
    /** Cross-account version of the Data Catalog settings (`patterns.lakeFormation.crossAccountVersion`). */
    crossAccountVersion: string;
    /**
     * The stack's account, region and deployment role, for revoking IAMAllowedPrincipals'
     * CREATE_DATABASE on the catalog (a Lake Formation call no Pulumi resource makes).
     * @default undefined (not revoked: give it in every stack)
     */
    target?: AwsTarget;
}

/**
 * An account's Lake Formation settings, set the way reference/004 does by hand: the IAM-only
 * defaults for new databases and tables cleared, IAMAllowedPrincipals' CREATE_DATABASE on
 * the catalog revoked, and the cross-account version set. The settings are one object per
 * account that `PutDataLakeSettings` replaces whole, so this reads the account's settings
 * first and keeps what it does not own: the admins and read-only admins already there stay
 * (the stack's are added: its deployer, and its verification role as a read-only admin), and so do the trusted owners and external filtering settings.
 * Destroying the stack leaves the settings as they are (retained on delete): the provider's
 * delete would remove every admin and reset the cross-account version to 1. One per
 * account: every other Lake Formation resource of the stack comes after it.
 */
export class LakeFormationSettings extends pulumi.ComponentResource {
    public readonly settings: aws.lakeformation.DataLakeSettings;
    /** IAMAllowedPrincipals' CREATE_DATABASE revoked, when a target was given. */
    public readonly revocation?: IamAllowedPrincipalsRevocation;

    constructor(name: string, args: LakeFormationSettingsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:lakeformation:Settings", name, {}, opts);
        const version = args.crossAccountVersion;
        const current = aws.lakeformation.getDataLakeSettingsOutput({}, { parent: this });
        this.settings = new aws.lakeformation.DataLakeSettings(
            name,
            {
                admins: pulumi.all([current.admins, args.admins]).apply(([existing, ours]) => mergeAdmins(existing, ours)),
                readOnlyAdmins: pulumi.all([current.readOnlyAdmins, args.readOnlyAdmins ?? []]).apply(([existing, ours]) => mergeAdmins(existing, ours)),
                createDatabaseDefaultPermissions: [],
                createTableDefaultPermissions: [],
                parameters: current.parameters.apply((p) => ({ ...(p ?? {}), CROSS_ACCOUNT_VERSION: version })),
                trustedResourceOwners: current.trustedResourceOwners,
                allowExternalDataFiltering: current.allowExternalDataFiltering,
                externalDataFilteringAllowLists: current.externalDataFilteringAllowLists,
                authorizedSessionTagValueLists: current.authorizedSessionTagValueLists,
                allowFullTableExternalDataAccess: current.allowFullTableExternalDataAccess,
            },
            { parent: this, retainOnDelete: true },
        );
        if (args.target) {
            // After the settings: the deployer must be an admin to revoke.
            this.revocation = new IamAllowedPrincipalsRevocation(
                `${name}-iam-allowed-create-database`,
                { target: args.target },
                { parent: this, dependsOn: [this.settings] },
            );
        }
        this.registerOutputs({});
    }

    /** What every other Lake Formation resource of the stack must wait for. */
    get ready(): pulumi.Resource[] {
        return this.revocation ? [this.settings, this.revocation] : [this.settings];
    }
}

/** The stack's admins first, then those the account already had, each once. */
export function mergeAdmins(existing: readonly string[] | undefined, ours: readonly string[]): string[] {
    return [...new Set([...ours, ...(existing ?? [])])];
}

/**
 * The principal running `pulumi up`: the IAM role behind an assumed-role session, since
 * Lake Formation accepts roles as admins, not STS sessions.
 */
export function deployingPrincipal(parent: pulumi.Resource): pulumi.Output<string> {
    const caller = aws.getCallerIdentityOutput({}, { parent });
    return aws.iam.getSessionContextOutput({ arn: caller.arn }, { parent }).issuerArn;
}
