import * as pulumi from "@pulumi/pulumi";
import { SERVICE_TRUST, serviceTrustFacts, type ServiceTrustFacts, type SourceKey, type TrustedService } from "../../policy/lib/service-trust";
import { Conditions, PolicyDocument, policyDocument } from "./document";

// The registry is the policy pack's, so that the pack (which imports nothing from the
// program) and this builder agree on which source keys each service sends.
export { SERVICE_TRUST, serviceTrustFacts };
export type { ServiceTrustFacts, SourceKey, TrustedService };

type KeysOf<S extends TrustedService> = (typeof SERVICE_TRUST)[S]["conditions"][number];

/**
 * On whose behalf the service may assume the role: this account, and, for a service that
 * sends aws:SourceArn, the source resource (an ARN or an ArnLike pattern of this account).
 * The account is asked of every service, so a service AWS documents later needs no new call.
 */
export type TrustSource<S extends TrustedService> = { readonly account: string } & ("aws:SourceArn" extends KeysOf<S>
    ? { readonly sourceArn: pulumi.Input<string> }
    : { readonly sourceArn?: never });

/**
 * Trust policy letting one AWS service (e.g. `lambda.amazonaws.com`) assume a role, for this
 * account's resources only where the service says whose they are (confused deputy): each
 * source key the registry lists for the service becomes a condition, and no other, since a
 * condition on a key the service never sends would make the role unassumable.
 * @throws Error when the account is not a 12-digit id
 */
export function serviceTrustPolicy<S extends TrustedService>(service: S, source: TrustSource<S>): PolicyDocument {
    if (!/^\d{12}$/.test(source.account)) throw new Error(`trust of ${service}: "${source.account}" is not a 12-digit AWS account id`);
    const keys: readonly SourceKey[] = SERVICE_TRUST[service].conditions;
    const condition: Conditions = {};
    if (keys.includes("aws:SourceAccount")) condition.StringEquals = { "aws:SourceAccount": source.account };
    if (keys.includes("aws:SourceArn")) {
        const sourceArn = (source as { sourceArn?: pulumi.Input<string> }).sourceArn;
        if (sourceArn === undefined) throw new Error(`trust of ${service}: the service sends aws:SourceArn; give the source resource's ARN`);
        condition.ArnLike = { "aws:SourceArn": sourceArn };
    }
    return policyDocument([
        {
            Sid: "ServiceAssumesRole",
            Effect: "Allow",
            Principal: { Service: service },
            Action: "sts:AssumeRole",
            ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
        },
    ]);
}
