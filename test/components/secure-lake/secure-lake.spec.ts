import * as pulumi from "@pulumi/pulumi";
import { strict as assert } from "assert";
import * as path from "path";
import { SecureLake } from "../../../components/secure-lake";
import { AccountNames } from "../../../core/naming";
import { MASKING_JOBS, GLUE_SCRIPTS_DIR } from "../../../components/secure-lake/etl";
import { QUICKSIGHT_KEY_OPERATIONS } from "../../../components/secure-lake/quicksight";
import { describeAccess, lakeFormationAccess } from "../../../patterns/lake-formation/access";
import { readJobArguments } from "../../support/glue-script";
import { allow, decide } from "../../support/iam";
import { MANAGED_POLICIES } from "../../support/managed-policies";
import { StackRun, runProgram, runStack } from "../../support/run-stack";
import { literalExternal } from "../../support/contracts";
import { topologyWith } from "../../support/sample";

const ACCOUNT = "111111111111";
const EXTERNAL = literalExternal("333333333333");
const USERS = { admin: `arn:aws:iam::${ACCOUNT}:user/datasharing-lake-admin`, analyst: `arn:aws:iam::${ACCOUNT}:user/datasharing-lake-analyst` };
const GLUE_ROLE = `arn:aws:iam::${ACCOUNT}:role/datasharing-lake-glue`;
const QUICKSIGHT_GROUP = `arn:aws:quicksight:eu-west-1:${ACCOUNT}:group/default/Analyst`;
const LAKE_BUCKET = `arn:aws:s3:::datasharing-lake-${ACCOUNT}-eu-west-1`;

const producer = (config: Record<string, string> = {}) =>
    runStack("producer", { config: { "datasharing:references": JSON.stringify({ external: EXTERNAL }), ...config } });

/** What a principal may do through Lake Formation, as readable strings. */
function accessOf(run: StackRun, principal: string): string[] {
    return lakeFormationAccess(run.resources)
        .filter((a) => a.principal === principal)
        .map(describeAccess)
        .sort();
}

// Rewritten for issue 18: clean_cards.cardholder_address is PII in the topology, so no analyst reads it.
const ANALYST_READS = [
    "SELECT db1.clean_cards(card_id,card_last_four,cardholder_first_name,cardholder_last_name,cardholder_age)",
    "SELECT db1.clean_sales(sale_id,customer_id,card_id,price,sold_at)",
    "SELECT db1.customers(customer_id,first_name,last_name,card_id,age)",
];

