import * as pulumi from "@pulumi/pulumi";
import { AwsTarget, targetMoved, targetRoleChanged, verifiedClientConfig } from "../../core/dynamic/aws-target";
import { providerCode } from "../../core/dynamic/provider-code";

/** The SDK, loaded when the provider runs, not when the program loads (the plan never runs it). */
const lakeFormation = () => import("@aws-sdk/client-lakeformation");

/**
 * Revokes CREATE_DATABASE on the account's catalog from IAMAllowedPrincipals, reference/004's
 * "Administrative roles and tasks > Database creators > IAMAllowedPrincipals > Revoke". Every
 * account has that grant by default, so any IAM principal allowed glue:CreateDatabase creates
 * databases outside Lake Formation. `DataLakeSettings.createDatabaseDefaultPermissions: []`
 * does not touch it (it is the default for new databases, not the catalog permission), and
 * `aws.lakeformation.Permissions` can only grant, hence this dynamic provider over the Lake
 * Formation API.
 */

/** The pseudo-principal standing for "whatever IAM allows". */
export const IAM_ALLOWED_PRINCIPALS = "IAM_ALLOWED_PRINCIPALS";

export interface IamAllowedPrincipalsRevocationInputs {
    /** Account (the stack's own), region and deployment role the call goes to. */
    target: AwsTarget;
}

export interface IamAllowedPrincipalsRevocationOutputs extends IamAllowedPrincipalsRevocationInputs {
    /** Whether this resource revoked it (false: someone had revoked it before). */
    revoked: boolean;
}

/** The request: CREATE_DATABASE on the catalog (an empty Catalog resource), from IAM_ALLOWED_PRINCIPALS. */
export const REVOCATION = {
    Principal: { DataLakePrincipalIdentifier: IAM_ALLOWED_PRINCIPALS },
    Resource: { Catalog: {} },
    Permissions: ["CREATE_DATABASE" as const],
};

/** Lake Formation answers InvalidInputException "No permissions revoked" when the grant is already gone. */
function alreadyRevoked(err: unknown): boolean {
    const e = err as { name?: unknown; message?: unknown } | null;
    return e?.name === "InvalidInputException" && /no permissions revoked/i.test(String(e.message ?? ""));
}

export const iamAllowedPrincipalsRevocationProvider: pulumi.dynamic.ResourceProvider<
    IamAllowedPrincipalsRevocationInputs,
    IamAllowedPrincipalsRevocationOutputs
> = {
    async create(inputs) {
        const { LakeFormationClient, RevokePermissionsCommand } = await lakeFormation();
        const client = new LakeFormationClient(await verifiedClientConfig(inputs.target));
        let revoked = true;
        try {
            await client.send(new RevokePermissionsCommand(REVOCATION));
        } catch (err) {
            if (!alreadyRevoked(err)) throw err;
            revoked = false;
        }
        return { id: `${inputs.target.accountId}/${inputs.target.region}/${IAM_ALLOWED_PRINCIPALS}/CREATE_DATABASE`, outs: { ...inputs, revoked } };
    },

    async diff(_id, olds, news) {
        if (targetMoved(olds.target, news.target)) return { changes: true, replaces: ["target"], deleteBeforeReplace: true };
        return { changes: targetRoleChanged(olds.target, news.target) };
    },

    async update(_id, olds, news) {
        // Only the deployment role can change in place: nothing to call.
        return { outs: { ...olds, ...news } };
    },

    async delete() {
        // Kept revoked: destroying a stack never reopens the catalog to IAM-only database
        // creation (DataLakeSettings is retained on delete for the same reason).
    },
};

/** Arguments of {@link IamAllowedPrincipalsRevocation}. */
export interface IamAllowedPrincipalsRevocationArgs {
    /** Account (the stack's own), region and deployment role the call goes to; moving it replaces the resource. */
    target: pulumi.Input<AwsTarget>;
}

/** IAMAllowedPrincipals can no longer create databases in this account's catalog. */
export class IamAllowedPrincipalsRevocation extends pulumi.dynamic.Resource {
    /** Whether this resource revoked the grant, or found it revoked already. */
    declare public readonly revoked: pulumi.Output<boolean>;

    constructor(name: string, args: IamAllowedPrincipalsRevocationArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            providerCode(iamAllowedPrincipalsRevocationProvider),
            name,
            { ...args, revoked: undefined },
            opts,
            "datasharing",
            "IamAllowedPrincipalsRevocation",
        );
    }
}
