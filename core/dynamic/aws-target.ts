import type * as pulumi from "@pulumi/pulumi";
import type { fromTemporaryCredentials } from "@aws-sdk/credential-providers";

/** The SDK, loaded when a provider runs, not when the program loads (the plan never runs one). */
const sts = () => import("@aws-sdk/client-sts");
const credentialProviders = () => import("@aws-sdk/credential-providers");

/**
 * Where a dynamic provider's AWS SDK calls go. Dynamic providers run in the Pulumi CLI's
 * process, outside the stack's AWS provider, so without this they would use ambient
 * credentials: they must assume the same deployment role and use the same region as the
 * stack, and check they landed in the stack's account.
 */
export interface AwsTarget {
    /** Account the stack deploys into; calls into another account are refused. */
    readonly accountId: string;
    /** Region of the calls: the stack's region. */
    readonly region: string;
    /** Deployment role the stack's provider assumes, if any. */
    readonly roleArn?: string;
    /** External id the deployment role's trust policy requires, if any. */
    readonly externalId?: string;
}

export type ClientConfig = { region: string; credentials?: ReturnType<typeof fromTemporaryCredentials> };

/**
 * Client configuration for a target, once the credentials are proven to be the target
 * account's: the stack's provider refuses other accounts with `allowedAccountIds`, and a
 * dynamic provider must not be the way around that.
 */
export async function verifiedClientConfig(target: AwsTarget): Promise<ClientConfig> {
    const config = await clientConfig(target);
    const { STSClient, GetCallerIdentityCommand } = await sts();
    const { Account } = await new STSClient(config).send(new GetCallerIdentityCommand({}));
    if (Account !== target.accountId) {
        throw new Error(
            `credentials are for account ${Account ?? "(unknown)"}, but this stack deploys into ${target.accountId}: ` +
                "use credentials of the stack's account (or set datasharing:assumeRoleArn)",
        );
    }
    return config;
}

/** SDK client configuration for a target: its region, and its role's credentials when set. */
export async function clientConfig(target: AwsTarget): Promise<ClientConfig> {
    if (!target.roleArn) {
        return { region: target.region };
    }
    const { fromTemporaryCredentials } = await credentialProviders();
    return {
        region: target.region,
        credentials: fromTemporaryCredentials({
            params: { RoleArn: target.roleArn, ExternalId: target.externalId, RoleSessionName: "datasharing-dynamic-provider" },
            clientConfig: { region: target.region },
        }),
    };
}

/** Whether a resource moved to another account or region: its provider must replace it there. */
export function targetMoved(olds: AwsTarget, news: AwsTarget): boolean {
    return olds.accountId !== news.accountId || olds.region !== news.region;
}

/** Whether only the deployment role changed: nothing changes in AWS, but the stored target must follow. */
export function targetRoleChanged(olds: AwsTarget, news: AwsTarget): boolean {
    return olds.roleArn !== news.roleArn || olds.externalId !== news.externalId;
}

/**
 * The diff of a resource AWS holds as it was made: replaced when one of `replaces` changed
 * or its target moved to another account or region; otherwise changed in place only when
 * the deployment role changed, which touches nothing in AWS but the stored target.
 */
export function replaceOrRetarget(
    replaces: readonly string[],
    olds: { readonly target: AwsTarget },
    news: { readonly target: AwsTarget },
    options: { readonly deleteBeforeReplace?: boolean } = {},
): pulumi.dynamic.DiffResult {
    const all = [...replaces, ...(targetMoved(olds.target, news.target) ? ["target"] : [])];
    if (all.length > 0) return { changes: true, replaces: all, ...(options.deleteBeforeReplace ? { deleteBeforeReplace: true } : {}) };
    return { changes: targetRoleChanged(olds.target, news.target) };
}
