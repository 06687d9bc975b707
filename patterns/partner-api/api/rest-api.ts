import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import { AccountNames } from "../../../core/naming";
import { policyJson } from "../../../core/policy/document";
import { serviceTrustPolicy } from "../../../core/policy/trust";
import { REQUEST_ID } from "./handlers/control-table";
import { ThrottleSettings } from "./partners";
import { apiGatewayLoggingPolicy, sourceNetworkPolicy } from "./policies";

/**
 * Enhanced API Gateway security policies this component accepts, with the lowest TLS
 * version each negotiates. API Gateway endpoints answer HTTPS only (there is no plain HTTP
 * listener), but a REGIONAL API's default execute-api endpoint negotiates with the legacy
 * TLS_1_0 policy (TLS 1.0 accepted) unless the API sets one of these. A custom domain gets
 * the same policy: API Gateway negotiates with the API's policy anyway, and AWS advises
 * keeping the two equal.
 */
export const TLS_MINIMUM = {
    /** TLS 1.2 and 1.3, forward secrecy, hybrid post-quantum key exchange. */
    SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09: "1.2",
    /** TLS 1.3 only. */
    SecurityPolicy_TLS13_1_3_2025_09: "1.3",
} as const;

export type ApiSecurityPolicy = keyof typeof TLS_MINIMUM;

/** The API's one route. */
export const REQUESTS_PATH = "requests";

/**
 * JSON schema (draft 4, as API Gateway models take it) of a request body: `requestId`,
 * a `product` some partner may request, and an optional `since`; nothing else. The
 * receiver checks the body again, and checks the product against the caller's own list.
 */
export function requestSchema(products: readonly string[]): Record<string, unknown> {
    if (products.length === 0) {
        throw new Error("the request model needs at least one product");
    }
    return {
        $schema: "http://json-schema.org/draft-04/schema#",
        title: "PartnerRequest",
        type: "object",
        additionalProperties: false,
        required: ["requestId", "product"],
        properties: {
            requestId: { type: "string", pattern: REQUEST_ID.source },
            product: { type: "string", enum: [...products] },
            since: { type: "string", minLength: 20, maxLength: 40 },
        },
    };
}

/** Access log line: who (API key), from where, what, and over which TLS version. */
export const ACCESS_LOG_FORMAT = JSON.stringify({
    requestId: "$context.requestId",
    apiKeyId: "$context.identity.apiKeyId",
    sourceIp: "$context.identity.sourceIp",
    userAgent: "$context.identity.userAgent",
    requestTime: "$context.requestTime",
    domainName: "$context.domainName",
    httpMethod: "$context.httpMethod",
    resourcePath: "$context.resourcePath",
    status: "$context.status",
    responseLength: "$context.responseLength",
    integrationStatus: "$context.integration.status",
    error: "$context.error.message",
    tlsVersion: "$context.tlsVersion",
    cipherSuite: "$context.cipherSuite",
});

/** A custom domain for the API. */
export interface CustomDomain {
    /** The host name, e.g. "data-api.producer.example". */
    readonly domainName: string;
    /** ACM certificate for the host name, in the API's region. */
    readonly certificateArn: pulumi.Input<string>;
    /** Path the API is mapped under. @default "" (the domain's root) */
    readonly basePath?: string;
    /** Refuse calls to the default execute-api endpoint (403), so every call goes through the domain. @default true */
    readonly disableDefaultEndpoint?: boolean;
}

export interface PartnerRestApiArgs {
    /** Names of the owning account. */
    names: AccountNames;
    /** The receiver's function name, for the invoke permission. */
    receiverFunctionName: pulumi.Input<string>;
    /** The receiver's invoke ARN, for the proxy integration. */
    receiverInvokeArn: pulumi.Input<string>;
    /** Products some partner may request (the request model's enum). */
    products: readonly string[];
    /** Stage name, e.g. "v1". */
    stageName: string;
    /** Stage-wide throttle, above every partner's own. */
    throttle: ThrottleSettings;
    /** Security policy of the endpoints. */
    securityPolicy: ApiSecurityPolicy;
    /** Custom domain. @default undefined (the default execute-api endpoint only) */
    customDomain?: CustomDomain;
    /** Networks allowed to call (the partners' proxies). @default undefined (any network; the API key still applies) */
    allowedSourceCidrs?: readonly string[];
    /** X-Ray tracing on the stage. */
    tracing: boolean;
    /** Customer key of the log groups. */
    kmsKeyArn: pulumi.Input<string>;
    /** Days logs are kept. */
    logRetentionDays: number;
    /**
     * Set the account's API Gateway CloudWatch role, which stage logging needs. It is one
     * setting per account and region, shared by every API there: when on, the role may write
     * every log group of the account and region, so other APIs keep logging, and the setting
     * and role are kept when this stack is destroyed. Off, the account's role is left alone
     * and must already be set.
     */
    manageAccountLoggingRole: boolean;
}

