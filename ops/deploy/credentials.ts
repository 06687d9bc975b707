/**
 * Where the Pulumi process of one stack gets its AWS credentials. The AWS provider of every
 * stack is still pinned to its account (`allowedAccountIds`), so credentials of the wrong
 * account make the stack fail before it changes anything.
 */
export type CredentialSource =
    /** The operator's own environment, as `pulumi up` would see it. */
    | { readonly kind: "environment" }
    /** A named profile of the operator's AWS config (SSO, a role with source_profile, keys). */
    | { readonly kind: "profile"; readonly profile: string }
    /** A role assumed with STS from the environment's (or `sourceProfile`'s) credentials. */
    | {
          readonly kind: "role";
          readonly roleArn: string;
          readonly externalId?: string;
          readonly sourceProfile?: string;
          /** Session length in seconds; STS caps a session reached from another role at 3600. */
          readonly durationSeconds?: number;
      };

export const ENVIRONMENT: CredentialSource = { kind: "environment" };

/** One line for people: what the dry run and the summary print. */
export function describeCredentials(source: CredentialSource): string {
    switch (source.kind) {
        case "environment":
            return "environment";
        case "profile":
            return `profile ${source.profile}`;
        case "role":
            return `role ${source.roleArn}${source.sourceProfile ? ` (from profile ${source.sourceProfile})` : ""}`;
    }
}
