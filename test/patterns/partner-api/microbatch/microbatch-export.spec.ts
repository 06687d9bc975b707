import { strict as assert } from "assert";
import { microbatchConfig } from "../../../../patterns/partner-api/microbatch/config";
import { MicrobatchExport, MicrobatchExportArgs } from "../../../../patterns/partner-api/microbatch/microbatch-export";
import { MicrobatchAccess, microbatchPolicy } from "../../../../patterns/partner-api/microbatch/policies";
import { functionRuntimePolicy } from "../../../../components/lambda/runtime-policy";
import { AccountNames } from "../../../../core/naming";
import { keyPolicy } from "../../../../core/policy/key-policy";
import { Decision, decide } from "../../../support/iam";
import { actionsOf, unknownActionReason } from "../../../support/policy-documents";
import { StackRun, runProgram } from "../../../support/run-stack";

const PRODUCER = { accountId: "111111111111", region: "eu-west-1" };
const names = new AccountNames("datasharing", PRODUCER);
const BUCKET_NAME = "datasharing-published-111111111111-eu-west-1";
const BUCKET = names.bucketArn(BUCKET_NAME);
const BUCKET_KEY = "arn:aws:kms:eu-west-1:111111111111:key/published";
const WORKGROUP = "arn:aws:redshift-serverless:eu-west-1:111111111111:workgroup/0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9";
const SECRET = "arn:aws:secretsmanager:eu-west-1:111111111111:secret:redshift!datasharing-warehouse-admin-AbCdEf";
const WATERMARKS = names.tableArn("datasharing-microbatch-watermarks");
const ROLE = names.roleArn("microbatch");
const ROLE_ID = "AROAMICROBATCH0000001:datasharing-microbatch";

const access = (signIn: MicrobatchAccess["signIn"] = { kind: "serverless-iam" }): MicrobatchAccess => ({
    names,
    warehouseArn: WORKGROUP,
    signIn,
    bucketArn: BUCKET,
    prefix: "transaction_logs/",
    keyArn: BUCKET_KEY,
    watermarkTableArn: WATERMARKS,
});

function asker(policy: any) {
    const runtime = functionRuntimePolicy({
        names,
        functionName: "datasharing-microbatch",
        environmentKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/microbatch",
        tracing: true,
    });
    return (action: string, resource: string, context: Record<string, string> = {}): Promise<Decision> =>
        decide({
            principal: ROLE,
            action,
            resource,
            resourceAccount: PRODUCER.accountId,
            identityPolicies: [policy, runtime],
            // A key answers to its key policy first; the owner's default one defers to IAM.
            resourcePolicy: action.startsWith("kms:") ? keyPolicy(PRODUCER.accountId) : undefined,
            context,
        });
}

