import { ConditionalCheckFailedException, DynamoDBClient, QueryCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import type { _Object } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { PollerConfig, pollerConfig, resultsPrefix } from "./config";
import { ControlItem, PENDING, RequestStatus, controlKey, fromAttributes } from "./control-table";
import { Logger, consoleLogger, describeError } from "./log";
import { Partner, accessEnded, mayReceive, partnerNamed } from "./partners";

/**
 * The poller (pattern 5, steps 5 to 7): on a schedule, it takes every PENDING request,
 * looks for the product's result objects, and e-mails presigned download links to the
 * partner's registered address. Every state change is conditioned on the item still being
 * PENDING, and a failed delivery only counts an attempt, so the next run retries it:
 * delivery is at least once, never lost. Runs should not overlap (reserved concurrency 1),
 * or two runs could both e-mail the same request.
 */

/** What the poller works with; the Lambda entry fills it from the environment. */
export interface PollerDeps {
    readonly dynamo: DynamoDBClient;
    /** Lists and presigns: its credentials sign the links, so they must be able to read the objects for the links' lifetime. */
    readonly s3: S3Client;
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

/** Changes a PENDING item; false when it is no longer PENDING (another run got there first). */
async function updatePending(deps: PollerDeps, item: Pick<ControlItem, "partner" | "requestId">, set: Record<string, AttributeValue>, increment?: string): Promise<boolean> {
    const names: Record<string, string> = { "#status": "status" };
    const values: Record<string, AttributeValue> = { ":pending": { S: PENDING } };
    const clauses: string[] = [];
    Object.entries(set).forEach(([field, value], i) => {
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
                UpdateExpression: `SET ${clauses.join(", ")}`,
                ConditionExpression: "#status = :pending",
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
    const sent = objects.slice(0, MAX_LINKS_PER_EMAIL);
    const links = [];
    for (const object of sent) {
        const url = await getSignedUrl(deps.s3, new GetObjectCommand({ Bucket: config.bucket, Key: object.key }), { expiresIn: config.urlExpirySeconds });
        links.push({ key: object.key.slice(prefix.length), url });
    }
    const expiresAt = new Date(now.getTime() + config.urlExpirySeconds * 1000);
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
    const changed = await updatePending(deps, item, {
        status: status("DELIVERED"),
        deliveredAt: { S: now.toISOString() },
        objectCount: { N: String(sent.length) },
    });
    log(changed ? "info" : "warn", changed ? "request.delivered" : "request.changed-meanwhile", {
        requestId: item.requestId,
        partner: partner.name,
        product: item.product,
        objects: sent.length,
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
                await updatePending(deps, item, { lastError: { S: error }, lastAttemptAt: { S: deps.now.toISOString() } }, "attempts");
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
const sesClients = new Map<string, SESv2Client>();

/** Lambda entry (EventBridge schedule). Configuration comes from the environment (see {@link pollerConfig}). */
export async function handler(): Promise<PollSummary> {
    const config = pollerConfig(process.env);
    dynamo ??= new DynamoDBClient({});
    s3 ??= new S3Client({});
    const region = sesRegion(config.identityArn);
    let ses = sesClients.get(region);
    if (!ses) {
        ses = new SESv2Client({ region });
        sesClients.set(region, ses);
    }
    return poll({ dynamo, s3, ses, config, now: new Date(), log: consoleLogger });
}
