import type { AttributeValue } from "@aws-sdk/client-dynamodb";

/**
 * The control table both functions share: one item per partner request, keyed by the
 * partner's name (hash, S) and its `requestId` (range, S), so each partner has its own id
 * space: no partner can take, or learn of, another's ids. Found by the poller through a global secondary index on `status` (hash)
 * and `createdAt` (range), and removed by DynamoDB's TTL on `expiresAt` (epoch seconds).
 */

/** Where a request stands. Only PENDING requests are ever acted on. */
export type RequestStatus = "PENDING" | "DELIVERED" | "REFUSED";

/** The one status the poller looks for, and every state change is conditioned on. */
export const PENDING: RequestStatus = "PENDING";

/** A request id the partner chooses (a UUID fits): it is the idempotency key of its request. */
export const REQUEST_ID = /^[A-Za-z0-9-]{8,64}$/;

/** One request, as stored. */
export interface ControlItem {
    /** Partner-chosen id, the table's range key. */
    readonly requestId: string;
    /** Name of the partner that sent it (from the registry, never from the body), the table's hash key. */
    readonly partner: string;
    /** Requested data product. */
    readonly product: string;
    /** ISO timestamp: only objects modified at or after it are sent. */
    readonly since?: string;
    readonly status: RequestStatus;
    /** ISO timestamp of acceptance; the status index's range key. */
    readonly createdAt: string;
    /** Epoch seconds after which DynamoDB's TTL removes the item. */
    readonly expiresAt: number;
    /** Failed delivery attempts so far. */
    readonly attempts: number;
    /** Why the last attempt failed. */
    readonly lastError?: string;
    /** ISO timestamp of the last failed attempt. */
    readonly lastAttemptAt?: string;
    /** ISO timestamp of delivery. */
    readonly deliveredAt?: string;
    /** How many download links were sent. */
    readonly objectCount?: number;
    /** ISO timestamp of the refusal. */
    readonly refusedAt?: string;
    /** Why the request was refused. */
    readonly refusedReason?: string;
}

const STATUSES: readonly RequestStatus[] = ["PENDING", "DELIVERED", "REFUSED"];
const STRING_FIELDS = [
    "requestId",
    "partner",
    "product",
    "since",
    "status",
    "createdAt",
    "lastError",
    "lastAttemptAt",
    "deliveredAt",
    "refusedAt",
    "refusedReason",
] as const;
const NUMBER_FIELDS = ["expiresAt", "attempts", "objectCount"] as const;

/** Hash and range key attributes of the table. */
export const CONTROL_KEY = { hash: "partner", range: "requestId" } as const;

/** The table key of a partner's request. */
export function controlKey(partner: string, requestId: string): Record<string, AttributeValue> {
    return { [CONTROL_KEY.hash]: { S: partner }, [CONTROL_KEY.range]: { S: requestId } };
}

/** A newly accepted request: PENDING, no attempts, expiring `ttlDays` after `now`. */
export function newRequest(request: { requestId: string; partner: string; product: string; since?: string }, now: Date, ttlDays: number): ControlItem {
    return {
        requestId: request.requestId,
        partner: request.partner,
        product: request.product,
        ...(request.since === undefined ? {} : { since: request.since }),
        status: PENDING,
        createdAt: now.toISOString(),
        expiresAt: Math.floor(now.getTime() / 1000) + Math.round(ttlDays * 24 * 60 * 60),
        attempts: 0,
    };
}

/** The item in DynamoDB's attribute-value form; absent optional fields are left out. */
export function toAttributes(item: ControlItem): Record<string, AttributeValue> {
    const out: Record<string, AttributeValue> = {};
    for (const field of STRING_FIELDS) {
        const value = item[field];
        if (value !== undefined) {
            out[field] = { S: value };
        }
    }
    for (const field of NUMBER_FIELDS) {
        const value = item[field];
        if (value !== undefined) {
            out[field] = { N: String(value) };
        }
    }
    return out;
}

/**
 * A stored item read back.
 * @throws Error naming the item and field when a required field is missing or has the wrong type
 */
export function fromAttributes(attributes: Record<string, AttributeValue>): ControlItem {
    const id = attributes.requestId?.S ?? "(no requestId)";
    const text = (field: string): string | undefined => {
        const value = attributes[field];
        if (value === undefined) {
            return undefined;
        }
        if (value.S === undefined) {
            throw new Error(`control item ${id}: ${field} is not a string`);
        }
        return value.S;
    };
    const number = (field: string): number | undefined => {
        const value = attributes[field];
        if (value === undefined) {
            return undefined;
        }
        const n = value.N === undefined ? NaN : Number(value.N);
        if (!Number.isFinite(n)) {
            throw new Error(`control item ${id}: ${field} is not a number`);
        }
        return n;
    };
    const required = <T>(field: string, value: T | undefined): T => {
        if (value === undefined) {
            throw new Error(`control item ${id}: ${field} is missing (does the status index project all attributes?)`);
        }
        return value;
    };
    const status = required("status", text("status"));
    if (!STATUSES.includes(status as RequestStatus)) {
        throw new Error(`control item ${id}: status ${JSON.stringify(status)} is not one of ${STATUSES.join(", ")}`);
    }
    const item: Record<string, unknown> = {
        requestId: required("requestId", text("requestId")),
        partner: required("partner", text("partner")),
        product: required("product", text("product")),
        status,
        createdAt: required("createdAt", text("createdAt")),
        expiresAt: required("expiresAt", number("expiresAt")),
        attempts: number("attempts") ?? 0,
    };
    for (const field of ["since", "lastError", "lastAttemptAt", "deliveredAt", "refusedAt", "refusedReason"]) {
        const value = text(field);
        if (value !== undefined) {
            item[field] = value;
        }
    }
    const objectCount = number("objectCount");
    if (objectCount !== undefined) {
        item.objectCount = objectCount;
    }
    return item as unknown as ControlItem;
}
