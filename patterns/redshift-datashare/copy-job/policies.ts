import * as pulumi from "@pulumi/pulumi";
import { PolicyDocument, PolicyStatement, policyDocument } from "../../../core/policy/document";
import { KeyGrant } from "../../../core/policy/key-policy";
import { roleOfAccount } from "../../../core/policy/role-of-account";

/**
 * The external writer secret's key: the producer's copy role may decrypt it, through
 * Secrets Manager only. The external stack deploys before the producer's, so the role is
 * named by its account, narrowed to it (see roleOfAccount).
 */
export function writerSecretKeyGrant(copyRoleArn: string, region: string): KeyGrant {
    const role = roleOfAccount(copyRoleArn);
    return {
        sid: "ProducerCopyJobReadsWriterSecret",
        grantee: { accounts: [role.account] },
        actions: ["kms:Decrypt"],
        conditions: { StringEquals: { "kms:ViaService": `secretsmanager.${region}.amazonaws.com` }, ...role.onlyRole },
    };
}

/** Resource policy of the external writer secret: only the producer's copy role reads it, named as above. */
export function writerSecretPolicy(copyRoleArn: string): PolicyDocument {
    const role = roleOfAccount(copyRoleArn);
    return policyDocument([
        {
            Sid: "ProducerCopyJobReads",
            Effect: "Allow",
            Principal: role.principal,
            Action: "secretsmanager:GetSecretValue",
            Resource: "*",
            Condition: role.onlyRole,
        },
    ]);
}

export interface CopyRolePolicyArgs {
    /** Secrets of the reader (own account) and the writer (external account). */
    secretArns: pulumi.Input<string>[];
    /** Keys of those secrets. */
    secretKeyArns: pulumi.Input<string>[];
    /** Bucket holding the script and the job's temporary files. */
    assetsBucketArn: string;
    /** Key of that bucket, of the job's logs and bookmarks and of the reader's secret: the job's own, not the warehouse's. */
    assetsKeyArn: pulumi.Input<string>;
    /** The job's two Glue connections. */
    connectionArns: pulumi.Input<string>[];
    /** ARN of the VPC the job's network interfaces are placed in. */
    vpcArn: pulumi.Input<string>;
    /** Log group ARN prefix of Glue jobs in the account, `arn:aws:logs:<region>:<account>:log-group:/aws-glue/*`. */
    glueLogGroupsArn: string;
    region: string;
}

/**
 * What the copy job may do: read its two connections and their secrets, its script and
 * temporary files, write its logs, and place network interfaces in its own VPC only. Keys
 * are usable only through the service that holds the data (Secrets Manager, S3).
 */
export function copyRolePolicy(a: CopyRolePolicyArgs): PolicyDocument {
    const statements: PolicyStatement[] = [
        { Sid: "ReadConnections", Effect: "Allow", Action: ["glue:GetConnection"], Resource: a.connectionArns },
        { Sid: "ReadDatabaseSecrets", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: a.secretArns },
        {
            Sid: "DecryptSecrets",
            Effect: "Allow",
            Action: ["kms:Decrypt"],
            Resource: a.secretKeyArns,
            Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${a.region}.amazonaws.com` } },
        },
        {
            Sid: "ReadScriptWriteTemp",
            Effect: "Allow",
            Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
            Resource: [`${a.assetsBucketArn}/scripts/*`, `${a.assetsBucketArn}/temp/*`],
        },
        { Sid: "ListAssets", Effect: "Allow", Action: ["s3:ListBucket"], Resource: [a.assetsBucketArn] },
        // The assets key only as S3 uses it for the job's objects (SSE-KMS): never to decrypt anything directly.
        {
            Sid: "UseAssetsKeyThroughS3",
            Effect: "Allow",
            Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
            Resource: [a.assetsKeyArn],
            Condition: { StringEquals: { "kms:ViaService": `s3.${a.region}.amazonaws.com` } },
        },
        {
            Sid: "WriteLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:AssociateKmsKey"],
            Resource: [a.glueLogGroupsArn],
        },
        // Glue describes the network before it places interfaces; these actions take no resource.
        {
            Sid: "DescribeNetwork",
            Effect: "Allow",
            Action: [
                "ec2:DescribeNetworkInterfaces",
                "ec2:DescribeSubnets",
                "ec2:DescribeSecurityGroups",
                "ec2:DescribeVpcs",
                "ec2:DescribeVpcEndpoints",
                "ec2:DescribeRouteTables",
                "ec2:DescribeVpcAttribute",
            ],
            Resource: "*",
        },
        {
            Sid: "NetworkInterfacesInOwnVpc",
            Effect: "Allow",
            Action: ["ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface", "ec2:CreateTags"],
            Resource: "*",
            Condition: { ArnEquals: { "ec2:Vpc": a.vpcArn } },
        },
    ];
    return policyDocument(statements);
}
