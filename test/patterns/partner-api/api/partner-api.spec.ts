import { strict as assert } from "assert";
import { PartnerApi, PartnerApiArgs } from "../../../../patterns/partner-api/api";
import { STATUS_INDEX, TTL_ATTRIBUTE } from "../../../../patterns/partner-api/api/control-table";
import { LAMBDA_RUNTIME } from "../../../../components/lambda/scoped-function";
import { pollerConfig, receiverConfig } from "../../../../patterns/partner-api/api/handlers/config";
import { TLS_MINIMUM, requestSchema } from "../../../../patterns/partner-api/api/rest-api";
import { AccountNames } from "../../../../core/naming";
import { StackRun, runProgram } from "../../../support/run-stack";

const EXTERNAL = { accountId: "333333333333", region: "eu-west-1" };
const names = new AccountNames("datasharing", EXTERNAL);
const BUCKET = "datasharing-external-published-333333333333-eu-west-1";
const BUCKET_KEY = "arn:aws:kms:eu-west-1:333333333333:key/external-published";
const AS_OF = new Date("2026-11-01T00:00:00Z");

const baseArgs = (): PartnerApiArgs => ({
    names,
    partners: [
        { name: "acme", email: "data@acme.example", products: ["sales", "transaction_logs"], throttle: { rateLimit: 2, burstLimit: 4 } },
        { name: "former", email: "data@former.example", products: ["sales"], accessEndsAt: new Date("2026-10-01T00:00:00Z") },
    ],
    asOf: AS_OF,
    results: { bucketName: BUCKET, bucketArn: names.bucketArn(BUCKET), keyArn: BUCKET_KEY },
    sender: { address: "data-sharing@producer.example", verify: "domain" },
    requestTtlDays: 30,
    urlExpirySeconds: 3600,
    pollSchedule: "rate(5 minutes)",
    protect: true,
});

function build(change: (a: PartnerApiArgs) => void = () => undefined): Promise<StackRun> {
    const args = baseArgs();
    change(args);
    return runProgram(() => {
        new PartnerApi("partner-api", args);
        return {};
    }, EXTERNAL);
}

const TYPES = {
    method: "aws:apigateway/method:Method",
    validator: "aws:apigateway/requestValidator:RequestValidator",
    model: "aws:apigateway/model:Model",
    restApi: "aws:apigateway/restApi:RestApi",
    stage: "aws:apigateway/stage:Stage",
    methodSettings: "aws:apigateway/methodSettings:MethodSettings",
    domain: "aws:apigateway/domainName:DomainName",
    mapping: "aws:apigateway/basePathMapping:BasePathMapping",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    table: "aws:dynamodb/table:Table",
    fn: "aws:lambda/function:Function",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    permission: "aws:lambda/permission:Permission",
    key: "aws:kms/key:Key",
    apiKey: "aws:apigateway/apiKey:ApiKey",
    usagePlan: "aws:apigateway/usagePlan:UsagePlan",
    usagePlanKey: "aws:apigateway/usagePlanKey:UsagePlanKey",
    account: "aws:apigateway/account:Account",
} as const;

