import { fromTemporaryCredentials } from "@aws-sdk/credential-providers";

/**
 * Where a dynamic provider's AWS SDK calls go. Dynamic providers run in the Pulumi CLI's
 * process, outside the stack's AWS provider, so without this they would use ambient
 * credentials: they must assume the same deployment role and use the same region as the
 * stack, and check they landed in the stack's account.
 */
export interface AwsTarget {
    /** Account the stack deploys into; calls into another account are refused. */
    readonly accountId: string;
    readonly region: string;
    /** Deployment role the stack's provider assumes, if any. */
    readonly roleArn?: string;
    readonly externalId?: string;
}

/** SDK client configuration for a target: its region, and its role's credentials when set. */
export function clientConfig(target: AwsTarget): { region: string; credentials?: ReturnType<typeof fromTemporaryCredentials> } {
    if (!target.roleArn) {
        return { region: target.region };
    }
    return {
        region: target.region,
        credentials: fromTemporaryCredentials({
            params: { RoleArn: target.roleArn, ExternalId: target.externalId, RoleSessionName: "datasharing-dynamic-provider" },
            clientConfig: { region: target.region },
        }),
    };
}
