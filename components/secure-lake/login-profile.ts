import * as pulumi from "@pulumi/pulumi";
import { AwsTarget, verifiedClientConfig } from "../../core/dynamic/aws-target";
import { providerCode } from "../../core/dynamic/provider-code";
import { messageOf } from "../../core/message-of";

/** The SDK, loaded when the provider runs, not when the program loads (the plan never runs it). */
const iamSdk = () => import("@aws-sdk/client-iam");

/**
 * A console password for an IAM user, set to a value the stack chose (a `RandomPassword`).
 * `aws.iam.UserLoginProfile` only generates its own password, so this is a dynamic provider
 * over the IAM API.
 */

/** What the provider receives; secrets arrive unwrapped, so `password` is plain text here. */
export interface LoginProfileInputs {
    /** Account, region and deployment role the IAM calls go to. */
    target: AwsTarget;
    /** Name of the existing IAM user that gets the console password. */
    userName: string;
    /** The initial console password. */
    password: string;
    /** Whether AWS makes the user choose a new password at first sign-in. */
    passwordResetRequired: boolean;
}

/** The error's SDK name (e.g. `NoSuchEntityException`), read by name so it survives provider serialization. */
function errorName(err: unknown): string | undefined {
    const name = (err as { name?: unknown } | null)?.name;
    return typeof name === "string" ? name : undefined;
}

/** Turns the IAM errors a user can act on into messages that say what to do. */
function explain(err: unknown, action: "create" | "update", userName: string): Error {
    const detail = messageOf(err);
    switch (errorName(err)) {
        case "EntityAlreadyExistsException":
            // The existing password cannot be read back, and dynamic resources cannot be imported
            // (pulumi/pulumi#16175), so deleting it is the only way to hand the user the stack's password.
            return new Error(
                `IAM user "${userName}" already has a console password (login profile), set outside this stack. ` +
                    `Delete it (IAM console > Users > ${userName} > Security credentials > Manage console access > Disable, ` +
                    `or \`aws iam delete-login-profile --user-name ${userName}\`) and run the update again. (${detail})`,
                { cause: err },
            );
        case "PasswordPolicyViolationException":
            return new Error(
                `The password for IAM user "${userName}" breaks the account's IAM password policy. ` +
                    `Raise the RandomPassword's length and/or enable the character classes the policy requires (upper, lower, numeric, special). (${detail})`,
                { cause: err },
            );
        case "NoSuchEntityException":
            return new Error(
                action === "create"
                    ? `IAM user "${userName}" does not exist, so it cannot get a console password. Create the user first (depend on it). (${detail})`
                    : `IAM user "${userName}" or its console password no longer exists (deleted outside this stack). (${detail})`,
                { cause: err },
            );
        default:
            return err instanceof Error ? err : new Error(detail);
    }
}

