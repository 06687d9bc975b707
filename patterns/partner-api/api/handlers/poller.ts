import { ConditionalCheckFailedException, DynamoDBClient, QueryCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import type { _Object } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { randomUUID } from "crypto";
import { LEASE_SECONDS, PollerConfig, pollerConfig, resultsPrefix, signerSessionSeconds } from "./config";
import { ControlItem, PENDING, RequestStatus, controlKey, fromAttributes } from "./control-table";
import { Logger, consoleLogger, describeError } from "../../../../core/lambda/log";
import { Partner, accessEnded, mayReceive, partnerNamed } from "./partners";

/**
 * The poller (pattern 5, steps 5 to 7): on a schedule, it takes every PENDING request,
 * looks for the product's result objects, and e-mails presigned download links to the
 * partner's registered address. Every state change is conditioned on the item still being
 * PENDING, and a failed delivery only counts an attempt, so the next run retries it:
 * delivery is at least once, never lost. Runs may overlap (no reserved concurrency is
 * needed): a run leases a request before it e-mails it, and marks it delivered only while
 * it holds the lease, so two runs never both e-mail one request.
 *
 * Links are signed with a session of the signer role assumed for at least their lifetime,
 * never with the function's own credentials, which may expire minutes after signing and
 * take every link with them; the e-mail states the instant the links really stop working.
 */

/** What the poller works with; the Lambda entry fills it from the environment. */
export interface PollerDeps {
    readonly dynamo: DynamoDBClient;
    /** Lists the results; its region is the bucket's. The links are signed with the signer role's session, not its credentials. */
    readonly s3: S3Client;
    /** Assumes the signer role. */
    readonly sts: STSClient;
    /** Identifies this run on the leases it takes. @default a random UUID */
    readonly runId?: string;
    /** In the region of the SES identity. */
    readonly ses: SESv2Client;
    readonly config: PollerConfig;
    /** The instant access end dates are checked against and state changes are stamped with. */
    readonly now: Date;
    readonly log: Logger;
}

/** What one run did, by request. */
export interface PollSummary {
    /** PENDING requests found. */
    examined: number;
    /** Links e-mailed and the request marked DELIVERED. */
    delivered: number;
    /** No result objects yet: left PENDING untouched. */
    waiting: number;
    /** The partner's access ended or the product is no longer shared: marked REFUSED, nothing sent. */
    refused: number;
    /** An attempt failed (listing, presigning, SES or the table): left PENDING with the attempt counted. */
    failed: number;
    /** Items that could not be read as requests (logged, left alone). */
    unreadable: number;
}

/** Most links in one e-mail; the e-mail says how to fetch the rest (a new request with `since`). */
export const MAX_LINKS_PER_EMAIL = 100;

export { LEASE_SECONDS, POLLER_TIMEOUT_SECONDS } from "./config";

/** An object to send: its key and when it was last modified. */
interface ResultObject {
    readonly key: string;
    readonly lastModified: Date;
}

/** Whether a key is a result: not a folder marker, and no segment below the prefix starts with `_` (`_SUCCESS`, `_temporary/`). */
export function isResultKey(key: string, prefix: string): boolean {
    if (!key.startsWith(prefix) || key.endsWith("/")) {
        return false;
    }
    return !key
        .slice(prefix.length)
        .split("/")
        .some((segment) => segment.startsWith("_"));
}

/** Every PENDING request, oldest first, through the status index. */
async function pendingItems(deps: PollerDeps): Promise<Record<string, AttributeValue>[]> {
    const items: Record<string, AttributeValue>[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
        const page = await deps.dynamo.send(
            new QueryCommand({
                TableName: deps.config.table,
                IndexName: deps.config.statusIndex,
                KeyConditionExpression: "#status = :pending",
                ExpressionAttributeNames: { "#status": "status" },
                ExpressionAttributeValues: { ":pending": { S: PENDING } },
                ExclusiveStartKey: start,
            }),
        );
        items.push(...(page.Items ?? []));
        start = page.LastEvaluatedKey;
    } while (start);
    return items;
}

/** The product's result objects modified at or after `since`, oldest first. */
async function resultObjects(deps: PollerDeps, prefix: string, since: Date | undefined): Promise<ResultObject[]> {
    const found: ResultObject[] = [];
    let token: string | undefined;
    do {
        const page = await deps.s3.send(new ListObjectsV2Command({ Bucket: deps.config.bucket, Prefix: prefix, ContinuationToken: token }));
        for (const object of page.Contents ?? ([] as _Object[])) {
            if (!object.Key || !object.LastModified || !isResultKey(object.Key, prefix)) {
                continue;
            }
            if (since && object.LastModified.getTime() < since.getTime()) {
                continue;
            }
            found.push({ key: object.Key, lastModified: object.LastModified });
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return found.sort((a, b) => a.lastModified.getTime() - b.lastModified.getTime() || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The e-mail's text: plain text only, so nothing in it is rendered as markup. */
export function emailText(item: ControlItem, links: readonly { key: string; url: string }[], total: number, expiresAt: Date, resumeFrom?: Date): string {
    const lines = [
        `Your request ${item.requestId} for ${item.product} is ready: ${total} file(s).`,
        `The links below work until ${expiresAt.toISOString()}; download the files before then.`,
        "",
    ];
    for (const link of links) {
        lines.push(link.key, link.url, "");
    }
    if (resumeFrom && total > links.length) {
        lines.push(
            `This e-mail holds the first ${links.length} of ${total} files. For the rest, send a new request with ` +
                `"since": "${resumeFrom.toISOString()}" (the last file above may be sent again).`,
            "",
        );
    }
    lines.push("You receive this e-mail because your organisation requested these files through the data sharing API.");
    return lines.join("\n");
}

/** How an update of a PENDING item treats the delivery lease. */
type LeaseCondition =
    /** Take it: free, or expired (its run died). */
    | { readonly take: { readonly owner: string; readonly until: Date; readonly now: Date } }
    /** Act only while holding it, and release it. */
    | { readonly holder: string }
    /** Ignore it (refusals, which send nothing). */
    | undefined;

/**
 * Changes a PENDING item; false when the condition fails (it is no longer PENDING, or the
 * lease is held by another run).
 */
async function updatePending(
    deps: PollerDeps,
    item: Pick<ControlItem, "partner" | "requestId">,
    set: Record<string, AttributeValue>,
    options: { increment?: string; lease?: LeaseCondition } = {},
): Promise<boolean> {
    const names: Record<string, string> = { "#status": "status" };
    const values: Record<string, AttributeValue> = { ":pending": { S: PENDING } };
    const clauses: string[] = [];
    const removals: string[] = [];
    const conditions = ["#status = :pending"];
    const { increment, lease } = options;
    const fields = { ...set };
    if (lease && "take" in lease) {
        names["#leaseUntil"] = LEASE_FIELDS.until;
        values[":now"] = { S: lease.take.now.toISOString() };
        conditions.push("(attribute_not_exists(#leaseUntil) OR #leaseUntil < :now)");
        fields[LEASE_FIELDS.owner] = { S: lease.take.owner };
        fields[LEASE_FIELDS.until] = { S: lease.take.until.toISOString() };
    } else if (lease) {
        names["#leaseOwner"] = LEASE_FIELDS.owner;
        names["#leaseUntil"] = LEASE_FIELDS.until;
        values[":owner"] = { S: lease.holder };
        conditions.push("#leaseOwner = :owner");
        removals.push("#leaseOwner", "#leaseUntil");
    }
    Object.entries(fields).forEach(([field, value], i) => {
        names[`#f${i}`] = field;
        values[`:v${i}`] = value;
        clauses.push(`#f${i} = :v${i}`);
    });
    if (increment) {
        names["#inc"] = increment;
        values[":one"] = { N: "1" };
        values[":zero"] = { N: "0" };
        clauses.push("#inc = if_not_exists(#inc, :zero) + :one");
    }
    try {
        await deps.dynamo.send(
            new UpdateItemCommand({
                TableName: deps.config.table,
                Key: controlKey(item.partner, item.requestId),
                UpdateExpression: `SET ${clauses.join(", ")}${removals.length > 0 ? ` REMOVE ${removals.join(", ")}` : ""}`,
                ConditionExpression: conditions.join(" AND "),
                ExpressionAttributeNames: names,
                ExpressionAttributeValues: values,
            }),
        );
        return true;
    } catch (err) {
        if (err instanceof ConditionalCheckFailedException) {
            return false;
        }
        throw err;
    }
}

/** Attributes of the delivery lease on a request. */
export const LEASE_FIELDS = { owner: "leaseOwner", until: "leaseUntil" } as const;

/** Credentials that sign links, and until when they work. */
interface SigningSession {
    readonly s3: S3Client;
    readonly expiresAt: Date;
}

/**
 * A session of the signer role that outlives links of `urlExpirySeconds` signed at
 * `deps.now` (STS's minimum session is 15 minutes; a chained session at most one hour).
 * @throws Error when STS returns no credentials
 */
async function signingSession(deps: PollerDeps): Promise<SigningSession> {
    const { config } = deps;
    const assumed = await deps.sts.send(
        new AssumeRoleCommand({
            RoleArn: config.signerRoleArn,
            RoleSessionName: `partner-api-links-${deps.runId ?? "run"}`.slice(0, 64),
            DurationSeconds: signerSessionSeconds(config.urlExpirySeconds),
        }),
    );
    const c = assumed.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) {
        throw new Error(`AssumeRole of ${config.signerRoleArn} returned no credentials`);
    }
    const region = await deps.s3.config.region();
    return {
        s3: new S3Client({
            region,
            credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration },
        }),
        expiresAt: c.Expiration,
    };
}

const status = (value: RequestStatus): AttributeValue => ({ S: value });

/** Why a partner may no longer receive a request's product, if it may not. */
function refusal(partner: Partner | undefined, item: ControlItem, now: Date): string | undefined {
    if (!partner) {
        return "the partner is no longer registered";
    }
    if (accessEnded(partner, now)) {
        return `the partner's access ended at ${partner.accessEndsAt!.toISOString()}`;
    }
    if (!mayReceive(partner, item.product)) {
        return `the product ${item.product} is no longer shared with the partner`;
    }
    return undefined;
}

type Outcome = "delivered" | "waiting" | "refused";

/** The run's signing session, assumed on its first delivery. */
const sessions = new WeakMap<PollerDeps, Promise<SigningSession>>();
function signing(deps: PollerDeps): Promise<SigningSession> {
    let session = sessions.get(deps);
    if (!session) {
        session = signingSession(deps);
        sessions.set(deps, session);
        // A failed AssumeRole is retried by the next delivery, not remembered.
        session.catch(() => sessions.delete(deps));
    }
    return session;
}

/** One request: refuse, wait, or deliver. Throws when the delivery attempt fails. */
async function handle(deps: PollerDeps, item: ControlItem): Promise<Outcome> {
    const { config, now, log } = deps;
    const partner = partnerNamed(config.partners, item.partner);
    const reason = refusal(partner, item, now);
    if (reason || !partner) {
        const changed = await updatePending(deps, item, {
            status: status("REFUSED"),
            refusedAt: { S: now.toISOString() },
            refusedReason: { S: reason ?? "the partner is no longer registered" },
        });
        log("warn", changed ? "request.refused" : "request.changed-meanwhile", { requestId: item.requestId, partner: item.partner, reason });
        return "refused";
    }

    const prefix = resultsPrefix(config.prefixTemplate, item.product, partner.name);
    const objects = await resultObjects(deps, prefix, item.since === undefined ? undefined : new Date(item.since));
    if (objects.length === 0) {
        log("info", "request.waiting", { requestId: item.requestId, partner: partner.name, product: item.product });
        return "waiting";
    }
    const owner = deps.runId ?? "run";
    const leased = await updatePending(deps, item, {}, { lease: { take: { owner, until: new Date(now.getTime() + LEASE_SECONDS * 1000), now } } });
    if (!leased) {
        log("info", "request.busy", { requestId: item.requestId, partner: partner.name, reason: "another run holds it, or it is no longer pending" });
        return "waiting";
    }
    const sent = objects.slice(0, MAX_LINKS_PER_EMAIL);
    const session = await signing(deps);
    const links = [];
    for (const object of sent) {
        const url = await getSignedUrl(session.s3, new GetObjectCommand({ Bucket: config.bucket, Key: object.key }), {
            expiresIn: config.urlExpirySeconds,
            signingDate: now,
        });
        links.push({ key: object.key.slice(prefix.length), url });
    }
    // A link dies with the session that signed it: the e-mail states the earlier of the two.
    const linkExpiry = new Date(now.getTime() + config.urlExpirySeconds * 1000);
    const expiresAt = session.expiresAt.getTime() < linkExpiry.getTime() ? session.expiresAt : linkExpiry;
    if (expiresAt !== linkExpiry) {
        log("warn", "links.short-lived", {
            requestId: item.requestId,
            partner: partner.name,
            expiresAt: expiresAt.toISOString(),
            asked: linkExpiry.toISOString(),
        });
    }
    const resumeFrom = objects.length > sent.length ? sent[sent.length - 1].lastModified : undefined;
    await deps.ses.send(
        new SendEmailCommand({
            FromEmailAddress: config.sender,
            FromEmailAddressIdentityArn: config.identityArn,
            // The registered address only: the request never chooses where data goes.
            Destination: { ToAddresses: [partner.email] },
            Content: {
                Simple: {
                    Subject: { Data: `Data ready: ${item.product} (request ${item.requestId})`, Charset: "UTF-8" },
                    Body: { Text: { Data: emailText(item, links, objects.length, expiresAt, resumeFrom), Charset: "UTF-8" } },
                },
            },
        }),
    );
    const changed = await updatePending(
        deps,
        item,
        { status: status("DELIVERED"), deliveredAt: { S: now.toISOString() }, objectCount: { N: String(sent.length) } },
        { lease: { holder: owner } },
    );
    log(changed ? "info" : "warn", changed ? "request.delivered" : "request.changed-meanwhile", {
        requestId: item.requestId,
        partner: partner.name,
        product: item.product,
        objects: sent.length,
        linksExpireAt: expiresAt.toISOString(),
        ...(resumeFrom ? { notSent: objects.length - sent.length } : {}),
    });
    return "delivered";
}

/**
 * One run over every PENDING request. A failure on one request is recorded on its item
 * (`attempts` + 1, `lastError`) and does not stop the others.
 */
export async function poll(deps: PollerDeps): Promise<PollSummary> {
    const summary: PollSummary = { examined: 0, delivered: 0, waiting: 0, refused: 0, failed: 0, unreadable: 0 };
    for (const attributes of await pendingItems(deps)) {
        summary.examined++;
        let item: ControlItem;
        try {
            item = fromAttributes(attributes);
        } catch (err) {
            summary.unreadable++;
            deps.log("error", "request.unreadable", { requestId: attributes.requestId?.S ?? null, error: describeError(err) });
            continue;
        }
        try {
            summary[await handle(deps, item)]++;
        } catch (err) {
            summary.failed++;
            const error = describeError(err);
            deps.log("error", "request.attempt-failed", { requestId: item.requestId, partner: item.partner, attempt: item.attempts + 1, error });
            try {
                // The lease is released with the attempt, so the next run retries at once.
                const released = await updatePending(
                    deps,
                    item,
                    { lastError: { S: error }, lastAttemptAt: { S: deps.now.toISOString() } },
                    { increment: "attempts", lease: { holder: deps.runId ?? "run" } },
                );
                if (!released) {
                    await updatePending(deps, item, { lastError: { S: error }, lastAttemptAt: { S: deps.now.toISOString() } }, { increment: "attempts" });
                }
            } catch (recordErr) {
                deps.log("error", "request.attempt-not-recorded", { requestId: item.requestId, error: describeError(recordErr) });
            }
        }
    }
    deps.log("info", "poll.done", { ...summary });
    return summary;
}

/** The region of an SES identity ARN (`arn:aws:ses:<region>:...`): SES identities are regional. */
export function sesRegion(identityArn: string): string {
    return identityArn.split(":")[3];
}

let dynamo: DynamoDBClient | undefined;
let s3: S3Client | undefined;
let sts: STSClient | undefined;
const sesClients = new Map<string, SESv2Client>();

/** Lambda entry (EventBridge schedule). Configuration comes from the environment (see {@link pollerConfig}). */
export async function handler(): Promise<PollSummary> {
    const config = pollerConfig(process.env);
    dynamo ??= new DynamoDBClient({});
    s3 ??= new S3Client({});
    sts ??= new STSClient({});
    const region = sesRegion(config.identityArn);
    let ses = sesClients.get(region);
    if (!ses) {
        ses = new SESv2Client({ region });
        sesClients.set(region, ses);
    }
    return poll({ dynamo, s3, sts, ses, config, runId: randomUUID(), now: new Date(), log: consoleLogger });
}
