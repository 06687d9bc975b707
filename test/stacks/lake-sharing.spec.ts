import { strict as assert } from "assert";
import { isExpired } from "../../core/access";
import { SNAPSHOT_PARTITION, ownerDatabase } from "../../patterns/lake-formation/model";
import { Topology } from "../../core/topology/model";
import { evaluateTopology } from "../../plan/evaluate";
import { TopologyEvaluation } from "../../plan/evaluation";
import { holdersFor } from "../../patterns/lake-formation/report";
import { LakeAccess, lakeFormationAccess, reachable } from "../../patterns/lake-formation/access";
import { worldOf } from "../../plan/preflight";
import { lfGrantByOwner } from "../../plan/preflight/rules/lf-grant-by-owner";
import { lfTagGrantorHoldsTags } from "../../plan/preflight/rules/lf-tag-grantor-holds-tags";
import { allow, decide } from "../support/iam";
import { LAKE_FORMATION_CHANGES, Ordering } from "../support/ordering";
import { PROJECT_DIR, topologyWith } from "../support/sample";
import { sampleEvaluation } from "../support/sample-evaluation";

const AS_OF = "2026-11-22T00:00:00Z";
const LAKE_PATTERNS = ["lake-formation-central", "lake-formation-external"] as const;
const GOVERNANCE = "222222222222";
const AUDITOR = "arn:aws:iam::444444444444:role/auditor-analyst";
const PERMISSIONS = "aws:lakeformation/permissions:Permissions";

/**
 * What the topology says each principal must end up reading, as comparable strings: the
 * owner's catalog, declared non-PII columns, and for pattern 3 (published daily snapshots)
 * the `snapshot` partition column too, to choose a day.
 */
function declared(topology: Topology, consumer: string): string[] {
    const c = topology.consumers.find((x) => x.name === consumer)!;
    if (isExpired(c, new Date(AS_OF))) return [];
    return c.access.flatMap((a) => {
        const product = topology.dataProducts.find((p) => p.name === a.product)!;
        return LAKE_PATTERNS.filter((p) => a.patterns.includes(p)).flatMap((pattern) => {
            // Pattern 2's tables are governance's own; pattern 3's the external account's.
            const catalog = pattern === "lake-formation-central" ? topology.governance!.accountId : topology.external!.accountId;
            return product.tables.map((t) => {
                const filter = a.rowFilters.find((f) => f.table === t.name);
                const columns = [
                    ...t.columns.filter((col) => !col.pii).map((col) => col.name),
                    ...(pattern === "lake-formation-external" ? [SNAPSHOT_PARTITION.name] : []),
                ];
                return key({ catalog, database: ownerDatabase(topology, product), table: t.name, columns, rowFilter: filter?.expression });
            });
        });
    });
}

function key(a: Pick<LakeAccess, "catalog" | "database" | "table" | "columns" | "rowFilter">): string {
    return `${a.catalog}:${a.database}.${a.table}(${[...(a.columns ?? [])].sort().join(",")})${a.rowFilter ? ` where ${a.rowFilter}` : ""}`;
}

function allAccess(evaluation: TopologyEvaluation): LakeAccess[] {
    return lakeFormationAccess(evaluation.stacks.map((s) => ({ accountId: s.account.accountId, resources: s.resources })));
}

/** What each principal of a consumer can really SELECT: its grants, held up the chain owner -> consumer account -> principal. */
function effective(evaluation: TopologyEvaluation, consumer: string): Map<string, string[]> {
    const c = evaluation.topology.consumers.find((x) => x.name === consumer)!;
    const all = allAccess(evaluation);
    return new Map(
        c.principals.map((p) => [
            p,
            reachable(all, p, holdersFor(c.account!.accountId))
                .filter((a) => a.permission === "SELECT")
                .map(key)
                .sort(),
        ]),
    );
}

const stackOf = (e: TopologyEvaluation, stack: string) => e.stacks.find((s) => s.stack === stack)!;