describe("PartnerApi", () => {
    let run: StackRun;
    before(async () => {
        run = await build();
        assert.deepEqual(run.errors, []);
    });

    const keyArn = () => run.one(TYPES.key).state.arn;

    it("has one method, POST /requests, which requires an API key and validates the body against the request model", () => {
        const method = run.one(TYPES.method).inputs;
        assert.equal(method.httpMethod, "POST");
        assert.equal(method.apiKeyRequired, true);
        const validator = run.one(TYPES.validator);
        assert.equal(method.requestValidatorId, validator.id);
        assert.equal(validator.inputs.validateRequestBody, true);
        const model = run.one(TYPES.model);
        assert.deepEqual(method.requestModels, { "application/json": model.inputs.name });
        assert.deepEqual(JSON.parse(model.inputs.schema), requestSchema(["sales", "transaction_logs"]));
        assert.equal(run.one("aws:apigateway/resource:Resource").inputs.pathPart, "requests");
    });

    it("serves a REGIONAL endpoint that negotiates TLS 1.2 or later, for its own host name only", () => {
        const api = run.one(TYPES.restApi).inputs;
        assert.equal(api.endpointConfiguration.types, "REGIONAL");
        assert.ok(["1.2", "1.3"].includes(TLS_MINIMUM[api.securityPolicy as keyof typeof TLS_MINIMUM]), `${api.securityPolicy} is not a TLS 1.2+ policy`);
        assert.equal(api.endpointAccessMode, "STRICT");
        assert.equal(api.disableExecuteApiEndpoint, false, "without a custom domain, the default endpoint is the API");
        assert.equal(api.policy, undefined, "no network restriction unless asked");
    });

    it("logs every request as JSON (who, from where, which TLS) to a log group encrypted with its key", () => {
        const stage = run.one(TYPES.stage).inputs;
        const access = run.ofType(TYPES.logGroup).find((g) => g.state.arn === stage.accessLogSettings.destinationArn);
        assert.ok(access, "the access logs go to a log group of the component");
        assert.equal(access.inputs.kmsKeyId, keyArn());
        const format = JSON.parse(stage.accessLogSettings.format);
        for (const field of ["apiKeyId", "sourceIp", "status", "tlsVersion"]) {
            assert.ok(field in format, `access log lacks ${field}`);
        }
        assert.equal(stage.xrayTracingEnabled, true);
        const execution = run.ofType(TYPES.logGroup).find((g) => String(g.inputs.name).startsWith("API-Gateway-Execution-Logs_"));
        assert.equal(execution?.inputs.kmsKeyId, keyArn(), "execution logs are pre-created, encrypted");
    });

    it("throttles the stage and logs errors without request or response bodies", () => {
        const settings = run.one(TYPES.methodSettings).inputs.settings;
        assert.deepEqual(
            { rate: settings.throttlingRateLimit, burst: settings.throttlingBurstLimit, level: settings.loggingLevel, data: settings.dataTraceEnabled },
            { rate: 20, burst: 40, level: "ERROR", data: false },
        );
    });

    it("leaves the account's API Gateway logging role alone by default: one setting per account and region, shared by every API", () => {
        assert.deepEqual(run.ofType(TYPES.account), []);
        assert.equal(
            run.ofType(TYPES.role).some((r) => r.inputs.name === names.role("apigateway-cloudwatch")),
            false,
        );
    });

    it("when asked to manage it, sets it before the stage needs it, to a role every API may log through, kept on destroy", async () => {
        const managed = await build((a) => (a.manageAccountLoggingRole = true));
        const account = managed.one(TYPES.account);
        assert.equal(account.inputs.cloudwatchRoleArn, names.roleArn("apigateway-cloudwatch"));
        const stageUrn = managed.one(TYPES.stage).options.dependencies;
        assert.ok(
            stageUrn.some((u: string) => u.endsWith(`::${account.name}`) && u.includes("apigateway/account")),
            "the stage depends on the account setting",
        );
        const role = managed.ofType(TYPES.role).find((r) => r.inputs.name === names.role("apigateway-cloudwatch"))!;
        // Destroying this stack must not reset the setting nor delete the role other APIs log through.
        assert.deepEqual([account.options.retainOnDelete, role.options.retainOnDelete], [true, true]);
        const policy = managed.ofType(TYPES.rolePolicy).find((p) => p.inputs.role === role.id || p.inputs.name === "api-logs")!;
        assert.deepEqual(JSON.parse(policy.inputs.policy).Statement[0].Resource, [names.logGroupArn("*"), `${names.logGroupArn("*")}:*`]);
    });

    it("keeps requests in a table encrypted with its key, with point-in-time recovery, TTL and the status index, protected", () => {
        const table = run.one(TYPES.table);
        assert.deepEqual(table.inputs.serverSideEncryption, { enabled: true, kmsKeyArn: keyArn() });
        assert.deepEqual(table.inputs.pointInTimeRecovery, { enabled: true });
        assert.deepEqual(table.inputs.ttl, { attributeName: TTL_ATTRIBUTE, enabled: true });
        assert.equal(table.inputs.billingMode, "PAY_PER_REQUEST");
        const index = table.inputs.globalSecondaryIndexes[0];
        assert.equal(index.name, STATUS_INDEX);
        assert.deepEqual(index.keySchemas, [
            { attributeName: "status", keyType: "HASH" },
            { attributeName: "createdAt", keyType: "RANGE" },
        ]);
        assert.equal(table.options.protect, true);
        assert.equal(table.inputs.deletionProtectionEnabled, true);
        assert.equal(run.one(TYPES.key).options.protect, true);
    });

    it("keys requests by partner and request id, so no partner can take or probe another's ids", () => {
        const table = run.one(TYPES.table);
        assert.deepEqual([table.inputs.hashKey, table.inputs.rangeKey], ["partner", "requestId"]);
        // A key change replaces a DynamoDB table: the new one has a name of its own, so it never
        // collides with the table it replaces, and it stays protected (the replacement is deliberate).
        assert.equal(table.inputs.name, "datasharing-partner-api-partner-requests");
        assert.notEqual(table.inputs.name, "datasharing-partner-api-requests");
    });

    it("reserves receiver concurrency only when asked", async () => {
        const reserved = await build((a) => (a.receiverConcurrency = 5));
        assert.equal(reserved.one(TYPES.fn, "partner-api-receiver").inputs.reservedConcurrentExecutions, 5);
        assert.equal(reserved.one(TYPES.fn, "partner-api-poller").inputs.reservedConcurrentExecutions, undefined);
    });

    it("signs links with a role of their own: assumable by the poller only, sessions long enough for the links, reading only the partners' folders", () => {
        const signer = run.ofType(TYPES.role).find((r) => r.inputs.name === names.role("partner-api-link-signer"))!;
        const poller = run.one(TYPES.fn, "partner-api-poller");
        assert.deepEqual(JSON.parse(signer.inputs.assumeRolePolicy).Statement[0].Principal, { AWS: poller.inputs.role });
        assert.ok(signer.inputs.maxSessionDuration >= Number(poller.inputs.environment.variables.URL_EXPIRY_SECONDS));
        assert.equal(poller.inputs.environment.variables.SIGNER_ROLE_ARN, names.roleArn("partner-api-link-signer"));
        const reads = JSON.parse(run.ofType(TYPES.rolePolicy).find((p) => p.inputs.name === "read-results")!.inputs.policy);
        assert.deepEqual(reads.Statement[0].Resource, [`${names.bucketArn(BUCKET)}/sales/*`, `${names.bucketArn(BUCKET)}/transaction_logs/*`]);
    });

    it("refuses links longer than a chained session can sign, before creating anything", async () => {
        const failed = await build((a) => (a.urlExpirySeconds = 7200));
        assert.ok(
            failed.errors.some((e) => /urlExpirySeconds is 7200: it must be a whole number from 60 to 3600/.test(e)),
            failed.errors.join("\n"),
        );
        assert.equal(failed.awsResources.length, 0);
    });

    it("leaves the table unprotected when the stack does not protect", async () => {
        const table = (await build((a) => (a.protect = false))).one(TYPES.table);
        assert.equal(table.options.protect, false);
        assert.equal(table.inputs.deletionProtectionEnabled, false);
    });

    it("gives each function its own role, trusted by Lambda only, with its own policies", () => {
        const functions = run.ofType(TYPES.fn);
        assert.equal(functions.length, 2);
        const roles = functions.map((f) => f.inputs.role);
        assert.equal(new Set(roles).size, 2, "no shared role");
        for (const f of functions) {
            const role = run.ofType(TYPES.role).find((r) => r.state.arn === f.inputs.role)!;
            assert.deepEqual(JSON.parse(role.inputs.assumeRolePolicy).Statement[0].Principal, { Service: "lambda.amazonaws.com" });
            const policies = run.ofType(TYPES.rolePolicy).filter((p) => p.inputs.role === role.id);
            assert.equal(policies.length, 2, `${f.name}: runtime grants and its own`);
            assert.deepEqual(
                {
                    runtime: f.inputs.runtime,
                    arch: f.inputs.architectures,
                    tracing: f.inputs.tracingConfig.mode,
                    key: f.inputs.kmsKeyArn,
                    logs: f.inputs.loggingConfig.logGroup,
                },
                { runtime: LAMBDA_RUNTIME, arch: ["arm64"], tracing: "Active", key: keyArn(), logs: `/aws/lambda/${f.inputs.name}` },
            );
        }
        const receiver = functions.find((f) => f.name === "partner-api-receiver")!;
        const poller = functions.find((f) => f.name === "partner-api-poller")!;
        // No reservation by default: a new account's concurrency quota (10) leaves none to reserve.
        assert.equal(receiver.inputs.reservedConcurrentExecutions, undefined);
        assert.equal(poller.inputs.reservedConcurrentExecutions, undefined, "overlapping poller runs lease each request instead");
        const receiverGrants = run.ofType(TYPES.rolePolicy).find((p) => p.inputs.name === "partner-api-receiver")!;
        assert.deepEqual(
            JSON.parse(receiverGrants.inputs.policy).Statement.map((s: any) => s.Action),
            [["dynamodb:PutItem", "dynamodb:GetItem"]],
        );
    });

    it("lets only this API's stage and method invoke the receiver", () => {
        const permission = run.ofType(TYPES.permission).find((p) => p.inputs.principal === "apigateway.amazonaws.com")!;
        const apiId = run.one(TYPES.restApi).id;
        assert.equal(permission.inputs.function, names.name("lambda-function", "partner-api-receiver"));
        assert.equal(permission.inputs.sourceArn, `arn:aws:execute-api:eu-west-1:333333333333:${apiId}/v1/POST/requests`);
    });

    it("hands the functions environments their own configuration checks accept", () => {
        const env = (n: string) => run.one(TYPES.fn, n).inputs.environment.variables;
        const receiver = receiverConfig(env("partner-api-receiver"));
        assert.equal(receiver.table, "datasharing-partner-api-partner-requests");
        const keyIds = run.ofType(TYPES.apiKey).map((k) => k.id);
        assert.deepEqual(receiver.partners.map((p) => p.apiKeyId).sort(), keyIds.sort(), "partners are identified by their own key");
        const poller = pollerConfig(env("partner-api-poller"));
        assert.deepEqual(
            { bucket: poller.bucket, index: poller.statusIndex, identity: poller.identityArn, sender: poller.sender, expiry: poller.urlExpirySeconds },
            { bucket: BUCKET, index: STATUS_INDEX, identity: names.sesIdentityArn("producer.example"), sender: "data-sharing@producer.example", expiry: 3600 },
        );
    });

    it("runs the poller on its schedule, invoked by that rule only", () => {
        const rule = run.one("aws:cloudwatch/eventRule:EventRule");
        assert.equal(rule.inputs.scheduleExpression, "rate(5 minutes)");
        const permission = run.ofType(TYPES.permission).find((p) => p.inputs.principal === "events.amazonaws.com")!;
        assert.equal(permission.inputs.sourceArn, rule.state.arn);
        assert.equal(permission.inputs.function, names.name("lambda-function", "partner-api-poller"));
    });

    it("gives each partner a key and a usage plan of its own; a partner whose access ended gets a disabled key", () => {
        const keys = run.ofType(TYPES.apiKey);
        assert.deepEqual(keys.map((k) => [k.inputs.name, k.inputs.enabled]).sort(), [
            ["datasharing-partner-api-acme", true],
            ["datasharing-partner-api-former", false],
        ]);
        const plans = run.ofType(TYPES.usagePlan);
        const acme = plans.find((p) => p.inputs.name === "datasharing-partner-api-acme")!;
        assert.deepEqual(acme.inputs.throttleSettings, { rateLimit: 2, burstLimit: 4 });
        assert.deepEqual(acme.inputs.quotaSettings, { limit: 1000, period: "DAY" });
        assert.deepEqual(acme.inputs.apiStages, [{ apiId: run.one(TYPES.restApi).id, stage: "v1" }]);
        const planKeys = run.ofType(TYPES.usagePlanKey);
        assert.deepEqual(
            planKeys.map((k) => [k.inputs.usagePlanId, k.inputs.keyId]).sort(),
            plans.map((p) => [p.id, keys.find((k) => k.inputs.name === p.inputs.name)!.id]).sort(),
        );
    });

    it("sends from a verified domain through a TLS-only configuration set", () => {
        const identity = run.one("aws:sesv2/emailIdentity:EmailIdentity").inputs;
        assert.equal(identity.emailIdentity, "producer.example");
        const set = run.one("aws:sesv2/configurationSet:ConfigurationSet").inputs;
        assert.equal(identity.configurationSetName, set.configurationSetName);
        assert.equal(set.deliveryOptions.tlsPolicy, "REQUIRE");
    });

    describe("with a custom domain", () => {
        let custom: StackRun;
        before(async () => {
            custom = await build(
                (a) => (a.customDomain = { domainName: "data-api.producer.example", certificateArn: "arn:aws:acm:eu-west-1:333333333333:certificate/abc" }),
            );
            assert.deepEqual(custom.errors, []);
        });

        it("serves the domain with TLS 1.2 or later, maps it to the stage, and turns the default endpoint off", () => {
            const domain = custom.one(TYPES.domain).inputs;
            assert.ok(
                ["1.2", "1.3"].includes(TLS_MINIMUM[domain.securityPolicy as keyof typeof TLS_MINIMUM]),
                `${domain.securityPolicy} is not a TLS 1.2+ policy`,
            );
            assert.equal(domain.securityPolicy, custom.one(TYPES.restApi).inputs.securityPolicy, "the API's policy negotiates anyway: keep them equal");
            assert.equal(domain.endpointAccessMode, "STRICT");
            assert.equal(domain.endpointConfiguration.types, "REGIONAL");
            const mapping = custom.one(TYPES.mapping).inputs;
            assert.deepEqual([mapping.domainName, mapping.stageName, mapping.restApi], ["data-api.producer.example", "v1", custom.one(TYPES.restApi).id]);
            assert.equal(custom.one(TYPES.restApi).inputs.disableExecuteApiEndpoint, true);
        });
    });

    it("admits only the partners' proxies when asked", async () => {
        const restricted = await build((a) => (a.allowedSourceCidrs = ["203.0.113.0/24"]));
        const policy = JSON.parse(restricted.one(TYPES.restApi).inputs.policy);
        assert.deepEqual(policy.Statement[0].Condition, { IpAddress: { "aws:SourceIp": ["203.0.113.0/24"] } });
    });

    const bad: { name: string; change: (a: PartnerApiArgs) => void; message: RegExp }[] = [
        { name: "a link lifetime beyond what the poller accepts", change: (a) => (a.urlExpirySeconds = 86400), message: /urlExpirySeconds is 86400/ },
        {
            name: "a sender that is not an address",
            change: (a) => (a.sender = { address: "producer.example", verify: "domain" }),
            message: /not a plain e-mail address/,
        },
        {
            name: "a results layout without a product folder",
            change: (a) => (a.results = { ...a.results, prefixTemplate: "all/" }),
            message: /must contain \{product\}/,
        },
        { name: "no partners", change: (a) => (a.partners = []), message: /at least one partner/ },
    ];
    for (const c of bad) {
        it(`fails with a clear message on ${c.name}`, async () => {
            const failed = await build(c.change);
            assert.ok(
                failed.errors.some((e) => c.message.test(e)),
                failed.errors.join("\n"),
            );
        });
    }
});
