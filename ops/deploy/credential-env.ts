import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { fromIni } from "@aws-sdk/credential-providers";
import { CredentialSource } from "./credentials";

/**
 * The environment variables that give one stack's Pulumi process its account's credentials.
 * Static keys in the environment win over AWS_PROFILE in every AWS SDK, so a profile clears
 * them, and assumed-role keys clear the profile: whichever the operator's shell holds, the
 * stack sees only the credentials its entry names.
 */

const STATIC_KEYS = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"] as const;

export interface CredentialEnvOptions {
    /** Names the STS session, so CloudTrail shows which stack a call came from. */
    readonly sessionName: string;
    /** Region of the STS endpoint (the stack's own). */
    readonly region: string;
}

export async function credentialEnv(source: CredentialSource, options: CredentialEnvOptions): Promise<Record<string, string>> {
    switch (source.kind) {
        case "environment":
            return {};
        case "profile":
            // Empty, not absent: the Automation API runs the CLI with the operator's environment plus these.
            return { AWS_PROFILE: source.profile, ...Object.fromEntries(STATIC_KEYS.map((k) => [k, ""])) };
        case "role": {
            const sts = new STSClient({ region: options.region, credentials: source.sourceProfile ? fromIni({ profile: source.sourceProfile }) : undefined });
            const { Credentials: c } = await sts.send(
                new AssumeRoleCommand({
                    RoleArn: source.roleArn,
                    RoleSessionName: sessionName(options.sessionName),
                    ExternalId: source.externalId,
                    DurationSeconds: source.durationSeconds,
                }),
            );
            if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) {
                throw new Error(`STS returned no credentials for ${source.roleArn}`);
            }
            return { AWS_ACCESS_KEY_ID: c.AccessKeyId, AWS_SECRET_ACCESS_KEY: c.SecretAccessKey, AWS_SESSION_TOKEN: c.SessionToken, AWS_PROFILE: "" };
        }
    }
}

/** STS allows 2 to 64 of `[\w+=,.@-]`. */
function sessionName(name: string): string {
    return name.replace(/[^\w+=,.@-]/g, "-").slice(0, 64);
}