describe("Lake Formation sharing, patterns 2 and 3, end to end", () => {
    let evaluation: TopologyEvaluation;
    before(async () => {
        evaluation = await sampleEvaluation(AS_OF);
        for (const s of evaluation.stacks) assert.deepEqual(s.errors, [], `${s.stack}: ${s.errors.join("; ")}`);
    });

    for (const consumer of ["auditor", "supplier", "former-auditor"]) {
        it(`gives ${consumer}'s principals exactly the tables and non-PII columns the topology declares`, () => {
            const expected = declared(evaluation.topology, consumer).sort();
            const principals = effective(evaluation, consumer);
            assert.equal(principals.size, 1, `the sample gives ${consumer} one principal`);
            for (const [principal, got] of principals) {
                assert.deepEqual(got, expected, principal);
            }
        });
    }

    it("gives the auditor governance's tables, and customers without address and email", () => {
        const auditor = effective(evaluation, "auditor").get(AUDITOR)!;
        assert.deepEqual(
            auditor.filter((k) => k.includes(".customers(")),
            [`${GOVERNANCE}:datasharing_sales_insights.customers(age,card_id,customer_id,first_name,last_name)`],
        );
        assert.ok(
            auditor.every((k) => k.startsWith(`${GOVERNANCE}:`)),
            auditor.join("\n"),
        );
    });

    it("has no grant anywhere that shares a resource its grantor does not own, and every tag expression held by its grantor", () => {
        const world = worldOf(evaluation);
        assert.deepEqual(lfGrantByOwner.check(world), []);
        assert.deepEqual(lfTagGrantorHoldsTags.check(world), []);
        // Said plainly: every grant to another account's principal is on the granting account's own catalog.
        let crossAccount = 0;
        for (const s of evaluation.stacks) {
            for (const a of lakeFormationAccess([{ accountId: s.account.accountId, resources: s.resources }])) {
                const other = /^\d{12}$/.test(a.principal) ? a.principal : a.principal.split(":")[4];
                if (other === s.account.accountId) continue;
                assert.equal(a.catalog, s.account.accountId, `${s.stack} grants ${a.principal} on ${a.catalog}'s ${a.database}.${a.table ?? ""}`);
                crossAccount++;
            }
        }
        assert.ok(crossAccount > 0, "the sample grants other accounts' principals: none checked");
    });

    it("grants governance nothing from the producer: governance owns the catalog it shares", () => {
        const producer = stackOf(evaluation, "producer");
        const toGovernance = producer.resources.filter((r) => r.type === PERMISSIONS && String(r.inputs.principal).includes(GOVERNANCE));
        assert.deepEqual(toGovernance, []);
        const governance = stackOf(evaluation, "governance");
        const tables = governance.resources
            .filter((r) => r.type === "aws:glue/catalogTable:CatalogTable")
            .map((r) => [r.inputs.databaseName, r.inputs.name, r.inputs.storageDescriptor.location])
            .sort((a, b) => a[1].localeCompare(b[1]));
        const lake = "s3://datasharing-lake-111111111111-eu-west-1";
        assert.deepEqual(tables, [
            ["datasharing_sales_insights", "clean_cards", `${lake}/clean_cards/`],
            ["datasharing_sales_insights", "clean_sales", `${lake}/clean_sales/`],
            ["datasharing_sales_insights", "customers", `${lake}/customers/`],
        ]);
        const locations = governance.resources
            .filter((r) => r.type === "aws:lakeformation/resource:Resource")
            .map((r) => [r.inputs.arn, r.inputs.roleArn])
            .sort();
        const role = `arn:aws:iam::${GOVERNANCE}:role/datasharing-central-catalog-data-access`;
        assert.deepEqual(
            locations,
            ["clean_cards", "clean_sales", "customers"].map((f) => [`arn:aws:s3:::datasharing-lake-111111111111-eu-west-1/${f}`, role]),
        );
    });

    it("lets governance's data-access role, and nobody else from governance, read the products' folders of the producer's lake, read-only", async () => {
        const producer = stackOf(evaluation, "producer");
        const governance = stackOf(evaluation, "governance");
        const bucketArn = "arn:aws:s3:::datasharing-lake-111111111111-eu-west-1";
        const bucketPolicy = JSON.parse(
            producer.resources.find((r) => r.type === "aws:s3/bucketPolicy:BucketPolicy" && r.inputs.bucket === "datasharing-lake-111111111111-eu-west-1")!
                .inputs.policy,
        );
        const rolePolicy = JSON.parse(
            governance.resources.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.name === "central-location")!.inputs.policy,
        );
        const role = `arn:aws:iam::${GOVERNANCE}:role/datasharing-central-catalog-data-access`;
        const s3 = (principal: string, action: string, object: string, identity = rolePolicy) =>
            decide({
                principal,
                action,
                resource: `${bucketArn}/${object}`,
                resourceAccount: "111111111111",
                identityPolicies: [identity],
                resourcePolicy: bucketPolicy,
                context: { "aws:SecureTransport": "true" },
            });
        assert.equal(await s3(role, "s3:GetObject", "customers/customers.csv"), "Allowed");
        assert.equal(await s3(role, "s3:GetObject", "clean_sales/part-0.parquet"), "Allowed");
        assert.equal(await s3(role, "s3:GetObject", "cards/cards.csv"), "ImplicitlyDenied", "raw card numbers are no product");
        assert.equal(await s3(role, "s3:PutObject", "customers/x.csv", allow(["s3:*"], ["*"])), "ImplicitlyDenied", "read-only");
        assert.equal(
            await s3(`arn:aws:iam::${GOVERNANCE}:role/deployer`, "s3:GetObject", "customers/customers.csv", allow(["s3:*"], ["*"])),
            "ImplicitlyDenied",
        );
        const keyPolicy = JSON.parse(producer.resources.find((r) => r.type === "aws:kms/key:Key" && r.name === "lake-key")!.inputs.policy);
        const decrypt = (principal: string, via: string) =>
            decide({
                principal,
                action: "kms:Decrypt",
                resource: "arn:aws:kms:eu-west-1:111111111111:key/k",
                resourceAccount: "111111111111",
                identityPolicies: [allow(["kms:Decrypt"], ["*"])],
                resourcePolicy: keyPolicy,
                context: { "kms:ViaService": via },
            });
        assert.equal(await decrypt(role, "s3.eu-west-1.amazonaws.com"), "Allowed");
        assert.equal(await decrypt(role, "glue.eu-west-1.amazonaws.com"), "ImplicitlyDenied", "only through S3");
        assert.equal(await decrypt(`arn:aws:iam::${GOVERNANCE}:role/deployer`, "s3.eu-west-1.amazonaws.com"), "ImplicitlyDenied");
    });

    it("gives an expired consumer no grant, link or acceptance anywhere", () => {
        const former = stackOf(evaluation, "consumer-former-auditor");
        // Every stack keeps its read-only verification role (npm run verify), which grants the consumer nothing.
        const verification = new Set(former.resources.filter((r) => r.type === "datasharing:verify:VerificationRole").map((r) => `${r.type}::${r.name}`));
        const ofVerification = (r: { options: { parent: string } }) => [...verification].some((v) => r.options.parent.endsWith(v));
        assert.equal(verification.size, 1);
        assert.deepEqual(
            former.resources.filter((r) => (r.type.startsWith("aws:") || r.type.includes("dynamic")) && !ofVerification(r)).map((r) => r.type),
            [],
        );
        assert.equal(evaluation.stacks.length, 6, "every stack of the sample checked");
        for (const s of evaluation.stacks) {
            const toFormer = lakeFormationAccess([{ accountId: s.account.accountId, resources: s.resources }]).filter((a) =>
                a.principal.includes("666666666666"),
            );
            assert.deepEqual(toFormer, [], `${s.stack} grants the expired consumer`);
        }
    });

    it("accepts each share from the account that sends it, unless both are known to be in the producer's Organization", () => {
        const acceptances = (stack: string) =>
            stackOf(evaluation, stack)
                .resources.filter((r) => r.type.endsWith(":RamShareAcceptance"))
                .map((r) => [r.inputs.senderAccountId, r.inputs.resourceArn]);
        // The auditor is outside the Organization: governance's share needs accepting.
        assert.deepEqual(acceptances("consumer"), [[GOVERNANCE, `arn:aws:glue:eu-west-1:${GOVERNANCE}:database/datasharing_sales_insights`]]);
        // The supplier is inside, but the external account declares no Organization: its share is accepted
        // (the provider succeeds without an invitation when none is needed).
        assert.deepEqual(acceptances("consumer-supplier"), [["333333333333", "arn:aws:glue:eu-west-1:333333333333:database/datasharing_sales_insights"]]);
        assert.deepEqual(acceptances("governance"), [], "governance receives nothing");
    });

    it("links governance's databases into each consumer's catalog, and grants its principals DESCRIBE on link and target", () => {
        const auditor = stackOf(evaluation, "consumer");
        const links = auditor.resources
            .filter((r) => r.type === "aws:glue/catalogDatabase:CatalogDatabase")
            .map((r) => [r.inputs.name, r.inputs.targetDatabase]);
        assert.deepEqual(links, [
            ["datasharing_governance_datasharing_sales_insights", { catalogId: GOVERNANCE, databaseName: "datasharing_sales_insights", region: "eu-west-1" }],
        ]);
        const databases = allAccess(evaluation).filter((a) => a.principal === AUDITOR && a.permission === "DESCRIBE" && a.table === undefined);
        assert.deepEqual(databases.map((a) => `${a.catalog}:${a.database}`).sort(), [
            `${GOVERNANCE}:datasharing_sales_insights`,
            "444444444444:datasharing_governance_datasharing_sales_insights",
        ]);
    });

    it("revokes IAMAllowedPrincipals' CREATE_DATABASE in every account that sets Lake Formation up, after the settings", () => {
        let checked = 0;
        for (const s of evaluation.stacks.filter((x) => x.resources.some((r) => r.type === "aws:lakeformation/dataLakeSettings:DataLakeSettings"))) {
            const revocations = s.resources.filter((r) => r.type.endsWith(":IamAllowedPrincipalsRevocation"));
            assert.equal(revocations.length, 1, s.stack);
            assert.equal(revocations[0].inputs.target.accountId, s.account.accountId);
            const settings = s.resources.find((r) => r.type === "aws:lakeformation/dataLakeSettings:DataLakeSettings")!;
            assert.ok(new Ordering(s.resources).before(`${revocations[0].type}::${revocations[0].name}`).has(`${settings.type}::${settings.name}`), s.stack);
            checked++;
        }
        assert.equal(checked, 5, "external, producer, governance and the two active consumers");
    });

    it("replicates Published Datasets into exactly the bucket and key the external stack exported, admitted for that role only", async () => {
        const producer = stackOf(evaluation, "producer");
        const external = stackOf(evaluation, "external");
        const rule = producer.resources.find((r) => r.type === "aws:s3/bucketReplicationConfig:BucketReplicationConfig")!.inputs.rules[0];
        assert.equal(rule.destination.bucket, external.outputs?.publishedBucketArn);
        assert.equal(rule.destination.encryptionConfiguration.replicaKmsKeyId, external.outputs?.publishedKeyArn);
        const policy = JSON.parse(external.resources.find((r) => r.type === "aws:s3/bucketPolicy:BucketPolicy")!.inputs.policy);
        const write = (principal: string) =>
            decide({
                principal,
                action: "s3:ReplicateObject",
                resource: `${external.outputs?.publishedBucketArn}/x`,
                resourceAccount: "333333333333",
                identityPolicies: [allow(["s3:*"], ["*"])],
                resourcePolicy: policy,
                context: { "aws:SecureTransport": "true" },
            });
        assert.equal(await write("arn:aws:iam::111111111111:role/datasharing-published-replication"), "Allowed");
        assert.equal(await write("arn:aws:iam::111111111111:role/datasharing-lake-glue"), "ImplicitlyDenied");
    });

    it("never lets two Lake Formation changes of one stack run at once", () => {
        let checked = 0;
        for (const s of evaluation.stacks) {
            assert.deepEqual(new Ordering(s.resources).concurrent(LAKE_FORMATION_CHANGES), [], s.stack);
            if (s.resources.filter((r) => LAKE_FORMATION_CHANGES.includes(r.type)).length > 1) checked++;
        }
        assert.equal(checked, 5, "external, producer, governance and the two active consumers each make several changes");
    });

    // Pattern 3's tables are the published snapshots since issue 21: their declared non-PII columns plus the snapshot partition column.
    it("tags every shared table pii and only its declared non-PII columns (and pattern 3's snapshot partition) shared, each assignment replaced delete-first", () => {
        const TAGS = "aws:lakeformation/resourceLfTags:ResourceLfTags";
        let checked = 0;
        for (const s of evaluation.stacks) {
            const tags = s.resources.filter((r) => r.type === TAGS);
            for (const table of tags.filter((r) => r.inputs.table)) {
                const { databaseName, name } = table.inputs.table;
                assert.deepEqual(
                    table.inputs.lfTags.find((t: any) => t.key === "visibility"),
                    { key: "visibility", value: "pii" },
                    `${s.stack} ${name}`,
                );
                const declaredShared = [
                    ...evaluation.topology.dataProducts
                        .flatMap((p) => p.tables)
                        .find((t) => t.name === name)!
                        .columns.filter((c) => !c.pii)
                        .map((c) => c.name),
                    ...(s.stack === "external" ? [SNAPSHOT_PARTITION.name] : []),
                ];
                const columns = tags.filter((r) => r.inputs.tableWithColumns?.databaseName === databaseName && r.inputs.tableWithColumns?.name === name);
                assert.deepEqual(
                    columns.map((r) => [r.inputs.tableWithColumns.columnNames, r.inputs.lfTags]),
                    [[declaredShared, [{ key: "visibility", value: "shared" }]]],
                    `${s.stack} ${name}`,
                );
                for (const r of [table, ...columns]) assert.equal(r.options.deleteBeforeReplace, true, r.name);
                checked++;
            }
        }
        assert.equal(checked, 6, "three tables in governance's catalog and three in the external account's");
    });

    it("keeps the replica's schema the topology's: the crawler logs changes, adds partitions, and reads the registered location", () => {
        const external = stackOf(evaluation, "external");
        const crawler = external.resources.find((r) => r.type === "aws:glue/crawler:Crawler")!.inputs;
        assert.deepEqual(crawler.schemaChangePolicy, { deleteBehavior: "LOG", updateBehavior: "LOG" });
        assert.deepEqual(JSON.parse(crawler.configuration).CrawlerOutput.Partitions, { AddOrUpdateBehavior: "InheritFromTable" });
        const location = allAccess([evaluation].map((e) => ({ ...e, stacks: [external] }))[0]).filter(
            (a) => a.principal.endsWith(":role/datasharing-replica-crawler") && a.permission === "DATA_LOCATION_ACCESS",
        );
        assert.deepEqual(
            location.map((a) => a.location),
            ["arn:aws:s3:::datasharing-external-published-333333333333-eu-west-1"],
        );
    });
});