export const loginProfileProvider: pulumi.dynamic.ResourceProvider<LoginProfileInputs, LoginProfileInputs> = {
    async create(inputs: LoginProfileInputs): Promise<pulumi.dynamic.CreateResult<LoginProfileInputs>> {
        const { IAMClient, CreateLoginProfileCommand } = await iamSdk();
        const iam = new IAMClient(await verifiedClientConfig(inputs.target));
        try {
            await iam.send(
                new CreateLoginProfileCommand({ UserName: inputs.userName, Password: inputs.password, PasswordResetRequired: inputs.passwordResetRequired }),
            );
        } catch (err) {
            throw explain(err, "create", inputs.userName);
        }
        // `password` stays in the outputs so a changed password can be detected; the resource marks it secret.
        const { userName, passwordResetRequired, target, password } = inputs;
        return { id: userName, outs: { userName, passwordResetRequired, target, password } };
    },

    async diff(_id: pulumi.ID, olds: LoginProfileInputs, news: LoginProfileInputs): Promise<pulumi.dynamic.DiffResult> {
        const replaces: string[] = [];
        if (olds.userName !== news.userName) {
            replaces.push("userName");
        }
        if (olds.target.accountId !== news.target.accountId || olds.target.region !== news.target.region) {
            replaces.push("target");
        }
        if (replaces.length > 0) {
            // A user has at most one login profile, so the old one must go before the new one is made.
            return { changes: true, replaces, deleteBeforeReplace: true };
        }
        // A new deployment role changes no AWS state, but the stored target must follow it or delete would assume the old role.
        const roleChanged = olds.target.roleArn !== news.target.roleArn || olds.target.externalId !== news.target.externalId;
        const changes = olds.password !== news.password || olds.passwordResetRequired !== news.passwordResetRequired || roleChanged;
        return { changes };
    },

    async update(_id: pulumi.ID, olds: LoginProfileInputs, news: LoginProfileInputs): Promise<pulumi.dynamic.UpdateResult<LoginProfileInputs>> {
        const passwordChanged = olds.password !== news.password;
        if (passwordChanged || olds.passwordResetRequired !== news.passwordResetRequired) {
            const { IAMClient, UpdateLoginProfileCommand } = await iamSdk();
            const iam = new IAMClient(await verifiedClientConfig(news.target));
            try {
                await iam.send(
                    new UpdateLoginProfileCommand({
                        UserName: news.userName,
                        // The user has likely replaced the initial password by now; resending it would overwrite theirs.
                        ...(passwordChanged ? { Password: news.password } : {}),
                        PasswordResetRequired: news.passwordResetRequired,
                    }),
                );
            } catch (err) {
                throw explain(err, "update", news.userName);
            }
        }
        const { userName, passwordResetRequired, target, password } = news;
        return { outs: { userName, passwordResetRequired, target, password } };
    },

    async delete(id: pulumi.ID, props: LoginProfileInputs): Promise<void> {
        const { IAMClient, DeleteLoginProfileCommand } = await iamSdk();
        const iam = new IAMClient(await verifiedClientConfig(props.target));
        try {
            await iam.send(new DeleteLoginProfileCommand({ UserName: props.userName ?? id }));
        } catch (err) {
            // Already gone (the user or its password was deleted outside the stack): nothing to do.
            if (errorName(err) !== "NoSuchEntityException") {
                throw err;
            }
        }
    },
};

/** Arguments of {@link LoginProfile}. */
export interface LoginProfileArgs {
    /** Account, region and deployment role the IAM calls go to (the stack's own). */
    target: pulumi.Input<AwsTarget>;
    /** Name of the existing IAM user that gets the console password; changing it replaces the profile. */
    userName: pulumi.Input<string>;
    /** The initial console password, typically a `RandomPassword`'s `result`; kept secret in the state. */
    password: pulumi.Input<string>;
    /** Whether AWS makes the user choose a new password at first sign-in. @default true */
    passwordResetRequired?: pulumi.Input<boolean>;
}

/** An IAM user's console password, set to the given value, with a reset forced at first sign-in by default. */
export class LoginProfile extends pulumi.dynamic.Resource {
    // `declare`, not `!`: with ES2022 class fields a `!` field is reset to undefined after super().
    /** Name of the IAM user. */
    declare public readonly userName: pulumi.Output<string>;
    /** Whether AWS makes the user choose a new password at first sign-in. */
    declare public readonly passwordResetRequired: pulumi.Output<boolean>;

    constructor(name: string, args: LoginProfileArgs, opts?: pulumi.CustomResourceOptions) {
        // Secret as an input too, so the state never holds it in clear even when the caller passes a plain string.
        const password = pulumi.secret(args.password);
        const props = { target: args.target, userName: args.userName, password, passwordResetRequired: args.passwordResetRequired ?? true };
        super(
            providerCode(loginProfileProvider),
            name,
            { ...props },
            pulumi.mergeOptions(opts, { additionalSecretOutputs: ["password"] }),
            "datasharing",
            "LoginProfile",
        );
    }
}