/**
 * The partner-facing REST API (pattern 5, steps 1 to 3): REGIONAL, TLS 1.2 or later, one
 * `POST /requests` that requires an API key and a body matching the request model, proxied
 * to the receiver; a stage with JSON access logs in a KMS-encrypted log group, throttling
 * and metrics; optionally a custom domain.
 */
export class PartnerRestApi extends pulumi.ComponentResource {
    /** The REST API. */
    public readonly restApi: aws.apigateway.RestApi;
    /** The POST method. */
    public readonly method: aws.apigateway.Method;
    /** The stage. */
    public readonly stage: aws.apigateway.Stage;
    /** The custom domain, when there is one. */
    public readonly domain?: aws.apigateway.DomainName;
    /** The URL partners POST to. */
    public readonly requestsUrl: pulumi.Output<string>;
    /** Physical name of the API. */
    public readonly apiName: string;

    constructor(name: string, args: PartnerRestApiArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:partner-api:PartnerRestApi", name, {}, opts);
        const parent = { parent: this };
        const { names, stageName } = args;
        this.apiName = names.name("generic", "partner-api");
        const disableDefault = args.customDomain !== undefined && (args.customDomain.disableDefaultEndpoint ?? true);
        const resourcePolicy = args.allowedSourceCidrs ? JSON.stringify(sourceNetworkPolicy(args.allowedSourceCidrs)) : undefined;

        this.restApi = new aws.apigateway.RestApi(
            name,
            {
                name: this.apiName,
                description: "Partner data requests (pattern 5): POST /requests with an API key",
                endpointConfiguration: { types: "REGIONAL" },
                apiKeySource: "HEADER",
                securityPolicy: args.securityPolicy,
                // Requests must come to the endpoint type and host name they were meant for.
                endpointAccessMode: "STRICT",
                disableExecuteApiEndpoint: disableDefault,
                ...(resourcePolicy ? { policy: resourcePolicy } : {}),
            },
            parent,
        );
        const restApi = this.restApi.id;

        const resource = new aws.apigateway.Resource(name, { restApi, parentId: this.restApi.rootResourceId, pathPart: REQUESTS_PATH }, parent);
        const schema = JSON.stringify(requestSchema(args.products));
        const model = new aws.apigateway.Model(
            name,
            { restApi, name: "PartnerRequest", contentType: "application/json", description: "A partner's data request", schema },
            parent,
        );
        const validator = new aws.apigateway.RequestValidator(
            name,
            { restApi, name: "body", validateRequestBody: true, validateRequestParameters: false },
            parent,
        );
        this.method = new aws.apigateway.Method(
            name,
            {
                restApi,
                resourceId: resource.id,
                httpMethod: "POST",
                authorization: "NONE",
                apiKeyRequired: true,
                requestValidatorId: validator.id,
                requestModels: { "application/json": model.name },
            },
            parent,
        );
        const integration = new aws.apigateway.Integration(
            name,
            {
                restApi,
                resourceId: resource.id,
                httpMethod: this.method.httpMethod,
                type: "AWS_PROXY",
                integrationHttpMethod: "POST",
                uri: args.receiverInvokeArn,
            },
            parent,
        );
        // Only this API's stage and method may invoke the receiver.
        new aws.lambda.Permission(
            `${name}-invoke`,
            {
                function: args.receiverFunctionName,
                action: "lambda:InvokeFunction",
                principal: "apigateway.amazonaws.com",
                sourceArn: restApi.apply((id) => names.arn("execute-api", `${id}/${stageName}/POST/${REQUESTS_PATH}`)),
                sourceAccount: names.account.accountId,
            },
            parent,
        );
        const badBody = new aws.apigateway.Response(
            `${name}-bad-body`,
            {
                restApiId: restApi,
                responseType: "BAD_REQUEST_BODY",
                statusCode: "400",
                responseTemplates: { "application/json": '{"message":"$context.error.validationErrorString"}' },
            },
            parent,
        );

        // A new deployment whenever what it snapshots changes.
        const fingerprint = pulumi
            .all([schema, resourcePolicy ?? "", args.receiverInvokeArn])
            .apply((parts) => createHash("sha256").update(JSON.stringify(parts)).digest("hex"));
        const deployment = new aws.apigateway.Deployment(
            name,
            { restApi, description: "Partner API", triggers: { redeployment: fingerprint } },
            { parent: this, dependsOn: [this.method, integration, model, validator, badBody] },
        );

        const accessLogs = new aws.cloudwatch.LogGroup(
            `${name}-access`,
            { name: `/aws/apigateway/${this.apiName}/${stageName}/access`, kmsKeyId: args.kmsKeyArn, retentionInDays: args.logRetentionDays },
            parent,
        );
        // Created here, not by API Gateway, so that it is encrypted and expires.
        const executionLogs = new aws.cloudwatch.LogGroup(
            `${name}-execution`,
            { name: pulumi.interpolate`API-Gateway-Execution-Logs_${restApi}/${stageName}`, kmsKeyId: args.kmsKeyArn, retentionInDays: args.logRetentionDays },
            parent,
        );
        const stageDependencies: pulumi.Resource[] = [accessLogs, executionLogs];
        if (args.manageAccountLoggingRole) {
            // Every API of the account and region logs through this role once it is set: destroying
            // this stack must neither reset the setting (the provider resets it on delete) nor
            // delete the role under the other APIs.
            const kept = { parent: this, retainOnDelete: true };
            const role = new aws.iam.Role(
                `${name}-cloudwatch`,
                {
                    name: names.role("apigateway-cloudwatch"),
                    description: "API Gateway writes the account's API logs (every API of this region)",
                    assumeRolePolicy: policyJson(serviceTrustPolicy("apigateway.amazonaws.com", { account: names.account.accountId })),
                },
                kept,
            );
            const logging = new aws.iam.RolePolicy(
                `${name}-cloudwatch`,
                { role: role.name, name: "api-logs", policy: policyJson(apiGatewayLoggingPolicy(names)) },
                kept,
            );
            stageDependencies.push(new aws.apigateway.Account(name, { cloudwatchRoleArn: role.arn }, { ...kept, dependsOn: [logging] }));
        }

        this.stage = new aws.apigateway.Stage(
            name,
            {
                restApi,
                deployment: deployment.id,
                stageName,
                description: "Partner API",
                accessLogSettings: { destinationArn: accessLogs.arn, format: ACCESS_LOG_FORMAT },
                xrayTracingEnabled: args.tracing,
            },
            { parent: this, dependsOn: stageDependencies },
        );
        new aws.apigateway.MethodSettings(
            name,
            {
                restApi,
                stageName: this.stage.stageName,
                methodPath: "*/*",
                settings: {
                    throttlingRateLimit: args.throttle.rateLimit,
                    throttlingBurstLimit: args.throttle.burstLimit,
                    metricsEnabled: true,
                    // Errors only, and never request or response bodies.
                    loggingLevel: "ERROR",
                    dataTraceEnabled: false,
                },
            },
            parent,
        );

        if (args.customDomain) {
            const custom = args.customDomain;
            this.domain = new aws.apigateway.DomainName(
                name,
                {
                    domainName: custom.domainName,
                    regionalCertificateArn: custom.certificateArn,
                    endpointConfiguration: { types: "REGIONAL" },
                    securityPolicy: args.securityPolicy,
                    endpointAccessMode: "STRICT",
                },
                parent,
            );
            new aws.apigateway.BasePathMapping(
                name,
                { restApi, stageName: this.stage.stageName, domainName: this.domain.domainName, basePath: custom.basePath },
                parent,
            );
            const path = custom.basePath ? `${custom.basePath}/` : "";
            this.requestsUrl = pulumi.output(`https://${custom.domainName}/${path}${REQUESTS_PATH}`);
        } else {
            this.requestsUrl = pulumi.interpolate`${this.stage.invokeUrl}/${REQUESTS_PATH}`;
        }
        this.registerOutputs({ requestsUrl: this.requestsUrl });
    }
}
