import { strict as assert } from "assert";
import { functionRuntimePolicy } from "../../../../components/lambda/runtime-policy";
import {
    apiGatewayLoggingPolicy,
    linkSignerPolicy,
    linkSignerTrustPolicy,
    pollerPolicy,
    receiverPolicy,
    sourceNetworkPolicy,
} from "../../../../patterns/partner-api/api/policies";
import { AccountNames } from "../../../../core/naming";
import { keyPolicy, logsKeyGrant } from "../../../../core/policy/key-policy";
import { Decision, decide } from "../../../support/iam";
import { actionsOf, unknownActionReason } from "../../../support/policy-documents";

const EXTERNAL = "333333333333";
const names = new AccountNames("datasharing", { accountId: EXTERNAL, region: "eu-west-1" });
const TABLE = names.tableArn("datasharing-partner-api-requests");
const OTHER_TABLE = names.tableArn("datasharing-other");
const BUCKET = "arn:aws:s3:::datasharing-external-published-333333333333-eu-west-1";
const BUCKET_KEY = `arn:aws:kms:eu-west-1:${EXTERNAL}:key/external`;
const IDENTITY = names.sesIdentityArn("producer.example");
const CONFIG_SET = names.arn("ses", "configuration-set/datasharing-partner-api-mail");
const SENDER = "data-sharing@producer.example";
const RECEIVER_ROLE = names.roleArn("partner-api-receiver");
const POLLER_ROLE = names.roleArn("partner-api-poller");
const SIGNER_ROLE = names.roleArn("partner-api-link-signer");

const runtime = (functionName: string) =>
    functionRuntimePolicy({ names, functionName, environmentKeyArn: `arn:aws:kms:eu-west-1:${EXTERNAL}:key/partner-api`, tracing: true });

function asker(principal: string, policies: any[]) {
    return (action: string, resource: string, context: Record<string, string> = {}): Promise<Decision> =>
        decide({ principal, action, resource, resourceAccount: EXTERNAL, identityPolicies: policies, context });
}

describe("partner API: the request receiver's role", () => {
    const ask = asker(RECEIVER_ROLE, [receiverPolicy(TABLE), runtime("datasharing-partner-api-receiver")]);

    it("records and reads back requests in its control table", async () => {
        assert.equal(await ask("dynamodb:PutItem", TABLE), "Allowed");
        assert.equal(await ask("dynamodb:GetItem", TABLE), "Allowed");
    });

    const denied: [string, string, string, Record<string, string>?][] = [
        ["another table", "dynamodb:PutItem", OTHER_TABLE],
        ["deleting a request", "dynamodb:DeleteItem", TABLE],
        ["rewriting a request", "dynamodb:UpdateItem", TABLE],
        ["scanning the table", "dynamodb:Scan", TABLE],
        ["the status index", "dynamodb:Query", `${TABLE}/index/status-createdAt`],
        ["reading results", "s3:GetObject", `${BUCKET}/sales/part-0.json`],
        ["listing results", "s3:ListBucket", BUCKET, { "s3:prefix": "sales/" }],
        ["sending e-mail", "ses:SendEmail", IDENTITY, { "ses:FromAddress": SENDER }],
    ];
    for (const [what, action, resource, context] of denied) {
        it(`cannot touch ${what} (${action})`, async () => {
            assert.equal(await ask(action, resource, context), "ImplicitlyDenied");
        });
    }
});

