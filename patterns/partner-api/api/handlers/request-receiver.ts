import { ConditionalCheckFailedException, DynamoDBClient, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { ReceiverConfig, receiverConfig } from "./config";
import { ControlItem, REQUEST_ID, controlKey, fromAttributes, newRequest, toAttributes } from "./control-table";
import { Logger, consoleLogger, describeError } from "../../../../core/lambda/log";
import { Partner, accessEnded, mayReceive, partnerByApiKey } from "./partners";
import { parseTimestamp } from "./time";

/**
 * The request receiver (pattern 5, step 3 and 4): API Gateway calls it with the partner's
 * request, it checks who is asking for what, and records the request as PENDING in the
 * control table for the poller. The partner is whoever owns the API key API Gateway
 * verified; nothing in the body can name another partner or another address.
 */

/** A partner's request, once its body is valid. */
export interface PartnerRequest {
    /** Partner-chosen id, the idempotency key. */
    readonly requestId: string;
    /** Requested data product. */
    readonly product: string;
    /** Only objects modified at or after this instant, as a normalised ISO timestamp (UTC). */
    readonly since?: string;
}

/** What the receiver works with; the Lambda entry fills it from the environment. */
export interface ReceiverDeps {
    readonly dynamo: DynamoDBClient;
    readonly config: ReceiverConfig;
    /** The instant access end dates are checked against and the request is stamped with. */
    readonly now: Date;
    readonly log: Logger;
}

/** Largest body accepted: a request is three short fields. */
export const MAX_BODY_BYTES = 4096;
const BODY_FIELDS = new Set(["requestId", "product", "since"]);

/** A JSON response, the shape API Gateway's proxy integration expects. */
function respond(statusCode: number, body: Record<string, unknown>): APIGatewayProxyResult {
    return { statusCode, headers: { "Content-Type": "application/json", "Cache-Control": "no-store" }, body: JSON.stringify(body) };
}

/** A field name as an error shows it: quoted and cut short, since it comes from the caller. */
const shownField = (name: string): string => JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name);

/**
 * The request in a body, or every reason it is malformed.
 * @returns `{ request }` when valid, `{ problems }` (for a 400) otherwise
 */