describe("microbatch: the function's role", () => {
    const ask = asker(microbatchPolicy(access()));

    const writes: { what: string; resource: string; expect: Decision }[] = [
        { what: "a batch in its folder", resource: `${BUCKET}/transaction_logs/batch-000001-000100.ndjson`, expect: "Allowed" },
        { what: "another product's folder", resource: `${BUCKET}/sales/part-0.json`, expect: "ImplicitlyDenied" },
        { what: "a folder whose name starts like its own", resource: `${BUCKET}/transaction_logs_raw/x.ndjson`, expect: "ImplicitlyDenied" },
        { what: "the bucket's root", resource: `${BUCKET}/transaction_logs.ndjson`, expect: "ImplicitlyDenied" },
        { what: "another bucket", resource: "arn:aws:s3:::datasharing-lake-111111111111-eu-west-1/transaction_logs/x", expect: "ImplicitlyDenied" },
    ];
    for (const w of writes) {
        it(`PutObject in ${w.what}: ${w.expect}`, async () => {
            assert.equal(await ask("s3:PutObject", w.resource), w.expect);
        });
    }

    it("reads, lists and deletes nothing in the bucket", async () => {
        assert.equal(await ask("s3:GetObject", `${BUCKET}/transaction_logs/x`), "ImplicitlyDenied");
        assert.equal(await ask("s3:DeleteObject", `${BUCKET}/transaction_logs/x`), "ImplicitlyDenied");
        assert.equal(await ask("s3:ListBucket", BUCKET, { "s3:prefix": "transaction_logs/" }), "ImplicitlyDenied");
    });

    it("queries its own warehouse only", async () => {
        assert.equal(await ask("redshift-data:ExecuteStatement", WORKGROUP), "Allowed");
        assert.equal(await ask("redshift-data:ExecuteStatement", "arn:aws:redshift-serverless:eu-west-1:111111111111:workgroup/another"), "ImplicitlyDenied");
        assert.equal(await ask("redshift-data:BatchExecuteStatement", WORKGROUP), "ImplicitlyDenied");
    });

    it("follows, reads and cancels only the statements it started", async () => {
        for (const action of ["redshift-data:DescribeStatement", "redshift-data:GetStatementResult", "redshift-data:CancelStatement"]) {
            assert.equal(await ask(action, "*", { "aws:userid": ROLE_ID, "redshift-data:statement-owner-iam-userid": ROLE_ID }), "Allowed", action);
            assert.equal(
                await ask(action, "*", { "aws:userid": ROLE_ID, "redshift-data:statement-owner-iam-userid": "AROAOTHER:someone" }),
                "ImplicitlyDenied",
                `${action} of another's statement`,
            );
        }
        assert.equal(await ask("redshift-data:ListStatements", "*"), "ImplicitlyDenied");
    });

    it("signs in as its IAM identity on the workgroup when no secret is given, and reads no secret", async () => {
        assert.equal(await ask("redshift-serverless:GetCredentials", WORKGROUP), "Allowed");
        assert.equal(await ask("secretsmanager:GetSecretValue", SECRET), "ImplicitlyDenied");
    });

    it("reads only the given secret when one is given", async () => {
        const withSecret = asker(
            microbatchPolicy(access({ kind: "secret", secretArn: SECRET, secretKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/warehouse" })),
        );
        assert.equal(await withSecret("secretsmanager:GetSecretValue", SECRET), "Allowed");
        assert.equal(
            await withSecret("secretsmanager:GetSecretValue", "arn:aws:secretsmanager:eu-west-1:111111111111:secret:other-AbCdEf"),
            "ImplicitlyDenied",
        );
        assert.equal(await withSecret("redshift-serverless:GetCredentials", WORKGROUP), "ImplicitlyDenied");
        assert.equal(
            await withSecret("kms:Decrypt", "arn:aws:kms:eu-west-1:111111111111:key/warehouse", { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" }),
            "Allowed",
        );
        assert.equal(
            await withSecret("kms:Decrypt", "arn:aws:kms:eu-west-1:111111111111:key/warehouse", { "kms:ViaService": "s3.eu-west-1.amazonaws.com" }),
            "ImplicitlyDenied",
        );
    });

    it("keeps its watermark and touches no other item or table", async () => {
        assert.equal(await ask("dynamodb:GetItem", WATERMARKS), "Allowed");
        assert.equal(await ask("dynamodb:UpdateItem", WATERMARKS), "Allowed");
        assert.equal(await ask("dynamodb:DeleteItem", WATERMARKS), "ImplicitlyDenied");
        assert.equal(await ask("dynamodb:PutItem", names.tableArn("datasharing-partner-api-partner-requests")), "ImplicitlyDenied");
    });

    it("encrypts with the bucket's key through S3, for its folder, and never decrypts (by shape: the simulator cannot match encryption-context keys)", () => {
        const statement = (microbatchPolicy(access()).Statement as any[]).find((s) => String(s.Action).startsWith("kms:"));
        assert.equal(statement.Action, "kms:GenerateDataKey");
        assert.equal(statement.Resource, BUCKET_KEY);
        assert.deepEqual(statement.Condition, {
            StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" },
            StringLike: { "kms:EncryptionContext:aws:s3:arn": [BUCKET, `${BUCKET}/transaction_logs/*`] },
        });
    });

    it("names only real actions, and refuses a prefix that is not a folder", async () => {
        const problems: string[] = [];
        for (const signIn of [
            { kind: "serverless-iam" },
            { kind: "secret", secretArn: SECRET, secretKeyArn: "k" },
            { kind: "cluster-iam", dbNameArn: "d" },
        ] as const) {
            for (const use of actionsOf(microbatchPolicy(access(signIn)).Statement as any[])) {
                const reason = await unknownActionReason(use.action);
                if (reason) problems.push(reason);
            }
        }
        assert.deepEqual(problems, []);
        assert.throws(() => microbatchPolicy({ ...access(), prefix: "transaction_logs" }), /must be a folder/);
    });
});

describe("MicrobatchExport", () => {
    const args = (): MicrobatchExportArgs => ({
        names,
        warehouse: { workgroupName: "datasharing-warehouse", arn: WORKGROUP, database: "dev" },
        source: {
            schema: "public",
            table: "transaction_log",
            columns: [
                { name: "event_id", type: "bigint" },
                { name: "event_time", type: "timestamp" },
                { name: "email" },
                { name: "card_number" },
                { name: "message" },
            ],
            watermarkColumn: "event_id",
            piiColumns: ["email", "card_number"],
        },
        output: { bucketName: BUCKET_NAME, bucketArn: BUCKET, prefix: "transaction_logs/", keyArn: BUCKET_KEY },
        schedule: "rate(15 minutes)",
        batchLimit: 10000,
        protect: true,
    });
    const build = (change: (a: MicrobatchExportArgs) => void = () => undefined): Promise<StackRun> => {
        const a = args();
        change(a);
        return runProgram(() => {
            new MicrobatchExport("microbatch", a);
            return {};
        }, PRODUCER);
    };
    let run: StackRun;
    before(async () => {
        run = await build();
        assert.deepEqual(run.errors, []);
    });

    it("hands the function an environment its own configuration check accepts", () => {
        const config = microbatchConfig(run.one("aws:lambda/function:Function").inputs.environment.variables);
        assert.deepEqual(config.warehouse, { workgroupName: "datasharing-warehouse", database: "dev" });
        assert.deepEqual(
            [config.schema, config.table, config.watermarkColumn, config.piiColumns],
            ["public", "transaction_log", "event_id", ["email", "card_number"]],
        );
        // Only the declared columns leave the warehouse; the BIGINT one is read as text.
        assert.deepEqual(
            [config.columns, config.textColumns, config.settleSeconds],
            [["event_id", "event_time", "email", "card_number", "message"], ["event_id"], 0],
        );
        assert.deepEqual(
            [config.bucket, config.prefix, config.kmsKeyArn, config.watermarkTable],
            [BUCKET_NAME, "transaction_logs/", BUCKET_KEY, "datasharing-microbatch-watermarks"],
        );
    });

    it("runs on a schedule, with no reserved concurrency (a new account has none to reserve), outside any VPC (the Data API is a regional endpoint)", () => {
        const fn = run.one("aws:lambda/function:Function").inputs;
        // Overlapping runs are safe without it: see the handler's "another run moved the watermark" test.
        assert.equal(fn.reservedConcurrentExecutions, undefined);
        assert.equal(fn.vpcConfig, undefined);
        assert.ok(fn.timeout > 300, "longer than the handler's wait for a query");
        assert.equal(run.one("aws:cloudwatch/eventRule:EventRule").inputs.scheduleExpression, "rate(15 minutes)");
    });

    it("keeps watermarks in a table encrypted with its key, with point-in-time recovery, protected", () => {
        const table = run.one("aws:dynamodb/table:Table");
        const key = run.one("aws:kms/key:Key");
        assert.equal(table.inputs.name, "datasharing-microbatch-watermarks");
        assert.equal(table.inputs.hashKey, "source");
        assert.deepEqual(table.inputs.serverSideEncryption, { enabled: true, kmsKeyArn: key.state.arn });
        assert.deepEqual(table.inputs.pointInTimeRecovery, { enabled: true });
        assert.equal(table.options.protect, true);
        assert.equal(table.inputs.deletionProtectionEnabled, true);
        assert.equal(key.options.protect, true);
    });

    it("grants its role the microbatch policy for its own table and folder", () => {
        const grants = run.ofType("aws:iam/rolePolicy:RolePolicy").find((p) => p.inputs.name === "microbatch")!;
        const policy = JSON.parse(grants.inputs.policy);
        const write = policy.Statement.find((s: any) => s.Sid === "WriteBatches");
        assert.equal(write.Resource, `${BUCKET}/transaction_logs/*`);
        assert.equal(policy.Statement.find((s: any) => s.Sid === "KeepWatermark").Resource, WATERMARKS);
        assert.equal(policy.Statement.find((s: any) => s.Sid === "SignInAsRole").Action, "redshift-serverless:GetCredentials");
    });

    it("signs in to a provisioned cluster as its IAM identity on its database only", async () => {
        const cluster = await build(
            (a) => (a.warehouse = { clusterIdentifier: "datasharing-warehouse", arn: names.arn("redshift", "cluster:datasharing-warehouse"), database: "dev" }),
        );
        const policy = JSON.parse(cluster.ofType("aws:iam/rolePolicy:RolePolicy").find((p) => p.inputs.name === "microbatch")!.inputs.policy);
        const signIn = policy.Statement.find((s: any) => s.Sid === "SignInAsRole");
        assert.deepEqual(
            [signIn.Action, signIn.Resource],
            ["redshift:GetClusterCredentialsWithIAM", "arn:aws:redshift:eu-west-1:111111111111:dbname:datasharing-warehouse/dev"],
        );
        assert.equal(cluster.one("aws:lambda/function:Function").inputs.environment.variables.CLUSTER_IDENTIFIER, "datasharing-warehouse");
    });

    const bad: { name: string; change: (a: MicrobatchExportArgs) => void; message: RegExp }[] = [
        {
            name: "both a workgroup and a cluster",
            change: (a) => (a.warehouse = { ...a.warehouse, clusterIdentifier: "c" }),
            message: /exactly one of warehouse.workgroupName/,
        },
        { name: "a prefix that is not a folder", change: (a) => (a.output = { ...a.output, prefix: "transaction_logs" }), message: /OUTPUT_PREFIX/ },
        {
            name: "the watermark column marked as PII",
            change: (a) => (a.source = { ...a.source, piiColumns: ["event_id"] }),
            message: /WATERMARK_COLUMN event_id is listed in PII_COLUMNS/,
        },
        {
            name: "a PII column the table does not declare",
            change: (a) => (a.source = { ...a.source, piiColumns: ["customer_name"] }),
            message: /PII_COLUMNS\[0\]: customer_name is not among COLUMNS/,
        },
        { name: "a table name that is not an identifier", change: (a) => (a.source = { ...a.source, table: "logs; drop table x" }), message: /SOURCE_TABLE/ },
    ];
    for (const c of bad) {
        it(`fails before deploying on ${c.name}`, async () => {
            const failed = await build(c.change);
            assert.ok(
                failed.errors.some((e) => c.message.test(e) && e.startsWith("microbatch export microbatch")),
                failed.errors.join("\n"),
            );
        });
    }
});