describe("partner API: the poller's role", () => {
    const policy = pollerPolicy({
        names,
        controlTableArn: TABLE,
        statusIndex: "status-createdAt",
        bucketArn: BUCKET,
        prefixes: ["sales/", "transaction_logs/"],
        signerRoleArn: SIGNER_ROLE,
        sesIdentityArn: IDENTITY,
        senderAddress: SENDER,
        configurationSetArn: CONFIG_SET,
    });
    const ask = asker(POLLER_ROLE, [policy, runtime("datasharing-partner-api-poller")]);

    it("finds PENDING requests through the status index and updates them, and nothing more on the table", async () => {
        assert.equal(await ask("dynamodb:Query", `${TABLE}/index/status-createdAt`), "Allowed");
        assert.equal(await ask("dynamodb:UpdateItem", TABLE), "Allowed");
        assert.equal(await ask("dynamodb:Query", TABLE), "ImplicitlyDenied", "no query on the base table");
        assert.equal(await ask("dynamodb:DeleteItem", TABLE), "ImplicitlyDenied");
        assert.equal(await ask("dynamodb:UpdateItem", OTHER_TABLE), "ImplicitlyDenied");
    });

    it("reads no object itself, and assumes the link signer, no other role", async () => {
        assert.equal(
            await ask("s3:GetObject", `${BUCKET}/sales/2025/part-0.json`),
            "ImplicitlyDenied",
            "the links carry the signer's permissions, not the poller's",
        );
        assert.equal(await ask("sts:AssumeRole", SIGNER_ROLE), "Allowed");
        assert.equal(await ask("sts:AssumeRole", names.roleArn("lake-admin")), "ImplicitlyDenied");
    });

    it("lists only the allowed products' folders", async () => {
        assert.equal(await ask("s3:ListBucket", BUCKET, { "s3:prefix": "sales/" }), "Allowed");
        assert.equal(await ask("s3:ListBucket", BUCKET, { "s3:prefix": "sales/2025/" }), "Allowed");
        assert.equal(await ask("s3:ListBucket", BUCKET, { "s3:prefix": "cards/" }), "ImplicitlyDenied");
        assert.equal(await ask("s3:ListBucket", BUCKET, { "s3:prefix": "" }), "ImplicitlyDenied", "not the whole bucket");
        assert.equal(await ask("s3:ListBucket", "arn:aws:s3:::someone-else", { "s3:prefix": "sales/" }), "ImplicitlyDenied");
    });

    it("writes nothing to the bucket", async () => {
        assert.equal(await ask("s3:PutObject", `${BUCKET}/sales/x`), "ImplicitlyDenied");
        assert.equal(await ask("s3:DeleteObject", `${BUCKET}/sales/x`), "ImplicitlyDenied");
    });

    it("sends e-mail only from the verified identity and its registered address", async () => {
        assert.equal(await ask("ses:SendEmail", IDENTITY, { "ses:FromAddress": SENDER }), "Allowed");
        assert.equal(await ask("ses:SendEmail", CONFIG_SET, { "ses:FromAddress": SENDER }), "Allowed", "the configuration set is authorised too");
        assert.equal(await ask("ses:SendEmail", IDENTITY, { "ses:FromAddress": "ceo@producer.example" }), "ImplicitlyDenied");
        assert.equal(await ask("ses:SendEmail", names.sesIdentityArn("other.example"), { "ses:FromAddress": SENDER }), "ImplicitlyDenied");
        assert.equal(await ask("ses:SendRawEmail", IDENTITY, { "ses:FromAddress": SENDER }), "ImplicitlyDenied");
    });

    it("refuses prefixes that are not folders", () => {
        for (const prefix of ["sales", "/sales/", "sa*/"]) {
            assert.throws(
                () =>
                    pollerPolicy({
                        names,
                        controlTableArn: TABLE,
                        statusIndex: "i",
                        bucketArn: BUCKET,
                        prefixes: [prefix],
                        signerRoleArn: SIGNER_ROLE,
                        sesIdentityArn: IDENTITY,
                        senderAddress: SENDER,
                    }),
                /must be a folder/,
            );
            assert.throws(() => linkSignerPolicy({ names, bucketArn: BUCKET, prefixes: [prefix], bucketKeyArn: BUCKET_KEY }), /must be a folder/);
        }
        assert.throws(
            () =>
                pollerPolicy({
                    names,
                    controlTableArn: TABLE,
                    statusIndex: "i",
                    bucketArn: BUCKET,
                    prefixes: [],
                    signerRoleArn: SIGNER_ROLE,
                    sesIdentityArn: IDENTITY,
                    senderAddress: SENDER,
                }),
            /at least one results prefix/,
        );
    });
});

