import * as pulumi from "@pulumi/pulumi";
import { AccountNames } from "../../core/naming";
import { PolicyDocument, PolicyStatement, policyDocument } from "../../core/policy/document";

/** What every function of this project needs to run: its own log group, X-Ray, its environment key. */
export interface FunctionRuntime {
    /** Names of the owning account: the log group's and the function's ARNs come from it. */
    readonly names: AccountNames;
    /** Physical name of the function. */
    readonly functionName: string;
    /** Key the function's environment variables are encrypted with. */
    readonly environmentKeyArn: pulumi.Input<string>;
    /** Whether active tracing is on (X-Ray segments are sent only then). */
    readonly tracing: boolean;
    /** The VPC the function's network interfaces are in, when it runs in one. @default undefined (no VPC) */
    readonly vpcId?: pulumi.Input<string>;
}

/**
 * Logs to the function's own log group only (the component creates the group, so no
 * `logs:CreateLogGroup`), traces when tracing is on, and decrypts its own environment:
 * Lambda decrypts through a grant for the role, and the encryption context pins the
 * statement to this function's variables.
 */
export function functionRuntimePolicy(r: FunctionRuntime): PolicyDocument {
    const logGroupArn = r.names.logGroupArn(r.names.lambdaLogGroup(r.functionName));
    const statements: PolicyStatement[] = [
        { Sid: "WriteOwnLogGroup", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${logGroupArn}:*` },
        {
            Sid: "DecryptOwnEnvironment",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: r.environmentKeyArn,
            Condition: { StringEquals: { "kms:EncryptionContext:LambdaFunctionName": r.functionName } },
        },
    ];
    if (r.tracing) {
        // X-Ray's write actions have no resource-level permissions.
        statements.push({ Sid: "SendTraces", Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: "*" });
    }
    if (r.vpcId !== undefined) {
        statements.push(...vpcNetworkInterfaceStatements(r.names, r.vpcId));
    }
    return policyDocument(statements);
}

/**
 * What Lambda needs, as the function's role, to place it in a VPC: its network interfaces,
 * created and removed in that VPC only (`ec2:Vpc`). The Describe calls support no resource
 * or condition, so they name `*`; they read nothing but network metadata.
 */
function vpcNetworkInterfaceStatements(names: AccountNames, vpcId: pulumi.Input<string>): PolicyStatement[] {
    const inVpc = { ArnEquals: { "ec2:Vpc": pulumi.output(vpcId).apply((id) => names.arn("ec2", `vpc/${id}`)) } };
    return [
        {
            Sid: "ManageNetworkInterfacesInOwnVpc",
            Effect: "Allow",
            Action: ["ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"],
            Resource: [names.arn("ec2", "network-interface/*"), names.arn("ec2", "subnet/*"), names.arn("ec2", "security-group/*")],
            Condition: inVpc,
        },
        { Sid: "DescribeNetworkInterfaces", Effect: "Allow", Action: ["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"], Resource: "*" },
    ];
}
