import type { APIGatewayProxyEvent } from "aws-lambda";
import type { LogLevel, Logger } from "../../../../../core/lambda/log";

/** The instant the tests run at. */
export const NOW = new Date("2025-03-01T12:00:00Z");

/** Three partners: one active, one whose access ended yesterday, one that ends in a week. */
export const PARTNERS = [
    { name: "acme", apiKeyId: "key-acme", email: "data@acme.example", products: ["transaction_logs", "sales"] },
    { name: "former", apiKeyId: "key-former", email: "data@former.example", products: ["sales"], accessEndsAt: "2025-02-28T12:00:00Z" },
    { name: "globex", apiKeyId: "key-globex", email: "feeds@globex.example", products: ["sales"], accessEndsAt: "2025-03-08" },
];

export const TABLE = "partner-api-control";
export const STATUS_INDEX = "status-createdAt";
export const BUCKET = "external-published-datasets";
export const SENDER = "data-sharing@producer.example";
export const IDENTITY_ARN = "arn:aws:ses:eu-west-1:222222222222:identity/producer.example";
export const SIGNER_ROLE_ARN = "arn:aws:iam::222222222222:role/datasharing-partner-api-link-signer";

/** The receiver's environment. */
export const receiverEnv = (): Record<string, string> => ({ CONTROL_TABLE: TABLE, PARTNERS: JSON.stringify(PARTNERS), REQUEST_TTL_DAYS: "7" });

/** The poller's environment. */
export const pollerEnv = (): Record<string, string> => ({
    CONTROL_TABLE: TABLE,
    STATUS_INDEX,
    PARTNERS: JSON.stringify(PARTNERS),
    RESULTS_BUCKET: BUCKET,
    SENDER_ADDRESS: SENDER,
    SES_IDENTITY_ARN: IDENTITY_ARN,
    URL_EXPIRY_SECONDS: "900",
    SIGNER_ROLE_ARN: SIGNER_ROLE_ARN,
});

/** An API Gateway proxy event as the REST API sends it after checking the API key. */
export function apiEvent(apiKeyId: string | null, body: unknown): APIGatewayProxyEvent {
    return {
        body: typeof body === "string" || body === null ? (body as string | null) : JSON.stringify(body),
        isBase64Encoded: false,
        httpMethod: "POST",
        path: "/requests",
        resource: "/requests",
        headers: { "Content-Type": "application/json" },
        multiValueHeaders: {},
        queryStringParameters: null,
        multiValueQueryStringParameters: null,
        pathParameters: null,
        stageVariables: null,
        requestContext: {
            requestId: "gw-request-1",
            identity: { apiKeyId, sourceIp: "198.51.100.7" },
        } as unknown as APIGatewayProxyEvent["requestContext"],
    };
}

/** A logger that keeps its lines, to assert on them (and on what they never hold). */
export function captureLog(): { log: Logger; lines: { level: LogLevel; event: string; fields: Record<string, unknown> }[]; text: () => string } {
    const lines: { level: LogLevel; event: string; fields: Record<string, unknown> }[] = [];
    return {
        log: (level, event, fields = {}) => lines.push({ level, event, fields }),
        lines,
        text: () => JSON.stringify(lines),
    };
}

/** The fake control table's key of a partner's request (hash `partner`, range `requestId`). */
export const key = (requestId: string, partner = "acme"): string => `${partner}|${requestId}`;
