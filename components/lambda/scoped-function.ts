import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { lambdaCode } from "../../core/lambda/code-asset";
import { LAMBDA_HANDLER } from "../../core/lambda/handler-entry";
import { AccountNames } from "../../core/naming";
import { PolicyDocument, policyJson } from "../../core/policy/document";
import { serviceTrustPolicy } from "../../core/policy/trust";
import { functionRuntimePolicy } from "./runtime-policy";

/**
 * Lambda runtime of every function. Not nodejs20.x: Lambda deprecated it on 2026-04-30 and
 * blocks creating functions with it from 2026-08-31 (updates from 2026-09-30), so a first
 * `pulumi up` would fail. nodejs24.x is supported until 2028-04-30; the packaged code is
 * CommonJS ES2022 with async handlers only, which it runs unchanged.
 */
export const LAMBDA_RUNTIME = "nodejs24.x";

/** Lambda's limit on all environment variables of a function together (keys and values). */
export const ENVIRONMENT_LIMIT_BYTES = 4096;

/** The variables, if Lambda will take them. @throws Error naming the function and the largest variables when they exceed 4 KB */
export function checkEnvironmentSize(functionName: string, variables: Record<string, string>): Record<string, string> {
    const size = (k: string, v: string) => Buffer.byteLength(k, "utf8") + Buffer.byteLength(v, "utf8");
    const total = Object.entries(variables).reduce((sum, [k, v]) => sum + size(k, v), 0);
    if (total > ENVIRONMENT_LIMIT_BYTES) {
        const largest = Object.entries(variables)
            .sort(([ka, va], [kb, vb]) => size(kb, vb) - size(ka, va))
            .slice(0, 2)
            .map(([k, v]) => `${k} (${size(k, v)} bytes)`);
        throw new Error(`${functionName}: environment variables take ${total} bytes, over Lambda's ${ENVIRONMENT_LIMIT_BYTES}; largest: ${largest.join(", ")}`);
    }
    return variables;
}

export interface ScopedFunctionArgs {
    /** Names of the owning account: function, role, log group and schedule names come from it. */
    names: AccountNames;
    /** Purpose in physical names, e.g. "partner-api-receiver". */
    purpose: string;
    /** What the function does, shown in the console. */
    description: string;
    /** The handler's `.ts` file, relative to the project root (packaged by `lambdaCode`). */
    entry: string;
    /** Environment variables (the handler's contract). */
    environment: Record<string, pulumi.Input<string>>;
    /** The function's own grants, beside its runtime needs (logs, traces, environment key). */
    policy: pulumi.Input<PolicyDocument>;
    /** Customer key for the environment variables and the log group. */
    kmsKeyArn: pulumi.Input<string>;
    /**
     * Concurrent executions reserved (and allowed at most). Lambda keeps a share of the
     * account's concurrency unreserved, so on an account at the new-account quota (10) any
     * reservation fails the deploy: reserve only where the account's quota allows.
     * @default undefined (no reservation)
     */
    reservedConcurrency?: number;
    /** Seconds before Lambda stops a run. @default 30 */
    timeoutSeconds?: number;
    /** Memory in MB. @default 256 */
    memorySize?: number;
    /** Active X-Ray tracing. @default true */
    tracing?: boolean;
    /** Days the function's logs are kept. @default 365 */
    logRetentionDays?: number;
    /**
     * EventBridge schedule expression that invokes the function, e.g. "rate(5 minutes)".
     * @default undefined (not scheduled)
     */
    schedule?: string;
    /**
     * Run in these subnets of a VPC, e.g. a network perimeter's sharing subnets, so every call
     * the function makes leaves through that VPC's routes. @default undefined (Lambda's own network)
     */
    vpc?: FunctionVpc;
}

/** Where a function's network interfaces go. */
export interface FunctionVpc {
    /** The VPC the function runs in. */
    readonly vpcId: pulumi.Input<string>;
    /** Subnets of that VPC for the function's network interfaces. */
    readonly subnetIds: pulumi.Input<string>[];
    /** Security groups of those interfaces: what the function may reach. */
    readonly securityGroupIds: pulumi.Input<string>[];
}