describe("partner API: the link signer's role", () => {
    const policy = linkSignerPolicy({ names, bucketArn: BUCKET, prefixes: ["sales/", "transaction_logs/"], bucketKeyArn: BUCKET_KEY });
    const ask = asker(SIGNER_ROLE, [policy]);

    const reads: { what: string; resource: string; expect: Decision }[] = [
        { what: "an allowed product's object", resource: `${BUCKET}/sales/2025/part-0.json`, expect: "Allowed" },
        { what: "another allowed product's object", resource: `${BUCKET}/transaction_logs/batch-1.ndjson`, expect: "Allowed" },
        { what: "another product's object", resource: `${BUCKET}/cards/part-0.json`, expect: "ImplicitlyDenied" },
        { what: "a product whose name starts like an allowed one", resource: `${BUCKET}/sales_insights/part-0.json`, expect: "ImplicitlyDenied" },
        { what: "an object at the bucket's root", resource: `${BUCKET}/sales.json`, expect: "ImplicitlyDenied" },
        { what: "another bucket's object", resource: "arn:aws:s3:::datasharing-lake-111111111111-eu-west-1/sales/part-0.json", expect: "ImplicitlyDenied" },
    ];
    for (const r of reads) {
        it(`GetObject on ${r.what}: ${r.expect}`, async () => {
            assert.equal(await ask("s3:GetObject", r.resource), r.expect);
        });
    }

    it("lists, writes and deletes nothing, and sends no e-mail", async () => {
        assert.equal(await ask("s3:ListBucket", BUCKET, { "s3:prefix": "sales/" }), "ImplicitlyDenied");
        assert.equal(await ask("s3:PutObject", `${BUCKET}/sales/x`), "ImplicitlyDenied");
        assert.equal(await ask("s3:DeleteObject", `${BUCKET}/sales/x`), "ImplicitlyDenied");
        assert.equal(await ask("ses:SendEmail", IDENTITY, { "ses:FromAddress": SENDER }), "ImplicitlyDenied");
    });

    it("decrypts the bucket's objects through S3 only, in this bucket's allowed folders (checked by shape: the simulator cannot match encryption-context keys)", () => {
        const statement = (policy.Statement as any[]).find((s) => s.Sid === "DecryptResultsThroughS3");
        assert.deepEqual(statement.Action, "kms:Decrypt");
        assert.equal(statement.Resource, BUCKET_KEY);
        assert.deepEqual(statement.Condition, {
            StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" },
            StringLike: { "kms:EncryptionContext:aws:s3:arn": [BUCKET, `${BUCKET}/sales/*`, `${BUCKET}/transaction_logs/*`] },
        });
    });

    it("may be assumed by the poller's role only", async () => {
        const trust = linkSignerTrustPolicy(POLLER_ROLE);
        const assume = (principal: string) =>
            decide({
                principal,
                action: "sts:AssumeRole",
                resource: SIGNER_ROLE,
                resourceAccount: EXTERNAL,
                identityPolicies: [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }] }],
                resourcePolicy: trust,
            });
        assert.equal(await assume(POLLER_ROLE), "Allowed");
        assert.equal(await assume(RECEIVER_ROLE), "ImplicitlyDenied");
        assert.equal(await assume("arn:aws:iam::999999999999:role/partner"), "ImplicitlyDenied");
    });
});

describe("partner API: what every function may do to run", () => {
    const fn = "datasharing-partner-api-receiver";
    const ask = asker(RECEIVER_ROLE, [runtime(fn)]);

    it("writes to its own log group only, and creates no log groups", async () => {
        const own = names.logGroupArn(`/aws/lambda/${fn}`);
        assert.equal(await ask("logs:PutLogEvents", `${own}:log-stream:2025/03/01/abc`), "Allowed");
        assert.equal(await ask("logs:CreateLogStream", `${own}:log-stream:2025/03/01/abc`), "Allowed");
        assert.equal(await ask("logs:PutLogEvents", `${names.logGroupArn("/aws/lambda/datasharing-partner-api-poller")}:log-stream:x`), "ImplicitlyDenied");
        assert.equal(await ask("logs:CreateLogGroup", own), "ImplicitlyDenied");
    });

    it("decrypts only its own environment (checked by shape), and sends traces only when tracing is on", () => {
        const decrypt = (runtime(fn).Statement as any[]).find((s) => s.Sid === "DecryptOwnEnvironment");
        assert.deepEqual(decrypt.Condition, { StringEquals: { "kms:EncryptionContext:LambdaFunctionName": fn } });
        const untraced = functionRuntimePolicy({ names, functionName: fn, environmentKeyArn: "k", tracing: false });
        assert.equal(
            (untraced.Statement as any[]).some((s) => String(s.Action).startsWith("xray")),
            false,
        );
    });
});

