import * as pulumi from "@pulumi/pulumi";
import { bucketResources } from "../../core/policy/bucket-policy";
import { PolicyStatement } from "../../core/policy/document";
import { KeyGrant } from "../../core/policy/key-policy";
import { until } from "../../core/policy/until";
import { ACCESS_POINT_ACTIONS, AccessPointAction, AccessPointConsumer, DEFAULT_ACCESS_POINT_ACTIONS, consumerPrincipals } from "./policies";

/**
 * The sharing bucket's and key's side of pattern 6. These are the statements a stack
 * passes to `PublishedDatasets` (`bucketStatements`, `keyGrants`): the bucket delegates
 * access control to the access points its own account owns, so adding or removing a
 * consumer never edits the bucket policy, and the key lets consumer roles decrypt only
 * when S3 decrypts for them.
 */

/**
 * Bucket statement delegating to the owner's access points (AWS's documented delegation,
 * `s3:DataAccessPointAccount`): a request through any access point of `ownerAccountId` is
 * allowed here as far as `actions` go, and the access point's own policy decides who.
 * A request made to the bucket directly carries no access point and gets nothing from it.
 * It names no consumer. It comes after the TLS-only deny, which it does not weaken.
 */
export function delegateToOwnAccessPoints(
    bucketArn: pulumi.Input<string>,
    ownerAccountId: string,
    actions: readonly AccessPointAction[] = DEFAULT_ACCESS_POINT_ACTIONS,
): PolicyStatement[] {
    return [
        {
            Sid: "DelegateToOwnAccessPoints",
            Effect: "Allow",
            Principal: { AWS: "*" },
            Action: [...new Set(actions)],
            Resource: bucketResources(bucketArn),
            Condition: { StringEquals: { "s3:DataAccessPointAccount": ownerAccountId } },
        },
    ];
}

/**
 * What the bucket must delegate: every action some consumer's access point grants (the
 * default reads for one that declares none). The bucket policy is evaluated for a request
 * through an access point too, so an action missing here is refused whatever the access
 * point allows. With no consumer, the default reads (the statement stays, naming no one).
 */
export function delegatedActions(consumers: readonly Pick<AccessPointConsumer, "actions">[]): AccessPointAction[] {
    const declared = new Set(consumers.flatMap((c) => c.actions ?? DEFAULT_ACCESS_POINT_ACTIONS));
    return declared.size === 0 ? [...DEFAULT_ACCESS_POINT_ACTIONS] : ACCESS_POINT_ACTIONS.filter((a) => declared.has(a));
}

/**
 * Key grants letting the consumers' declared roles decrypt the bucket's objects, only when
 * S3 in the bucket's region calls KMS for them (`kms:ViaService`): a role cannot decrypt
 * with the key directly. Like the access point policy, they name the consumer accounts and
 * narrow them with `aws:PrincipalArn` (KMS rejects a key policy naming a role that does
 * not exist yet), and end at the consumers' end dates (`aws:CurrentTime`). One grant per
 * end date, not per consumer: a key policy holds at most 32 KB. Empty when there is no
 * consumer, so it spreads into `keyGrants`.
 */
export function consumersDecryptThroughS3(
    consumers: readonly Pick<AccessPointConsumer, "name" | "accountId" | "principals" | "endsAt">[],
    region: string,
): KeyGrant[] {
    const byEnd = new Map<string, (typeof consumers)[number][]>();
    for (const c of consumers) byEnd.set(c.endsAt?.toISOString() ?? "", [...(byEnd.get(c.endsAt?.toISOString() ?? "") ?? []), c]);
    return [...byEnd.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([end, group]) => ({
            sid: `AccessPointConsumersDecryptThroughS3${end ? `Until${end.replace(/\D/g, "").slice(0, 14)}` : ""}`,
            grantee: { accounts: [...new Set(group.map((c) => c.accountId))] },
            actions: ["kms:Decrypt"],
            conditions: {
                StringEquals: { "kms:ViaService": `s3.${region}.amazonaws.com` },
                ArnEquals: { "aws:PrincipalArn": [...new Set(group.flatMap((c) => consumerPrincipals(c)))] },
                ...until(group[0].endsAt),
            },
        }));
}
