import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccountNames } from "../../core/naming";
import { policyJson } from "../../core/policy/document";
import { logsKeyGrant } from "../../core/policy/key-policy";
import { KmsKey } from "../kms-key";
import { ScopedFunction } from "../lambda/scoped-function";
import { ExpiryEvent } from "./handlers/revoke";
import { expiryFunctionPolicy, schedulerInvokePolicy, schedulerTrustPolicy } from "./policies";

/** A consumer whose access this account ends on a date, and what it holds here. */
export interface ExpiringConsumer {
    /** Consumer name of the topology; names its schedule. */
    readonly name: string;
    /** The consumer's AWS account, whose grants the function revokes. */
    readonly accountId: string;
    /** Its IAM principals this account grants directly, if any. @default [] */
    readonly principals?: readonly string[];
    /** Datashares this account authorized to the consumer's account. @default [] */
    readonly datashareArns?: readonly pulumi.Input<string>[];
    /** The instant access ends (`accessEndsAt`). */
    readonly endsAt: Date;
}

export interface AccessExpiryArgs {
    /** Names of the granting account. */
    names: AccountNames;
    /** Active consumers with an end date, each granted something by this account. */
    consumers: readonly ExpiringConsumer[];
    /** Protect the function's key from deletion (it encrypts its logs). */
    protect: boolean;
}

/**
 * Ends each consumer's Lake Formation grants and datashare authorizations in this account
 * on its end date, whether or not anyone runs `pulumi up` then: one EventBridge Scheduler
 * one-time schedule per consumer invokes the revoking function (handlers/revoke.ts) at
 * `accessEndsAt`. IAM-evaluated policies end by themselves (`aws:CurrentTime`); these do
 * not. The function's role must be a Lake Formation admin of the account to revoke what the
 * stack granted: add `functionRoleArn` to the account's data lake admins.
 */
export class AccessExpiry extends pulumi.ComponentResource {
    /** The revoking function's role, for the account's Lake Formation admins. */
    public readonly functionRoleArn: pulumi.Output<string>;
    /** One schedule per consumer, by consumer name. */
    public readonly schedules: Record<string, aws.scheduler.Schedule> = {};

    constructor(name: string, args: AccessExpiryArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:access:AccessExpiry", name, {}, opts);
        const { names } = args;
        const datashares = args.consumers.flatMap((c) => c.datashareArns ?? []);
        // Its own key: the governance account has no other, and logs of revocations outlive any one product.
        const key = new KmsKey(
            name,
            {
                alias: names.keyAlias("access-expiry"),
                description: `Access expiry function's environment and logs (${names.prefix})`,
                ownerAccountId: names.account.accountId,
                partition: names.partition,
                grants: [logsKeyGrant(names)],
                protect: args.protect,
            },
            { parent: this },
        );
        const revoker = new ScopedFunction(
            name,
            {
                names,
                purpose: "access-expiry",
                description: "Ends consumers' Lake Formation grants and datashare authorizations on their end dates",
                entry: "components/access-expiry/handlers/revoke.ts",
                environment: {},
                policy: expiryFunctionPolicy(datashares),
                kmsKeyArn: key.arn,
                timeoutSeconds: 300,
            },
            { parent: this },
        );
        this.functionRoleArn = revoker.role.arn;
        const role = new aws.iam.Role(
            `${name}-scheduler`,
            {
                name: names.role("access-expiry-scheduler"),
                description: "EventBridge Scheduler invokes the access expiry function",
                assumeRolePolicy: policyJson(schedulerTrustPolicy(names)),
            },
            { parent: this },
        );
        const invoke = new aws.iam.RolePolicy(
            `${name}-scheduler`,
            { role: role.name, name: "invoke-access-expiry", policy: policyJson(schedulerInvokePolicy(revoker.function.arn)) },
            { parent: this },
        );
        for (const consumer of args.consumers) {
            const input: pulumi.Input<ExpiryEvent> = pulumi.output(consumer.datashareArns ?? []).apply((datashareArns) => ({
                consumer: consumer.name,
                accountId: consumer.accountId,
                principals: [...(consumer.principals ?? [])],
                datashareArns,
            }));
            this.schedules[consumer.name] = new aws.scheduler.Schedule(
                `${name}-${consumer.name}`,
                {
                    name: names.name("generic", "access-ends", consumer.name),
                    description: `Ends ${consumer.name}'s access granted by this account, at its end date`,
                    scheduleExpression: atExpression(consumer.endsAt),
                    scheduleExpressionTimezone: "UTC",
                    flexibleTimeWindow: { mode: "OFF" },
                    target: {
                        arn: revoker.function.arn,
                        roleArn: role.arn,
                        input: pulumi.output(input).apply((i) => JSON.stringify(i)),
                        // A failed run (a grant still listed) is retried for a day.
                        retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 86400 },
                    },
                },
                { parent: this, dependsOn: [invoke] },
            );
        }
        this.registerOutputs({ functionRoleArn: this.functionRoleArn });
    }
}

/** EventBridge Scheduler's one-time expression, to the second, in UTC: `at(2028-01-01T00:00:00)`. */
export function atExpression(instant: Date): string {
    return `at(${instant.toISOString().slice(0, 19)})`;
}
