import * as pulumi from "@pulumi/pulumi";
import { AccountNames } from "../../core/naming";
import { PolicyDocument, PolicyStatement, policyDocument } from "../../core/policy/document";
import { serviceTrustPolicy } from "../../core/policy/trust";

/**
 * What the access expiry function may do: list and revoke Lake Formation permissions (Lake
 * Formation authorizes these by admin status, not by IAM resource, so they take `*`), and
 * deauthorize exactly the datashares it was given.
 */
export function expiryFunctionPolicy(datashareArns: readonly pulumi.Input<string>[]): PolicyDocument {
    const statements: PolicyStatement[] = [
        {
            Sid: "RevokeLakeFormationPermissions",
            Effect: "Allow",
            Action: ["lakeformation:ListPermissions", "lakeformation:BatchRevokePermissions"],
            Resource: "*",
        },
    ];
    if (datashareArns.length > 0) {
        statements.push({ Sid: "DeauthorizeConsumersDatashares", Effect: "Allow", Action: "redshift:DeauthorizeDataShare", Resource: [...datashareArns] });
    }
    return policyDocument(statements);
}

/**
 * EventBridge Scheduler may assume the role only for schedules of this account's default
 * schedule group, where the expiry schedules live (confused deputy; see core/policy/trust).
 */
export function schedulerTrustPolicy(names: AccountNames): PolicyDocument {
    return serviceTrustPolicy("scheduler.amazonaws.com", { account: names.account.accountId, sourceArn: names.arn("scheduler", "schedule-group/default") });
}

/** The scheduler's role invokes the expiry function and nothing else. */
export function schedulerInvokePolicy(functionArn: pulumi.Input<string>): PolicyDocument {
    return policyDocument([{ Sid: "InvokeAccessExpiry", Effect: "Allow", Action: "lambda:InvokeFunction", Resource: functionArn }]);
}
