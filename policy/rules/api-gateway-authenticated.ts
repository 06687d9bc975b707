import type { ResourceValidationPolicy } from "@pulumi/policy";
import { UNKNOWN, isTrue, read } from "../lib/values";

/**
 * Every API method a partner can call is authenticated: an authorizer (IAM, Cognito, a
 * Lambda authorizer) or at least an API key. The partner API is called server to server
 * through the partner's proxy, so no method is exempt, CORS preflight (OPTIONS) included.
 * apigatewayv2 routes are not checked: a WebSocket API allows an authorizer on $connect only.
 */
export const apiGatewayAuthenticated: ResourceValidationPolicy = {
    name: "api-gateway-authenticated",
    description: "API Gateway REST methods have authorization other than NONE or require an API key.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: "Set authorization (AWS_IAM, COGNITO_USER_POOLS or CUSTOM with authorizerId) or apiKeyRequired: true on the method.",
    validateResource: (args, reportViolation) => {
        if (args.type === "aws:apigateway/method:Method") {
            const authorization = read(() => args.props.authorization);
            if (authorization !== UNKNOWN && String(authorization ?? "NONE").toUpperCase() === "NONE" && !isTrue(() => args.props.apiKeyRequired)) {
                reportViolation(
                    `API method ${args.name} (${String(read(() => args.props.httpMethod))}) is open to anyone: set authorization to AWS_IAM, COGNITO_USER_POOLS or CUSTOM, or apiKeyRequired: true.`,
                );
            }
        }
    },
};