describe("partner API: the account's API Gateway logging role", () => {
    const ask = asker(names.roleArn("apigateway-cloudwatch"), [apiGatewayLoggingPolicy(names)]);

    it("writes the logs of every API of the account and region (the setting is shared), not other regions' or accounts'", async () => {
        assert.equal(await ask("logs:PutLogEvents", `${names.logGroupArn("API-Gateway-Execution-Logs_abc123/v1")}:log-stream:x`), "Allowed");
        assert.equal(await ask("logs:PutLogEvents", `${names.logGroupArn("/aws/apigateway/datasharing-partner-api/v1/access")}:log-stream:x`), "Allowed");
        // Another team's API, with an access log group of any name, keeps logging once this role is the account's.
        assert.equal(await ask("logs:PutLogEvents", `${names.logGroupArn("orders-api-access")}:log-stream:x`), "Allowed");
        assert.equal(await ask("logs:PutLogEvents", `arn:aws:logs:us-east-1:${EXTERNAL}:log-group:x:log-stream:x`), "ImplicitlyDenied");
        assert.equal(await ask("logs:DeleteLogGroup", names.logGroupArn("API-Gateway-Execution-Logs_abc123/v1")), "ImplicitlyDenied");
        assert.equal(await ask("logs:GetLogEvents", `${names.logGroupArn("orders-api-access")}:log-stream:x`), "ImplicitlyDenied", "writes, never reads");
    });
});

describe("partner API: the source network policy", () => {
    // API Gateway expands the deployed `execute-api:/*` to the API's own ARN; the simulator needs it spelled out.
    const policy = sourceNetworkPolicy(["203.0.113.0/24"], `arn:aws:execute-api:eu-west-1:${EXTERNAL}:abc123/*`);
    const call = (ip: string) =>
        decide({
            principal: "arn:aws:iam::999999999999:root",
            action: "execute-api:Invoke",
            resource: `arn:aws:execute-api:eu-west-1:${EXTERNAL}:abc123/v1/POST/requests`,
            resourceAccount: EXTERNAL,
            // The partner's own account lets it call anything; the API's policy decides.
            identityPolicies: [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "execute-api:Invoke", Resource: "*" }] }],
            resourcePolicy: policy,
            context: { "aws:SourceIp": ip },
        });

    it("admits callers from the partners' proxies only", async () => {
        assert.equal(await call("203.0.113.7"), "Allowed");
        assert.equal(await call("198.51.100.7"), "ImplicitlyDenied");
        assert.throws(() => sourceNetworkPolicy([]), /at least one CIDR/);
        assert.equal((sourceNetworkPolicy(["203.0.113.0/24"]).Statement as any[])[0].Resource, "execute-api:/*", "this API's methods only, as deployed");
    });
});

describe("partner API: the log key grant", () => {
    it("lets CloudWatch Logs of this region use the key for this account's log groups only (by shape: the simulator cannot match encryption-context keys)", () => {
        const grant = logsKeyGrant(names);
        assert.deepEqual(grant.grantee, { services: ["logs.eu-west-1.amazonaws.com"] });
        assert.deepEqual(grant.conditions, { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:eu-west-1:${EXTERNAL}:log-group:*` } });
        assert.doesNotThrow(() => keyPolicy(EXTERNAL, [grant]));
    });
});

describe("partner API: every action named exists in AWS", () => {
    it("names only real actions", async () => {
        const documents = [
            receiverPolicy(TABLE),
            pollerPolicy({
                names,
                controlTableArn: TABLE,
                statusIndex: "i",
                bucketArn: BUCKET,
                prefixes: ["sales/"],
                signerRoleArn: SIGNER_ROLE,
                sesIdentityArn: IDENTITY,
                senderAddress: SENDER,
            }),
            linkSignerPolicy({ names, bucketArn: BUCKET, prefixes: ["sales/"], bucketKeyArn: BUCKET_KEY }),
            runtime("f"),
            apiGatewayLoggingPolicy(names),
            sourceNetworkPolicy(["203.0.113.0/24"]),
        ];
        const problems: string[] = [];
        for (const doc of documents) {
            for (const use of actionsOf(doc.Statement as any[])) {
                const reason = await unknownActionReason(use.action);
                if (reason) problems.push(`${use.statement}: ${reason}`);
            }
        }
        assert.deepEqual(problems, []);
    });
});