describe("SecureLake (reference/004) in the producer stack", () => {
    let run: StackRun;
    before(async () => {
        run = await producer();
        assert.deepEqual(run.errors, []);
    });

    it("lets the analyst and the QuickSight group read the clean tables and customers without their PII columns, and nothing else", () => {
        assert.deepEqual(accessOf(run, USERS.analyst), ANALYST_READS);
        const groupArn = run.one("aws:quicksight/group:Group").state.arn ?? QUICKSIGHT_GROUP;
        assert.deepEqual(accessOf(run, groupArn), ANALYST_READS);
    });

    it("gives the Glue role CREATE_TABLE on db1, the lake location and what it crawls and cleans, never with grant option", () => {
        const glue = lakeFormationAccess(run.resources).filter((a) => a.principal === GLUE_ROLE);
        assert.ok(glue.some((a) => a.permission === "CREATE_TABLE" && a.database === "db1" && !a.table));
        assert.ok(glue.some((a) => a.permission === "DATA_LOCATION_ACCESS" && a.location === LAKE_BUCKET));
        assert.deepEqual(
            glue.filter((a) => a.grantable),
            [],
            "the Glue role can grant nothing",
        );
        assert.deepEqual(
            glue
                .filter((a) => a.permission === "SELECT")
                .map((a) => a.table)
                .sort(),
            ["cards", "sales"],
            "it reads the raw tables it cleans, nothing else",
        );
    });

    it("gives the admin ALL on db1 with grant option", () => {
        assert.deepEqual(accessOf(run, USERS.admin), ["ALL+grant db1"]);
    });

    it("makes the admin and the deploying role (not its STS session) Lake Formation admins, and clears the IAM-only defaults", () => {
        const settings = run.one("aws:lakeformation/dataLakeSettings:DataLakeSettings").inputs;
        assert.deepEqual(settings.admins, [USERS.admin, `arn:aws:iam::${ACCOUNT}:role/deployer`]);
        assert.deepEqual(settings.createDatabaseDefaultPermissions, []);
        assert.deepEqual(settings.createTableDefaultPermissions, []);
        // reference/004: "Database creators > IAMAllowedPrincipals > Revoke Create database", which the settings above do not do.
        const revocation = run.one("pulumi-nodejs:dynamic/datasharing:IamAllowedPrincipalsRevocation", "lake-catalog-iam-allowed-create-database");
        assert.deepEqual(revocation.inputs.target, { accountId: ACCOUNT, region: "eu-west-1" });
        // The lake's own database (a published product without one gets another: see publishing.spec).
        const database = run.one("aws:glue/catalogDatabase:CatalogDatabase", "lake-catalog").inputs;
        assert.equal(database.name, "db1");
        assert.equal(database.locationUri, `s3://datasharing-lake-${ACCOUNT}-eu-west-1/`);
        assert.ok(
            run.ofType("aws:lakeformation/permissions:Permissions").every((p) => !JSON.stringify(p.inputs).includes("IAM_ALLOWED_PRINCIPALS")),
            "IAMAllowedPrincipals is granted nothing",
        );
    });

    it("applies grants one at a time, after the settings that make the deployer an admin", () => {
        const grants = run.ofType("aws:lakeformation/permissions:Permissions").filter((g) => g.name.startsWith("lake-grants-"));
        const names = new Set(grants.map((g) => g.name));
        const before = new Map(grants.map((g) => [g.name, g.options.dependencies.map((u) => u.split("::").pop()!).filter((n) => names.has(n))]));
        const first = grants.filter((g) => before.get(g.name)!.length === 0);
        assert.deepEqual(
            first.map((g) => g.name),
            ["lake-grants-admin-db1"],
            "exactly one grant starts the chain",
        );
        assert.ok(
            first[0].options.dependencies.some((u) => u.endsWith("DataLakeSettings::lake-catalog")),
            "and it waits for the settings",
        );
        const successors = new Map<string, string[]>();
        for (const [name, preds] of before) {
            assert.ok(preds.length <= 1, `${name} waits for one grant, not ${preds.length}`);
            preds.forEach((p) => successors.set(p, [...(successors.get(p) ?? []), name]));
        }
        let walked = 1;
        for (let at = first[0].name; successors.has(at); walked++) {
            assert.equal(successors.get(at)!.length, 1, `only one grant follows ${at}`);
            at = successors.get(at)![0];
        }
        assert.equal(walked, grants.length, "one chain through every grant: none runs concurrently with another");
    });

    it("registers the lake with a data access role that can use the lake key", async () => {
        const location = run.one("aws:lakeformation/resource:Resource").inputs;
        assert.equal(location.arn, LAKE_BUCKET);
        assert.equal(location.roleArn, `arn:aws:iam::${ACCOUNT}:role/datasharing-lake-data-access`);
    });

    it("denies non-TLS requests on every bucket of the stack", async () => {
        const policies = run.ofType("aws:s3/bucketPolicy:BucketPolicy");
        assert.equal(policies.length, 5, "lake, Athena results, Glue assets, Published Datasets, Redshift copy assets");
        for (const p of policies) {
            const bucketArn = `arn:aws:s3:::${p.inputs.bucket}`;
            const request = {
                principal: USERS.admin,
                action: "s3:GetObject",
                resource: `${bucketArn}/x`,
                resourceAccount: ACCOUNT,
                identityPolicies: [allow(["s3:GetObject"], [`${bucketArn}/*`])],
                resourcePolicy: run.policyOf(p),
            };
            assert.equal(await decide({ ...request, context: { "aws:SecureTransport": "false" } }), "ExplicitlyDenied", p.inputs.bucket);
            assert.equal(await decide({ ...request, context: { "aws:SecureTransport": "true" } }), "Allowed", p.inputs.bucket);
        }
    });

    it("encrypts the lake, its sample data, Glue's output, logs and bookmarks, and Athena's results with the lake key", () => {
        const keyArn = run.one("aws:kms/key:Key", "lake-key").state.arn;
        const lakeSse = run
            .ofType("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration")
            .filter((s) => String(s.inputs.bucket).startsWith("datasharing-lake-"));
        assert.equal(lakeSse[0].inputs.rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId, keyArn);
        const objects = run.ofType("aws:s3/bucketObjectv2:BucketObjectv2").filter((o) => String(o.inputs.key).endsWith(".csv"));
        assert.deepEqual(objects.map((o) => o.inputs.key).sort(), ["cards/cards.csv", "customers/customers.csv", "sales/sales.csv"]);
        for (const o of objects) assert.deepEqual([o.inputs.serverSideEncryption, o.inputs.kmsKeyId], ["aws:kms", keyArn]);
        const glue = run.one("aws:glue/securityConfiguration:SecurityConfiguration", "lake-etl").inputs.encryptionConfiguration;
        assert.deepEqual(
            [glue.s3Encryption.s3EncryptionMode, glue.cloudwatchEncryption.cloudwatchEncryptionMode, glue.jobBookmarksEncryption.jobBookmarksEncryptionMode],
            ["SSE-KMS", "SSE-KMS", "CSE-KMS"],
        );
        for (const k of [glue.s3Encryption.kmsKeyArn, glue.cloudwatchEncryption.kmsKeyArn, glue.jobBookmarksEncryption.kmsKeyArn]) assert.equal(k, keyArn);
        const athena = run.one("aws:athena/workgroup:Workgroup").inputs.configuration;
        assert.equal(athena.enforceWorkgroupConfiguration, true);
        assert.deepEqual(athena.resultConfiguration.encryptionConfiguration, { encryptionOption: "SSE_KMS", kmsKeyArn: keyArn });
    });

    it("lets CloudWatch Logs use the lake key only for Glue's log groups", () => {
        // Checked by shape: the IAM simulator cannot match kms:EncryptionContext:<key> variables.
        const statements = run.policyOf(run.one("aws:kms/key:Key", "lake-key")).Statement;
        const logs = statements.filter((s: any) => JSON.stringify(s.Principal).includes("logs."));
        assert.equal(logs.length, 1);
        assert.deepEqual(logs[0].Principal, { Service: ["logs.eu-west-1.amazonaws.com"] });
        assert.deepEqual(logs[0].Condition, { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws-glue/*` } });
        assert.ok(!logs[0].Action.includes("kms:*") && !logs[0].Action.includes("kms:CreateGrant"));
    });

    it("grants QuickSight's S3 role exactly the five key operations of reference/004", () => {
        const grant = run.one("aws:kms/grant:Grant").inputs;
        assert.deepEqual([...grant.operations].sort(), [...QUICKSIGHT_KEY_OPERATIONS].sort());
        assert.deepEqual([...grant.operations].sort(), ["Decrypt", "DescribeKey", "Encrypt", "GenerateDataKey", "GenerateDataKeyPair"]);
        assert.equal(grant.granteePrincipal, `arn:aws:iam::${ACCOUNT}:role/service-role/aws-quicksight-s3-consumers-role-v0`);
    });

    it("passes each masking job exactly the arguments its script reads", () => {
        for (const job of MASKING_JOBS) {
            const glueJob = run.ofType("aws:glue/job:Job").find((j) => j.inputs.name === job.name)!;
            const passed = Object.keys(glueJob.inputs.defaultArguments)
                .filter((k) => !["--job-bookmark-option", "--TempDir", "--enable-continuous-cloudwatch-log", "--extra-py-files"].includes(k))
                .map((k) => k.replace(/^--/, ""));
            const read = readJobArguments(path.join(GLUE_SCRIPTS_DIR, job.script)).filter((a) => a !== "JOB_NAME");
            assert.deepEqual(passed.sort(), read.sort(), job.name);
            assert.equal(glueJob.inputs.defaultArguments["--output_s3_bucket_name"], `datasharing-lake-${ACCOUNT}-eu-west-1`);
            assert.equal(glueJob.inputs.securityConfiguration, run.one("aws:glue/securityConfiguration:SecurityConfiguration", "lake-etl").inputs.name);
        }
    });

    it("crawls exactly the five lake tables, updating them in place", () => {
        const crawler = run.one("aws:glue/crawler:Crawler").inputs;
        assert.deepEqual([...crawler.catalogTargets[0].tables].sort(), ["cards", "clean_cards", "clean_sales", "customers", "sales"]);
        assert.equal(crawler.schemaChangePolicy.deleteBehavior, "LOG");
    });

    it("gives both users a console password they must reset, from a random secret, and the right to reset it", () => {
        const profiles = run.ofType("pulumi-nodejs:dynamic:LoginProfile").concat(run.ofType("pulumi-nodejs:dynamic/datasharing:LoginProfile"));
        assert.deepEqual(profiles.map((p) => p.inputs.userName).sort(), ["datasharing-lake-admin", "datasharing-lake-analyst"]);
        for (const p of profiles) assert.equal(p.inputs.passwordResetRequired, true);
        const changePassword = run
            .ofType("aws:iam/userPolicyAttachment:UserPolicyAttachment")
            .map((a) => `${a.inputs.user}:${a.inputs.policyArn}`)
            .sort();
        assert.deepEqual(changePassword, [
            "datasharing-lake-admin:arn:aws:iam::aws:policy/IAMUserChangePassword",
            "datasharing-lake-analyst:arn:aws:iam::aws:policy/IAMUserChangePassword",
        ]);
        assert.deepEqual(
            run
                .ofType("random:index/randomPassword:RandomPassword")
                .map((p) => p.name)
                .filter((n) => n.startsWith("lake")).length,
            2,
        );
    });

    it("exports the initial passwords only as secrets", async () => {
        let lake: SecureLake | undefined;
        const names = new AccountNames("datasharing", { accountId: ACCOUNT, region: "eu-west-1" });
        await runProgram(() => {
            lake = new SecureLake("lake", {
                names,
                target: { accountId: ACCOUNT, region: "eu-west-1" },
                protect: true,
                sampleCustomers: 50,
                salesPerCustomer: 4,
                crossAccountVersion: "4",
            });
            return {};
        });
        assert.equal(await pulumi.isSecret(lake!.identities.adminPassword), true);
        assert.equal(await pulumi.isSecret(lake!.identities.analystPassword), true);
        assert.match(String(run.outputs?.lakeAdminPassword), /^.{24}$/, "24 random characters");
    });
});

describe("lake identities", () => {
    let run: StackRun;
    before(async () => {
        run = await producer();
    });
    const policyOf = (type: string, name: string) => run.policyOf(run.one(type, name));

    it("lets the analyst query through the lake workgroup only, and never read the lake's files around Lake Formation", async () => {
        const identity = policyOf("aws:iam/groupPolicy:GroupPolicy", "lake-identities-analysts");
        const ask = (action: string, resource: string) =>
            decide({ principal: USERS.analyst, action, resource, resourceAccount: ACCOUNT, identityPolicies: [identity] });
        assert.equal(await ask("athena:StartQueryExecution", `arn:aws:athena:eu-west-1:${ACCOUNT}:workgroup/datasharing-lake-analysts`), "Allowed");
        assert.equal(await ask("athena:StartQueryExecution", `arn:aws:athena:eu-west-1:${ACCOUNT}:workgroup/primary`), "ImplicitlyDenied");
        assert.equal(await ask("s3:GetObject", `${LAKE_BUCKET}/cards/cards.csv`), "ImplicitlyDenied");
        assert.equal(await ask("s3:GetObject", `arn:aws:s3:::datasharing-athena-results-${ACCOUNT}-eu-west-1/results/q.csv`), "Allowed");
    });

    it("lets the analyst use the Athena console: list and read workgroups, the data catalog, databases and table metadata, and nothing beyond", async () => {
        const identity = policyOf("aws:iam/groupPolicy:GroupPolicy", "lake-identities-analysts");
        const ask = (action: string, resource: string) =>
            decide({ principal: USERS.analyst, action, resource, resourceAccount: ACCOUNT, identityPolicies: [identity] });
        const athena = (resource: string) => `arn:aws:athena:eu-west-1:${ACCOUNT}:${resource}`;
        const glue = (resource: string) => `arn:aws:glue:eu-west-1:${ACCOUNT}:${resource}`;
        const consoleCalls = [
            ["athena:ListWorkGroups", "*"],
            ["athena:GetWorkGroup", athena("workgroup/datasharing-lake-analysts")],
            ["athena:ListDataCatalogs", "*"],
            ["athena:GetDataCatalog", athena("datacatalog/AwsDataCatalog")],
            ["athena:ListDatabases", athena("datacatalog/AwsDataCatalog")],
            ["athena:GetDatabase", athena("datacatalog/AwsDataCatalog")],
            ["athena:ListTableMetadata", athena("datacatalog/AwsDataCatalog")],
            ["athena:GetTableMetadata", athena("datacatalog/AwsDataCatalog")],
            ["glue:GetDatabases", glue("catalog")],
        ];
        for (const [action, resource] of consoleCalls) assert.equal(await ask(action, resource), "Allowed", `${action} on ${resource}`);
        const beyond = [
            ["athena:CreateWorkGroup", athena("workgroup/mine")],
            ["athena:UpdateWorkGroup", athena("workgroup/datasharing-lake-analysts")],
            ["athena:DeleteWorkGroup", athena("workgroup/datasharing-lake-analysts")],
            ["athena:GetWorkGroup", athena("workgroup/primary")],
            ["athena:CreateDataCatalog", athena("datacatalog/elsewhere")],
            ["athena:UpdateDataCatalog", athena("datacatalog/AwsDataCatalog")],
            ["athena:GetDataCatalog", athena("datacatalog/elsewhere")],
            ["athena:GetTableMetadata", athena("datacatalog/elsewhere")],
            ["athena:ListQueryExecutions", athena("workgroup/primary")],
            ["glue:CreateDatabase", glue("database/mine")],
            ["glue:GetTable", glue("table/other_db/t")],
            ["glue:UpdateTable", glue("table/db1/clean_cards")],
        ];
        for (const [action, resource] of beyond) assert.equal(await ask(action, resource), "ImplicitlyDenied", `${action} on ${resource}`);
    });

    it("lets the Glue role read the raw folders and write only the clean ones, and grant nothing", async () => {
        const identity = policyOf("aws:iam/rolePolicy:RolePolicy", "lake-identities-glue");
        const ask = (action: string, resource: string) =>
            decide({ principal: GLUE_ROLE, action, resource, resourceAccount: ACCOUNT, identityPolicies: [identity] });
        assert.equal(await ask("s3:GetObject", `${LAKE_BUCKET}/cards/cards.csv`), "Allowed");
        assert.equal(await ask("s3:PutObject", `${LAKE_BUCKET}/clean_cards/part-0.parquet`), "Allowed");
        assert.equal(await ask("s3:PutObject", `${LAKE_BUCKET}/cards/cards.csv`), "ImplicitlyDenied", "raw data is never overwritten");
        assert.equal(await ask("lakeformation:GrantPermissions", "*"), "ImplicitlyDenied");
    });

    it("gives the admin group the managed policies of reference/004 and the Lake Formation service role, nothing broader", async () => {
        const managed = run
            .ofType("aws:iam/groupPolicyAttachment:GroupPolicyAttachment")
            .map((a) => String(a.inputs.policyArn).split("/").pop())
            .sort();
        assert.deepEqual(managed, ["AWSGlueConsoleFullAccess", "AWSLakeFormationDataAdmin", "AmazonS3ReadOnlyAccess"]);
        const inline = policyOf("aws:iam/groupPolicy:GroupPolicy", "lake-identities-admins");
        const ask = (action: string, resource: string, context: Record<string, string> = {}) =>
            decide({ principal: USERS.admin, action, resource, resourceAccount: ACCOUNT, identityPolicies: [inline], context });
        const slr = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/lakeformation.amazonaws.com/AWSServiceRoleForLakeFormationDataAccess`;
        assert.equal(await ask("iam:CreateServiceLinkedRole", slr, { "iam:AWSServiceName": "lakeformation.amazonaws.com" }), "Allowed");
        assert.equal(
            await ask("iam:CreateUser", `arn:aws:iam::${ACCOUNT}:user/someone`),
            "ImplicitlyDenied",
            "the admin adds principals to the lake but does not create them",
        );
    });

    it("lets the admin administer Lake Formation but never read the raw cards through S3 (reference/004: no individual user reads cardholder data)", async () => {
        const managed = run
            .ofType("aws:iam/groupPolicyAttachment:GroupPolicyAttachment")
            .map((a) => MANAGED_POLICIES[String(a.inputs.policyArn).split("/").pop()!]);
        const identityPolicies = [...managed, policyOf("aws:iam/groupPolicy:GroupPolicy", "lake-identities-admins")];
        const key = run.one("aws:kms/key:Key", "lake-key");
        const lakeBucketPolicy = run.policyOf(run.ofType("aws:s3/bucketPolicy:BucketPolicy").find((p) => p.inputs.bucket === LAKE_BUCKET.split(":::")[1])!);
        const ask = (action: string, resource: string, resourcePolicy?: unknown, context: Record<string, string> = {}) =>
            decide({
                principal: USERS.admin,
                action,
                resource,
                resourceAccount: ACCOUNT,
                identityPolicies,
                resourcePolicy,
                context: { "aws:SecureTransport": "true", ...context },
            });
        assert.equal(await ask("s3:GetObject", `${LAKE_BUCKET}/cards/cards.csv`, lakeBucketPolicy), "ExplicitlyDenied");
        assert.equal(await ask("s3:GetObjectVersion", `${LAKE_BUCKET}/cards/cards.csv`, lakeBucketPolicy), "ExplicitlyDenied");
        const viaS3 = { "kms:ViaService": "s3.eu-west-1.amazonaws.com", "kms:EncryptionContext:aws:s3:arn": LAKE_BUCKET };
        assert.equal(await ask("kms:Decrypt", key.state.arn, run.policyOf(key), viaS3), "ImplicitlyDenied", "the lake key decrypts nothing for the admin");
        assert.equal(await ask("lakeformation:GrantPermissions", "*"), "Allowed", "it still administers Lake Formation");
        assert.equal(await ask("glue:GetTable", `arn:aws:glue:eu-west-1:${ACCOUNT}:table/db1/cards`), "Allowed", "and reads the catalog's metadata");
    });
});

describe("SecureLake: PII columns come from the topology", () => {
    const withTopology = (change: (t: any) => void) =>
        runStack("producer", { topology: topologyWith(change), config: { "datasharing:references": JSON.stringify({ external: EXTERNAL }) } });
    const salesInsights = (t: any) => t.dataProducts.find((p: any) => p.name === "sales_insights");

    it("hides from analysts every column a product over db1 marks PII", async () => {
        const run = await withTopology(
            (t) =>
                (salesInsights(t)
                    .tables.find((x: any) => x.name === "clean_sales")
                    .columns.find((c: any) => c.name === "price").pii = true),
        );
        assert.deepEqual(run.errors, []);
        assert.ok(
            accessOf(run, USERS.analyst).includes("SELECT db1.clean_sales(sale_id,customer_id,card_id,sold_at)"),
            accessOf(run, USERS.analyst).join("\n"),
        );
    });

    it("still hides reference/004's address and e-mail of customers when no product declares the lake's tables", async () => {
        const run = await withTopology((t) => {
            // Shared through the external account only, so no product names the producer's catalog.
            const external = (patterns: string[]) => patterns.map((p) => (p === "lake-formation-central" ? "lake-formation-external" : p));
            for (const c of t.consumers) {
                c.patterns = [...new Set(external(c.patterns))];
                for (const d of c.dataProducts) if (typeof d === "object" && d.patterns) d.patterns = external(d.patterns);
            }
            delete salesInsights(t).database;
        });
        assert.deepEqual(run.errors, []);
        assert.deepEqual(accessOf(run, USERS.analyst), [
            "SELECT db1.clean_cards(card_id,card_last_four,cardholder_first_name,cardholder_last_name,cardholder_address,cardholder_age)",
            "SELECT db1.clean_sales(sale_id,customer_id,card_id,price,sold_at)",
            "SELECT db1.customers(customer_id,first_name,last_name,card_id,age)",
        ]);
    });
});

describe("SecureLake without QuickSight", () => {
    it("creates no QuickSight resource and grants no group", async () => {
        const run = await producer({ "datasharing:lake": JSON.stringify({ quicksight: { enabled: false } }) });
        assert.deepEqual(run.errors, []);
        assert.deepEqual(
            run.resources.filter((r) => r.type.includes("quicksight") || r.type.includes("QuickSight") || r.type === "aws:kms/grant:Grant").map((r) => r.type),
            [],
        );
        assert.deepEqual(accessOf(run, QUICKSIGHT_GROUP), []);
        assert.deepEqual(accessOf(run, USERS.analyst), ANALYST_READS);
    });

    it("requires the analyst's e-mail when QuickSight is on", async () => {
        const run = await producer({ "datasharing:lake": JSON.stringify({ quicksight: { enabled: true } }) });
        assert.ok(
            run.errors.some((e) => e.includes("datasharing:lake.quicksight.analystEmail")),
            run.errors.join("\n"),
        );
        assert.deepEqual(run.awsResources, []);
    });
});

describe("QuickSight identity region", () => {
    const lake = (quicksight: Record<string, unknown>) =>
        producer({ "datasharing:lake": JSON.stringify({ quicksight: { enabled: true, analystEmail: "analyst@acme.example", ...quicksight } }) });
    const IDENTITIES = ["aws:quicksight/user:User", "aws:quicksight/group:Group", "aws:quicksight/groupMembership:GroupMembership"];

    it("creates the QuickSight user, group and membership in the identity region, through a provider pinned to the account, and the rest in the stack's region", async () => {
        const run = await lake({ identityRegion: "us-east-1" });
        assert.deepEqual(run.errors, []);
        const provider = run.one("pulumi:providers:aws", "aws-producer-us-east-1").inputs;
        assert.equal(provider.region, "us-east-1");
        assert.deepEqual(JSON.parse(provider.allowedAccountIds), [ACCOUNT]);
        for (const type of IDENTITIES) assert.deepEqual([run.one(type).region, run.one(type).accountId], ["us-east-1", ACCOUNT], type);
        for (const type of ["aws:quicksight/dataSource:DataSource", "aws:quicksight/dataSet:DataSet"]) assert.equal(run.one(type).region, "eu-west-1", type);
        const groupArn = run.one("aws:quicksight/group:Group").state.arn;
        assert.match(groupArn, /^arn:aws:quicksight:us-east-1:/);
        assert.deepEqual(accessOf(run, groupArn), accessOf(run, USERS.analyst), "Lake Formation grants name the group as the identity region knows it");
    });

    it("defaults to the stack's region, with the stack's one provider", async () => {
        const run = await lake({});
        assert.deepEqual(
            run.ofType("pulumi:providers:aws").map((p) => p.name),
            ["aws-producer"],
        );
        for (const type of IDENTITIES) assert.equal(run.one(type).region, "eu-west-1", type);
    });

    it("refuses a malformed region, naming the key", async () => {
        const run = await lake({ identityRegion: "virginia" });
        assert.ok(
            run.errors.some((e) => e.includes("datasharing:lake.quicksight.identityRegion") && e.includes("is not an AWS region code")),
            run.errors.join("\n"),
        );
        assert.deepEqual(run.awsResources, []);
    });
});
