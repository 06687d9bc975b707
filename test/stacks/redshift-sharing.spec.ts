import { strict as assert } from "assert";
import { TopologyEvaluation } from "../../plan/evaluation";
import { datasharePaths } from "../../patterns/redshift-datashare/paths";
import { runPreflight, worldOf } from "../../plan/preflight";
import { CapturedResource } from "../../plan/mock-aws";
import { readJobArguments } from "../support/glue-script";
import { COPY_SCRIPT, copyJobArguments } from "../../patterns/redshift-datashare/copy-job";
import { allow, decide } from "../support/iam";
import { Ordering } from "../support/ordering";
import { sampleEvaluation } from "../support/sample-evaluation";
import { runStack } from "../support/run-stack";

const PRODUCER = "111111111111";
const EXTERNAL = "333333333333";
const AUDITOR = "444444444444";
const SUPPLIER = "555555555555";
const COPY_ROLE = `arn:aws:iam::${PRODUCER}:role/datasharing-redshift-copy`;

/** Pattern 4 across the sample topology: option A to the supplier, option B to the auditor. */
describe("Redshift data sharing (pattern 4) across the stacks", () => {
    let now: TopologyEvaluation;
    let later: TopologyEvaluation;
    const stack = (e: TopologyEvaluation, name: string) => e.stacks.find((s) => s.stack === name)!;
    const ofType = (e: TopologyEvaluation, name: string, type: string): CapturedResource[] => stack(e, name).resources.filter((r) => r.type === type);

    before(async () => {
        now = await sampleEvaluation("2026-11-22T00:00:00Z");
        // The auditor's access ends with 2027-12-31.
        later = await sampleEvaluation("2028-01-01T00:00:00Z");
    });

    it("reaches each consumer: option A from production, option B from the external copy", () => {
        const paths = datasharePaths(now.stacks).map((p) => [p.datashare, p.option, p.sharingAccount, p.consumerAccount, p.database, p.reachesConsumer]);
        assert.deepEqual(paths, [
            ["transaction_logs", "B", EXTERNAL, AUDITOR, "transaction_logs_shared", true],
            ["inventory_levels", "A", PRODUCER, SUPPLIER, "inventory_levels_shared", true],
        ]);
    });

    it("grants and authorizes each datashare for exactly its active consumers", () => {
        const share = (s: string) =>
            ofType(now, s, "pulumi-nodejs:dynamic/datasharing:ProducerDatashare").map((d) => [d.inputs.name, d.inputs.consumerAccounts]);
        assert.deepEqual(share("producer"), [["inventory_levels", [SUPPLIER]]], "production shares only option A's product");
        assert.deepEqual(share("external"), [["transaction_logs", [AUDITOR]]]);
        const auth = ofType(now, "external", "aws:redshift/dataShareAuthorization:DataShareAuthorization")[0];
        assert.equal(auth.inputs.consumerIdentifier, AUDITOR);
        assert.equal(auth.inputs.allowWrites, false);
        assert.match(auth.inputs.dataShareArn, new RegExp(`^arn:aws:redshift:eu-west-1:${EXTERNAL}:datashare:[0-9a-f-]{36}/transaction_logs$`));
    });

    it("revokes and de-authorizes a consumer whose access has ended, and drops its database", () => {
        assert.deepEqual(ofType(later, "external", "pulumi-nodejs:dynamic/datasharing:ProducerDatashare")[0].inputs.consumerAccounts, []);
        assert.deepEqual(ofType(later, "external", "aws:redshift/dataShareAuthorization:DataShareAuthorization"), []);
        assert.deepEqual(ofType(later, "consumer", "aws:redshift/dataShareConsumerAssociation:DataShareConsumerAssociation"), []);
        assert.deepEqual(ofType(later, "consumer", "pulumi-nodejs:dynamic/datasharing:ConsumerDatashareDatabase"), []);
        assert.equal(ofType(later, "consumer", "aws:redshiftserverless/namespace:Namespace").length, 1, "the consumer's warehouse (and its data) stays");
    });

    it("makes the consumer's database only after its association, with the producer's account and namespace from the contract", () => {
        const consumer = stack(now, "consumer");
        const database = ofType(now, "consumer", "pulumi-nodejs:dynamic/datasharing:ConsumerDatashareDatabase")[0];
        assert.ok(
            new Ordering(consumer.resources)
                .before(`${database.type}::${database.name}`)
                .has(`aws:redshift/dataShareConsumerAssociation:DataShareConsumerAssociation::${database.name}`),
        );
        const external = (stack(now, "external").outputs as any).datashares.transaction_logs;
        assert.deepEqual([database.inputs.producerAccountId, database.inputs.producerNamespace], [EXTERNAL, external.namespaceId]);
        const association = ofType(now, "consumer", "aws:redshift/dataShareConsumerAssociation:DataShareConsumerAssociation")[0];
        assert.equal(association.inputs.dataShareArn, external.arn);
        assert.match(
            association.inputs.consumerArn,
            /^arn:aws:redshift-serverless:eu-west-1:444444444444:namespace\//,
            "associated with the consumer's warehouse only",
        );
    });

    it("builds private, encrypted, audited warehouses: provisioned in production and external, Serverless for consumers", () => {
        for (const name of ["producer", "external"]) {
            const [cluster] = ofType(now, name, "aws:redshift/cluster:Cluster");
            const key = ofType(now, name, "aws:kms/key:Key").find((k) => k.name === "warehouse")!;
            assert.deepEqual(
                [
                    cluster.inputs.encrypted,
                    cluster.inputs.kmsKeyId,
                    cluster.inputs.publiclyAccessible,
                    cluster.inputs.enhancedVpcRouting,
                    cluster.inputs.manageMasterPassword,
                ],
                ["true", key.state.arn, false, true, true],
                name,
            );
            assert.match(cluster.inputs.nodeType, /^ra3\./);
            // A Redshift-managed VPC endpoint (option B) reaches only a cluster with relocation on, on a relocation port.
            assert.deepEqual([cluster.inputs.availabilityZoneRelocationEnabled, cluster.inputs.port], [true, 5439], `${name}: relocation`);
            assert.equal(cluster.options.protect, true, `${name}: the warehouse is protected`);
            assert.deepEqual(ofType(now, name, "aws:redshift/logging:Logging")[0].inputs.logExports, ["connectionlog", "userlog", "useractivitylog"]);
            const params = ofType(now, name, "aws:redshift/parameterGroup:ParameterGroup")[0].inputs.parameters;
            assert.ok(
                params.some((p: { name: string; value: string }) => p.name === "require_ssl" && p.value === "true"),
                `${name}: TLS only`,
            );
        }
        for (const name of ["consumer", "consumer-supplier"]) {
            const [namespace] = ofType(now, name, "aws:redshiftserverless/namespace:Namespace");
            const [workgroup] = ofType(now, name, "aws:redshiftserverless/workgroup:Workgroup");
            assert.deepEqual(
                [namespace.inputs.manageAdminPassword, typeof namespace.inputs.kmsKeyId, namespace.inputs.logExports.length],
                [true, "string", 3],
                name,
            );
            assert.deepEqual([workgroup.inputs.publiclyAccessible, workgroup.inputs.enhancedVpcRouting], [false, true], name);
        }
        const vpc = ofType(now, "consumer", "awsx:ec2:Vpc")[0];
        assert.deepEqual(
            vpc.inputs.subnetSpecs.map((s: { type: string }) => s.type),
            ["Isolated"],
            "no public subnet, so no internet gateway",
        );
        assert.equal(vpc.inputs.natGateways.strategy, "None");
    });

    it("passes every preflight rule: principals that exist, Glue's network to S3 and its subnet's zone", () => {
        assert.deepEqual(runPreflight(worldOf(now)), []);
    });

    it("lets the copy job reach S3 through the gateway endpoint, and places its connections in their subnet's zone", () => {
        const glueSg = ofType(now, "producer", "aws:ec2/securityGroup:SecurityGroup").find((g) => g.name === "redshift-copy-glue")!;
        const s3List = stack(now, "producer").lookups!.find(
            (l) => l.token === "aws:ec2/getPrefixList:getPrefixList" && l.inputs.name === "com.amazonaws.eu-west-1.s3",
        )!.result.id;
        assert.ok(
            glueSg.inputs.egress.some((e: any) => e.protocol === "tcp" && e.fromPort === 443 && e.toPort === 443 && e.prefixListIds?.includes(s3List)),
            JSON.stringify(glueSg.inputs.egress),
        );
        assert.ok(!glueSg.inputs.egress.some((e: any) => e.cidrBlocks?.includes("0.0.0.0/0")), "nothing else leaves the VPC");
        const connections = ofType(now, "producer", "aws:glue/connection:Connection");
        assert.equal(connections.length, 2, "the sample's copy job has two connections");
        for (const connection of connections) {
            const { subnetId, availabilityZone } = connection.inputs.physicalConnectionRequirements;
            assert.equal(availabilityZone, `eu-west-1${"abcdef"[Number(subnetId.slice(-1))]}`, connection.name);
        }
    });

    it("passes the copy job exactly the arguments its script reads, on the product's schedule", () => {
        const job = ofType(now, "producer", "aws:glue/job:Job").find((j) => j.inputs.defaultArguments["--staging_schema"])!;
        const passed = Object.keys(copyJobArguments("s", "t", { schema: "logs", tables: ["transaction_log"] })).map((k) => k.replace(/^--/, ""));
        assert.deepEqual(passed.sort(), readJobArguments(COPY_SCRIPT).sort());
        assert.deepEqual(JSON.parse(job.inputs.defaultArguments["--tables"]), [{ schema: "logs", table: "transaction_log" }]);
        assert.deepEqual(job.inputs.connections.length, 2);
        // The copy job's own trigger (the producer also schedules the publish jobs of patterns 1 and 3).
        const trigger = ofType(now, "producer", "aws:glue/trigger:Trigger").find((t) =>
            t.inputs.actions.some((a: { jobName: string }) => a.jobName === job.inputs.name),
        )!;
        assert.equal(trigger.inputs.schedule, "cron(5 * * * ? *)");
        const endpoint = ofType(now, "producer", "aws:redshift/endpointAccess:EndpointAccess")[0];
        assert.deepEqual([endpoint.inputs.resourceOwner, endpoint.inputs.clusterIdentifier], [EXTERNAL, "datasharing-warehouse"]);
        assert.equal(ofType(now, "external", "aws:redshift/endpointAuthorization:EndpointAuthorization")[0].inputs.account, PRODUCER);
    });

    it("lets only the producer's copy role read the writer secret, and decrypt it only through Secrets Manager", async () => {
        const policy = JSON.parse(ofType(now, "external", "aws:secretsmanager/secretPolicy:SecretPolicy")[0].inputs.policy);
        const secret = `arn:aws:secretsmanager:eu-west-1:${EXTERNAL}:secret:datasharing-redshift-copy-writer-AbCdEf`;
        const read = (principal: string) =>
            decide({
                principal,
                action: "secretsmanager:GetSecretValue",
                resource: secret,
                resourceAccount: EXTERNAL,
                resourcePolicy: policy,
                identityPolicies: [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: "*" }] }],
            });
        assert.equal(await read(COPY_ROLE), "Allowed");
        assert.equal(await read(`arn:aws:iam::${PRODUCER}:role/datasharing-lake-admin`), "ImplicitlyDenied");
        assert.equal(await read(`arn:aws:iam::${AUDITOR}:role/auditor-analyst`), "ImplicitlyDenied");
        const keyPolicy = JSON.parse(ofType(now, "external", "aws:kms/key:Key").find((k) => k.name === "redshift-copy-target-writer")!.inputs.policy);
        const key = `arn:aws:kms:eu-west-1:${EXTERNAL}:key/writer`;
        const decrypt = (principal: string, via: string) =>
            decide({
                principal,
                action: "kms:Decrypt",
                resource: key,
                resourceAccount: EXTERNAL,
                resourcePolicy: keyPolicy,
                identityPolicies: [allow(["kms:Decrypt"], ["*"])],
                context: { "kms:ViaService": via },
            });
        assert.equal(await decrypt(COPY_ROLE, "secretsmanager.eu-west-1.amazonaws.com"), "Allowed");
        assert.equal(await decrypt(COPY_ROLE, "s3.eu-west-1.amazonaws.com"), "ImplicitlyDenied", "only through Secrets Manager");
        assert.equal(await decrypt(`arn:aws:iam::${PRODUCER}:role/datasharing-lake-admin`, "secretsmanager.eu-west-1.amazonaws.com"), "ImplicitlyDenied");
        // The role does not exist when the external stack deploys first: named by its account, narrowed to it.
        const grant = keyPolicy.Statement.find((s: { Sid: string }) => s.Sid === "ProducerCopyJobReadsWriterSecret");
        assert.deepEqual(grant.Principal.AWS, [`arn:aws:iam::${PRODUCER}:root`]);
        assert.equal(policy.Statement[0].Principal.AWS, `arn:aws:iam::${PRODUCER}:root`);
    });

    it("gives the copy job a key of its own, usable only through S3 and Secrets Manager, and never the warehouse's key", async () => {
        const keys = ofType(now, "producer", "aws:kms/key:Key");
        const warehouseKey = keys.find((k) => k.name === "warehouse")!.state.arn;
        const copyKey = keys.find((k) => k.name === "redshift-copy")!.state.arn;
        // KMS evaluates the key policy too: each key's own, which admits the account's IAM policies.
        const keyPolicy = (arn: string) => JSON.parse(keys.find((k) => k.state.arn === arn)!.inputs.policy);
        const assets = ofType(now, "producer", "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").find((c) =>
            c.name.startsWith("redshift-copy-assets"),
        )!;
        assert.equal(JSON.stringify(assets.inputs).includes(copyKey), true, "the assets bucket is under the job's key");
        assert.equal(JSON.stringify(assets.inputs).includes(warehouseKey), false, "not under the warehouse's");
        const rolePolicy = JSON.parse(ofType(now, "producer", "aws:iam/rolePolicy:RolePolicy").find((p) => p.name === "redshift-copy")!.inputs.policy);
        const use = (action: string, key: string, via?: string) =>
            decide({
                principal: COPY_ROLE,
                action,
                resource: key,
                resourceAccount: PRODUCER,
                identityPolicies: [rolePolicy],
                resourcePolicy: keyPolicy(key),
                context: via ? { "kms:ViaService": via } : {},
            });
        for (const action of ["kms:Decrypt", "kms:GenerateDataKey"]) {
            assert.equal(await use(action, copyKey, "s3.eu-west-1.amazonaws.com"), "Allowed", `${action} through S3`);
            assert.equal(await use(action, copyKey), "ImplicitlyDenied", `${action} directly`);
            assert.equal(await use(action, copyKey, "glue.eu-west-1.amazonaws.com"), "ImplicitlyDenied", `${action} through another service`);
        }
        assert.equal(await use("kms:Decrypt", copyKey, "secretsmanager.eu-west-1.amazonaws.com"), "Allowed", "its reader's secret");
        for (const via of [undefined, "s3.eu-west-1.amazonaws.com", "secretsmanager.eu-west-1.amazonaws.com"]) {
            assert.equal(await use("kms:Decrypt", warehouseKey, via), "ImplicitlyDenied", `the warehouse key, via ${via ?? "nothing"}`);
        }
        const job = ofType(now, "producer", "aws:glue/job:Job").find((j) => j.inputs.defaultArguments["--staging_schema"])!;
        assert.equal(job.inputs.defaultArguments["--job-bookmark-option"], "job-bookmark-disable", "no bookmarks, so no direct KMS call for them");
        const security = ofType(now, "producer", "aws:glue/securityConfiguration:SecurityConfiguration").find((c) => c.name === "redshift-copy")!;
        assert.equal(security.inputs.encryptionConfiguration.s3Encryption.kmsKeyArn, copyKey);
    });

    it("lets the copy job read only its own connections' secrets", async () => {
        const rolePolicy = JSON.parse(ofType(now, "producer", "aws:iam/rolePolicy:RolePolicy").find((p) => p.name === "redshift-copy")!.inputs.policy);
        const read = (resource: string, account: string) =>
            decide({ principal: COPY_ROLE, action: "secretsmanager:GetSecretValue", resource, resourceAccount: account, identityPolicies: [rolePolicy] });
        const writer = (stack(now, "external").outputs as any).copyTarget.writerSecretArn;
        assert.equal(await read(writer, EXTERNAL), "ImplicitlyDenied", "cross-account: the identity side alone is not enough");
        assert.ok(rolePolicy.Statement.find((s: { Sid: string }) => s.Sid === "ReadDatabaseSecrets").Resource.includes(writer));
        assert.equal(
            await read(`arn:aws:secretsmanager:eu-west-1:${PRODUCER}:secret:redshift!datasharing-warehouse-admin-abcdef`, PRODUCER),
            "ImplicitlyDenied",
            "never the admin secret",
        );
    });

    it("refuses a Serverless external warehouse for option B, and a warehouse where none is needed, before anything is registered", async () => {
        const serverless = await runStack("external", { config: { "datasharing:warehouse": JSON.stringify({ kind: "serverless" }) } });
        assert.match(
            serverless.errors.join("\n"),
            /datasharing:warehouse\.kind: option B's copy job reaches the external warehouse through a Redshift-managed VPC endpoint.*set kind: provisioned/,
        );
        assert.equal(serverless.awsResources.length, 0);
        const governance = await runStack("governance", { config: { "datasharing:warehouse": JSON.stringify({ kind: "serverless" }) } });
        assert.match(governance.errors.join("\n"), /datasharing:warehouse: this governance stack builds no Redshift warehouse/);
        const dc2 = await runStack("producer", { config: { "datasharing:warehouse": JSON.stringify({ kind: "provisioned", nodeType: "dc2.large" }) } });
        assert.match(
            dc2.errors.join("\n"),
            /datasharing:warehouse\.nodeType: "dc2\.large" cannot share data: Redshift data sharing .*needs an RA3 node type: ra3\.large, ra3\.xlplus, ra3\.4xlarge, ra3\.16xlarge/,
        );
        assert.equal(dc2.awsResources.length, 0);
        const unknown = await runStack("external", { config: { "datasharing:warehouse": JSON.stringify({ kind: "provisioned", nodeType: "ra3.huge" }) } });
        assert.match(
            unknown.errors.join("\n"),
            /datasharing:warehouse\.nodeType: "ra3\.huge" cannot share data/,
            "a made-up RA3 name is refused, not sent to Redshift",
        );
        assert.equal(unknown.awsResources.length, 0);
    });
});