export function parseRequestBody(body: string | null | undefined, isBase64Encoded = false): { request: PartnerRequest } | { problems: string[] } {
    if (body === null || body === undefined || body === "") {
        return { problems: ['the body is empty: send a JSON object { "requestId": "...", "product": "...", "since": "...(optional)" }'] };
    }
    const text = isBase64Encoded ? Buffer.from(body, "base64").toString("utf8") : body;
    if (Buffer.byteLength(text, "utf8") > MAX_BODY_BYTES) {
        return { problems: [`the body is larger than ${MAX_BODY_BYTES} bytes`] };
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch {
        return { problems: ["the body is not valid JSON"] };
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        return { problems: ['the body must be a JSON object { "requestId": "...", "product": "...", "since": "...(optional)" }'] };
    }
    const fields = parsed as Record<string, unknown>;
    const problems: string[] = [];
    const unknown = Object.keys(fields).filter((k) => !BODY_FIELDS.has(k));
    if (unknown.length > 0) {
        problems.push(`unexpected field(s) ${unknown.slice(0, 5).map(shownField).join(", ")}: only requestId, product and since are accepted`);
    }
    if (fields.requestId === undefined) {
        problems.push("requestId is missing: choose a unique id per request, e.g. a UUID");
    } else if (typeof fields.requestId !== "string" || !REQUEST_ID.test(fields.requestId)) {
        problems.push("requestId must be a string of 8 to 64 letters, digits or '-' (a UUID fits)");
    }
    if (fields.product === undefined) {
        problems.push("product is missing: name the data product you want");
    } else if (typeof fields.product !== "string" || fields.product.trim() === "") {
        problems.push("product must be a non-empty string");
    }
    let since: Date | undefined;
    if (fields.since !== undefined) {
        since = parseTimestamp(fields.since);
        if (!since) {
            problems.push('since must be an ISO 8601 timestamp with a zone, e.g. "2024-05-01T00:00:00Z"');
        }
    }
    if (problems.length > 0) {
        return { problems };
    }
    return {
        request: {
            requestId: fields.requestId as string,
            product: fields.product as string,
            ...(since ? { since: since.toISOString() } : {}),
        },
    };
}

/** Whether a stored item records the same request (a retry), rather than another one reusing the id. */
function sameRequest(item: ControlItem, partner: Partner, request: PartnerRequest): boolean {
    return item.partner === partner.name && item.product === request.product && item.since === request.since;
}

/** The item the partner already stored under the id: from the failed condition when DynamoDB returned it, else read back. */
async function existingItem(deps: ReceiverDeps, partner: string, requestId: string, err: ConditionalCheckFailedException): Promise<ControlItem | undefined> {
    let attributes: Record<string, AttributeValue> | undefined = err.Item;
    if (!attributes) {
        const read = await deps.dynamo.send(new GetItemCommand({ TableName: deps.config.table, Key: controlKey(partner, requestId), ConsistentRead: true }));
        attributes = read.Item;
    }
    return attributes ? fromAttributes(attributes) : undefined;
}

/**
 * Handles one API request: 202 `{ requestId, status }` when recorded (or when it repeats
 * a request already recorded: the existing status is returned, nothing is written), 400
 * for a malformed body, 403 for a key of no partner, a partner whose access has ended or
 * a product not shared with it, 409 for a request id the same partner already used for
 * another request. Ids are per partner: another partner's use of an id is neither a
 * conflict nor visible.
 */
export async function receive(event: APIGatewayProxyEvent, deps: ReceiverDeps): Promise<APIGatewayProxyResult> {
    const { config, log, now } = deps;
    const apiKeyId = event.requestContext?.identity?.apiKeyId ?? undefined;
    const partner = partnerByApiKey(config.partners, apiKeyId);
    if (!partner) {
        log("warn", "request.refused", { reason: "unknown-api-key", apiKeyId: apiKeyId ?? null });
        return respond(403, { message: "Forbidden: this API key belongs to no registered partner" });
    }
    if (accessEnded(partner, now)) {
        log("warn", "request.refused", { reason: "access-ended", partner: partner.name });
        return respond(403, { message: "Forbidden: your access to this API has ended" });
    }
    const parsed = parseRequestBody(event.body, event.isBase64Encoded);
    if ("problems" in parsed) {
        // The problems name fields, never their values: the body itself is not logged.
        log("warn", "request.malformed", { partner: partner.name, problems: parsed.problems });
        return respond(400, { message: "Bad request: the body is malformed", problems: parsed.problems });
    }
    const request = parsed.request;
    if (!mayReceive(partner, request.product)) {
        log("warn", "request.refused", { reason: "product-not-shared", partner: partner.name, requestId: request.requestId });
        return respond(403, { message: `Forbidden: product ${shownField(request.product)} is not shared with you` });
    }

    const item = newRequest({ ...request, partner: partner.name }, now, config.ttlDays);
    // Two tries: an item found by the condition may have expired (TTL) before it is read back.
    for (let attempt = 1; attempt <= 2; attempt++) {
        try {
            await deps.dynamo.send(
                new PutItemCommand({
                    TableName: config.table,
                    Item: toAttributes(item),
                    // The key is (partner, requestId): only this partner's own item can exist.
                    ConditionExpression: "attribute_not_exists(requestId)",
                    ReturnValuesOnConditionCheckFailure: "ALL_OLD",
                }),
            );
            log("info", "request.accepted", { partner: partner.name, requestId: item.requestId, product: item.product });
            return respond(202, { requestId: item.requestId, status: item.status });
        } catch (err) {
            if (!(err instanceof ConditionalCheckFailedException)) {
                throw err;
            }
            const existing = await existingItem(deps, partner.name, item.requestId, err);
            if (!existing) {
                continue;
            }
            if (!sameRequest(existing, partner, request)) {
                log("warn", "request.conflict", { reason: "id-reused", partner: partner.name, requestId: item.requestId });
                return respond(409, { message: "Conflict: you already used this requestId for a different product or since; choose another" });
            }
            log("info", "request.repeated", { partner: partner.name, requestId: item.requestId, status: existing.status });
            return respond(202, { requestId: existing.requestId, status: existing.status });
        }
    }
    throw new Error(`request ${item.requestId}: the control table reported it exists, then returned no item twice`);
}

let dynamo: DynamoDBClient | undefined;

/**
 * Lambda entry (API Gateway REST proxy integration). Configuration comes from the
 * environment (see {@link receiverConfig}); any unexpected failure is logged and answered
 * with a 500 that reveals nothing about the cause.
 */
export async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
    try {
        dynamo ??= new DynamoDBClient({});
        return await receive(event, { dynamo, config: receiverConfig(process.env), now: new Date(), log: consoleLogger });
    } catch (err) {
        consoleLogger("error", "request.failed", { error: describeError(err), awsRequestId: event.requestContext?.requestId });
        return respond(500, { message: "Internal error: the request was not recorded; retry with the same requestId" });
    }
}
