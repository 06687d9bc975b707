import { BatchRevokePermissionsCommand, LakeFormationClient, ListPermissionsCommand } from "@aws-sdk/client-lakeformation";
import type { BatchPermissionsRequestEntry, DataLakeResourceType, PrincipalResourcePermissions } from "@aws-sdk/client-lakeformation";
import { DeauthorizeDataShareCommand, RedshiftClient } from "@aws-sdk/client-redshift";
import { Logger, consoleLogger, describeError } from "../../../core/lambda/log";

/**
 * Ends a consumer's access on its end date, without waiting for a `pulumi up`: IAM
 * statements carry their own `aws:CurrentTime` condition, but Lake Formation grants and
 * datashare authorizations do not expire. An EventBridge Scheduler one-time schedule in the
 * granting account invokes this at the end date with the consumer's account, principals and
 * datashares. It revokes every Lake Formation permission those principals hold in this
 * account's catalog (hand-made grants too: access ends for all of them) and removes the
 * datashare authorizations. The next `pulumi up` then deletes the grant resources, which
 * the provider accepts for grants already gone ("No permissions revoked", "already removed
 * authorization"), so it converges without an error.
 */

/** What the schedule passes: one consumer whose access ends now. */
export interface ExpiryEvent {
    /** Name of the consumer whose access ends, for the log. */
    readonly consumer: string;
    /** The consumer's AWS account: the Lake Formation permissions it holds here are revoked, its datashares deauthorized. */
    readonly accountId: string;
    /** IAM principals of the consumer granted directly (pattern 2's direct grants). */
    readonly principals: readonly string[];
    /** Datashares authorized to the consumer's account from this account. */
    readonly datashareArns: readonly string[];
}

export interface ExpiryDeps {
    /** Client of this account's Lake Formation, where the grants are listed and revoked. */
    readonly lakeFormation: LakeFormationClient;
    /** Client of this account's Redshift, where datashares are deauthorized. */
    readonly redshift: RedshiftClient;
    /** Where each revocation and the summary are logged. */
    readonly log: Logger;
    /** Retries of a change Lake Formation refused because another was in flight. @default 5 */
    readonly retries?: number;
    /** Pause before such a retry, in milliseconds. @default 2000 */
    readonly retryDelayMs?: number;
}

export interface ExpirySummary {
    /** Lake Formation permission entries revoked. */
    revoked: number;
    /** Datashares whose authorization was removed (or was already gone). */
    deauthorized: number;
    /** Entries still listed after the revocation: non-zero fails the run. */
    remaining: number;
}

/**
 * Resource types listed one by one: a list without a type leaves out tag-expression grants,
 * and a list filtered by principal needs a resource too, so this lists everything of each
 * type and keeps the consumer's entries.
 */
const RESOURCE_TYPES: readonly (DataLakeResourceType | undefined)[] = [undefined, "LF_TAG", "LF_TAG_POLICY_DATABASE", "LF_TAG_POLICY_TABLE", "DATA_LOCATION"];

/** BatchRevokePermissions takes at most 20 entries per call. */
const BATCH = 20;

export async function revokeConsumer(event: ExpiryEvent, deps: ExpiryDeps): Promise<ExpirySummary> {
    checkEvent(event);
    const principals = new Set([event.accountId, ...event.principals]);
    const held = await permissionsOf(deps.lakeFormation, principals);
    let revoked = 0;
    for (let i = 0; i < held.length; i += BATCH) {
        const entries = held.slice(i, i + BATCH).map((p, j): BatchPermissionsRequestEntry => ({
            Id: String(i + j),
            Principal: p.Principal,
            Resource: p.Resource,
            Permissions: p.Permissions,
            PermissionsWithGrantOption: p.PermissionsWithGrantOption,
        }));
        const failures = await withRetries(
            deps,
            async () => (await deps.lakeFormation.send(new BatchRevokePermissionsCommand({ Entries: entries }))).Failures ?? [],
        );
        for (const f of failures) deps.log("error", "revoke-failed", { consumer: event.consumer, entry: f.RequestEntry?.Id, error: f.Error?.ErrorMessage });
        revoked += entries.length - failures.length;
    }
    let deauthorized = 0;
    for (const arn of event.datashareArns) {
        try {
            await deps.redshift.send(new DeauthorizeDataShareCommand({ DataShareArn: arn, ConsumerIdentifier: event.accountId }));
        } catch (err) {
            if (!alreadyDeauthorized(err)) throw err;
        }
        deauthorized++;
    }
    const remaining = (await permissionsOf(deps.lakeFormation, principals)).length;
    const summary = { revoked, deauthorized, remaining };
    deps.log(remaining === 0 ? "info" : "error", "consumer-access-ended", { consumer: event.consumer, accountId: event.accountId, ...summary });
    if (remaining > 0)
        throw new Error(
            `${remaining} Lake Formation permissions of consumer ${event.consumer} are still granted after revocation; the schedule's retry runs again`,
        );
    return summary;
}

/** Every permission entry of this catalog held by one of the principals, each once. */
async function permissionsOf(client: LakeFormationClient, principals: ReadonlySet<string>): Promise<PrincipalResourcePermissions[]> {
    const found = new Map<string, PrincipalResourcePermissions>();
    for (const type of RESOURCE_TYPES) {
        let token: string | undefined;
        do {
            const page = await client.send(new ListPermissionsCommand({ ResourceType: type, NextToken: token, MaxResults: 100 }));
            for (const p of page.PrincipalResourcePermissions ?? []) {
                if (principals.has(p.Principal?.DataLakePrincipalIdentifier ?? "")) found.set(JSON.stringify([p.Principal, p.Resource]), p);
            }
            token = page.NextToken;
        } while (token);
    }
    return [...found.values()];
}

async function withRetries<T>(deps: ExpiryDeps, call: () => Promise<T>): Promise<T> {
    const retries = deps.retries ?? 5;
    for (let attempt = 0; ; attempt++) {
        try {
            return await call();
        } catch (err) {
            if ((err as { name?: string }).name !== "ConcurrentModificationException" || attempt >= retries) throw err;
            deps.log("warn", "revoke-retried", { attempt: attempt + 1, error: describeError(err) });
            await new Promise((resolve) => setTimeout(resolve, deps.retryDelayMs ?? 2000));
        }
    }
}

/** Redshift's answer when the authorization was removed before (by an earlier run or by hand). */
function alreadyDeauthorized(err: unknown): boolean {
    const e = err as { name?: string; message?: string };
    return e.name === "InvalidDataShareFault" && /already removed authorization/i.test(e.message ?? "");
}

function checkEvent(event: ExpiryEvent): void {
    if (!/^\d{12}$/.test(event?.accountId ?? "") || !Array.isArray(event.principals) || !Array.isArray(event.datashareArns)) {
        throw new Error("expiry event must carry consumer, a 12-digit accountId, principals[] and datashareArns[]");
    }
}

/** The Lambda entry: clients from the function's own credentials and region. */
export async function handler(event: ExpiryEvent): Promise<ExpirySummary> {
    return revokeConsumer(event, { lakeFormation: new LakeFormationClient({}), redshift: new RedshiftClient({}), log: consoleLogger });
}