describe("Lake Formation sharing: columns by inclusion, row filters, scale and the named-resource escape hatch", () => {
    it("gives a consumer none of the columns a product leaves undeclared, though the lake's table holds them", async () => {
        const topology = topologyWith((t) => {
            const customers = t.dataProducts[0].tables.find((tb: any) => tb.name === "customers");
            customers.columns = customers.columns.filter((c: any) => c.name !== "address" && c.name !== "email");
        });
        const ev = await evaluateTopology(PROJECT_DIR, { accessAsOf: AS_OF, topology, stackTraceLimit: 0 });
        for (const s of ev.stacks) assert.deepEqual(s.errors, [], s.stack);
        const customers = effective(ev, "auditor")
            .get(AUDITOR)!
            .filter((k) => k.includes(".customers("));
        assert.deepEqual(customers, [`${GOVERNANCE}:datasharing_sales_insights.customers(age,card_id,customer_id,first_name,last_name)`]);
        // Governance's table still reads every column of the CSV files (by position), undeclared ones tagged pii by inheritance.
        const table = stackOf(ev, "governance").resources.find((r) => r.type === "aws:glue/catalogTable:CatalogTable" && r.inputs.name === "customers")!;
        assert.deepEqual(
            table.inputs.storageDescriptor.columns.map((c: any) => c.name),
            ["customer_id", "first_name", "last_name", "address", "email", "card_id", "age"],
        );
    });

    it("does not add a grant when a product gains tables: tags cover them", async () => {
        const count = async (tables: number) => {
            const topology = topologyWith((t) => {
                const prices = t.dataProducts.find((p: any) => p.name === "market_prices");
                for (let i = 0; i < tables; i++) prices.tables.push({ name: `extra_${i}`, columns: [{ name: "id" }] });
            });
            const ev = await evaluateTopology(PROJECT_DIR, { accessAsOf: AS_OF, topology, stackTraceLimit: 0 });
            const external = stackOf(ev, "external");
            return external.resources.filter((r) => r.type === PERMISSIONS && !r.name.includes("crawler")).length;
        };
        assert.equal(await count(20), await count(0));
    });

    it("grants a product with a row filter by name, through a data cells filter in governance's catalog, and only those rows and columns", async () => {
        const topology = topologyWith((t) => (t.consumers[0].dataProducts[0].rowFilters = [{ table: "customers", expression: "age > 30" }]));
        const ev = await evaluateTopology(PROJECT_DIR, { accessAsOf: AS_OF, topology, stackTraceLimit: 0 });
        for (const s of ev.stacks) assert.deepEqual(s.errors, [], s.stack);
        const got = effective(ev, "auditor").get(AUDITOR)!;
        assert.deepEqual(got, declared(ev.topology, "auditor").sort());
        assert.ok(
            got.some((k) => k.startsWith(`${GOVERNANCE}:datasharing_sales_insights.customers(`) && k.endsWith("where age > 30")),
            got.join("\n"),
        );
        const filters = stackOf(ev, "governance").resources.filter((r) => r.type === "aws:lakeformation/dataCellsFilter:DataCellsFilter");
        assert.deepEqual(
            filters.map((f) => [f.inputs.tableData.tableCatalogId, f.inputs.tableData.columnNames]),
            [[GOVERNANCE, ["customer_id", "first_name", "last_name", "card_id", "age"]]],
        );
        assert.equal(stackOf(ev, "producer").resources.filter((r) => r.type === "aws:lakeformation/dataCellsFilter:DataCellsFilter").length, 0);
    });

    it("optionally grants governance's tables directly to a consumer's principals, from governance, the owner", async () => {
        const topology = topologyWith((t) => (t.patterns.lakeFormation.directPrincipalGrants = true));
        const ev = await evaluateTopology(PROJECT_DIR, { accessAsOf: AS_OF, topology, stackTraceLimit: 0 });
        const governance = stackOf(ev, "governance");
        const direct = allAccess({ ...ev, stacks: [governance] }).filter((a) => a.principal === AUDITOR);
        assert.ok(direct.some((a) => a.permission === "SELECT" && a.table === "customers" && !(a.columns ?? []).includes("email")));
        assert.ok(
            direct.every((a) => !a.grantable),
            "a principal of another account never gets a grant option",
        );
        assert.deepEqual(lfGrantByOwner.check(worldOf(ev)), []);
    });
});