/**
 * A Lambda function with a role of its own (trusted by Lambda only) whose grants are its
 * runtime needs plus the caller's policy, logging to its own KMS-encrypted log group,
 * environment encrypted with a customer key, on arm64, with reserved concurrency, and
 * optionally invoked on a schedule by an EventBridge rule that alone may invoke it.
 */
export class ScopedFunction extends pulumi.ComponentResource {
    /** The function. */
    public readonly function: aws.lambda.Function;
    /** Its execution role, used by nothing else. */
    public readonly role: aws.iam.Role;
    /** Its log group. */
    public readonly logGroup: aws.cloudwatch.LogGroup;
    /** Physical function name, known before deploy. */
    public readonly functionName: string;
    /** The schedule rule, when scheduled. */
    public readonly scheduleRule?: aws.cloudwatch.EventRule;

    constructor(name: string, args: ScopedFunctionArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:lambda:ScopedFunction", name, {}, opts);
        const parent = { parent: this };
        const { names } = args;
        const tracing = args.tracing ?? true;
        this.functionName = names.name("lambda-function", args.purpose);

        this.logGroup = new aws.cloudwatch.LogGroup(
            name,
            { name: names.lambdaLogGroup(this.functionName), kmsKeyId: args.kmsKeyArn, retentionInDays: args.logRetentionDays ?? 365 },
            parent,
        );
        this.role = new aws.iam.Role(
            name,
            {
                name: names.role(args.purpose),
                description: args.description,
                assumeRolePolicy: policyJson(serviceTrustPolicy("lambda.amazonaws.com", { account: names.account.accountId })),
            },
            parent,
        );
        const runtime = new aws.iam.RolePolicy(
            `${name}-runtime`,
            {
                role: this.role.name,
                name: "runtime",
                policy: policyJson(
                    functionRuntimePolicy({ names, functionName: this.functionName, environmentKeyArn: args.kmsKeyArn, tracing, vpcId: args.vpc?.vpcId }),
                ),
            },
            parent,
        );
        const grants = new aws.iam.RolePolicy(`${name}-grants`, { role: this.role.name, name: args.purpose, policy: policyJson(args.policy) }, parent);

        this.function = new aws.lambda.Function(
            name,
            {
                name: this.functionName,
                description: args.description,
                role: this.role.arn,
                runtime: LAMBDA_RUNTIME,
                architectures: ["arm64"],
                handler: LAMBDA_HANDLER,
                code: lambdaCode(args.entry),
                timeout: args.timeoutSeconds ?? 30,
                memorySize: args.memorySize ?? 256,
                reservedConcurrentExecutions: args.reservedConcurrency,
                kmsKeyArn: args.kmsKeyArn,
                environment: { variables: pulumi.output(args.environment).apply((v) => checkEnvironmentSize(this.functionName, v)) },
                tracingConfig: { mode: tracing ? "Active" : "PassThrough" },
                loggingConfig: { logFormat: "JSON", logGroup: this.logGroup.name },
                vpcConfig: args.vpc ? { subnetIds: args.vpc.subnetIds, securityGroupIds: args.vpc.securityGroupIds } : undefined,
            },
            // The first invocation must find its log group and its permissions in place.
            { parent: this, dependsOn: [this.logGroup, runtime, grants] },
        );

        if (args.schedule !== undefined) {
            this.scheduleRule = new aws.cloudwatch.EventRule(
                name,
                { name: names.name("generic", args.purpose), description: `Runs ${this.functionName} on ${args.schedule}`, scheduleExpression: args.schedule },
                parent,
            );
            new aws.cloudwatch.EventTarget(
                name,
                // A missed run is made up by the next one: no retries piling up behind it.
                { rule: this.scheduleRule.name, arn: this.function.arn, retryPolicy: { maximumRetryAttempts: 0, maximumEventAgeInSeconds: 60 } },
                parent,
            );
            new aws.lambda.Permission(
                `${name}-schedule`,
                {
                    function: this.function.name,
                    action: "lambda:InvokeFunction",
                    principal: "events.amazonaws.com",
                    sourceArn: this.scheduleRule.arn,
                    sourceAccount: names.account.accountId,
                },
                parent,
            );
        }
        this.registerOutputs({ functionName: this.functionName, roleArn: this.role.arn });
    }
}
