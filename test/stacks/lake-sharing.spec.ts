import { strict as assert } from "assert";
import { isExpired } from "../../core/access";
import { Topology, productDatabase } from "../../core/topology/model";
import { TopologyEvaluation, evaluateTopology } from "../../plan/evaluate";
import { LakeAccess, lakeFormationAccess, reachable } from "../../plan/lake-formation-access";
import { allow, decide } from "../support/iam";
import { LAKE_FORMATION_CHANGES, Ordering } from "../support/ordering";
import { PROJECT_DIR, topologyWith } from "../support/sample";
import { sampleEvaluation } from "../support/sample-evaluation";

const AS_OF = "2026-11-22T00:00:00Z";
const LAKE_PATTERNS = ["lake-formation-central", "lake-formation-external"] as const;

/** What the topology says each principal must end up reading, as comparable strings. */
function declared(topology: Topology, consumer: string): string[] {
    const c = topology.consumers.find((x) => x.name === consumer)!;
    if (isExpired(c, new Date(AS_OF))) return [];
    return c.access.flatMap((a) => {
        const product = topology.dataProducts.find((p) => p.name === a.product)!;
        return LAKE_PATTERNS.filter((p) => a.patterns.includes(p)).flatMap((pattern) => {
            const [catalog, database] =
                pattern === "lake-formation-central" ? [topology.producer.accountId, productDatabase(topology, product)] : [topology.external!.accountId, productDatabase(topology, { name: product.name })];
            return product.tables.map((t) => {
                const filter = a.rowFilters.find((f) => f.table === t.name);
                return key({ catalog, database, table: t.name, columns: t.columns.filter((col) => !col.pii).map((col) => col.name), rowFilter: filter?.expression });
            });
        });
    });
}

function key(a: Pick<LakeAccess, "catalog" | "database" | "table" | "columns" | "rowFilter">): string {
    return `${a.catalog}:${a.database}.${a.table}(${[...(a.columns ?? [])].sort().join(",")})${a.rowFilter ? ` where ${a.rowFilter}` : ""}`;
}

/** What each principal of a consumer can really SELECT: its grants, held all the way up the chain. */
function effective(evaluation: TopologyEvaluation, consumer: string): Map<string, string[]> {
    const { topology } = evaluation;
    const c = topology.consumers.find((x) => x.name === consumer)!;
    const all = lakeFormationAccess(evaluation.stacks.map((s) => ({ accountId: s.account.accountId, resources: s.resources })));
    // Pattern 2: producer -> governance -> consumer account; pattern 3: external -> consumer account.
    const holders = (a: LakeAccess) => (a.catalog === topology.producer.accountId ? [c.account!.accountId, topology.governance!.accountId] : [c.account!.accountId]);
    return new Map(
        c.principals.map((p) => [
            p,
            reachable(all, p, holders)
                .filter((a) => a.permission === "SELECT")
                .map(key)
                .sort(),
        ]),
    );
}

describe("Lake Formation sharing, patterns 2 and 3, end to end", () => {
    let evaluation: TopologyEvaluation;
    before(async () => {
        evaluation = await sampleEvaluation(AS_OF);
        for (const s of evaluation.stacks) assert.deepEqual(s.errors, [], `${s.stack}: ${s.errors.join("; ")}`);
    });

    for (const consumer of ["auditor", "supplier", "former-auditor"]) {
        it(`gives ${consumer}'s principals exactly the tables and columns the topology declares`, () => {
            const expected = declared(evaluation.topology, consumer).sort();
            for (const [principal, got] of effective(evaluation, consumer)) {
                assert.deepEqual(got, expected, principal);
            }
        });
    }

    it("leaves PII columns out of every consumer's reach", () => {
        const auditor = effective(evaluation, "auditor").get("arn:aws:iam::444444444444:role/auditor-analyst")!;
        assert.ok(auditor.some((k) => k.includes("db1.customers(") && !k.includes("address") && !k.includes("email")), auditor.join("\n"));
    });

    it("gives an expired consumer no grant, link or acceptance anywhere", () => {
        const former = evaluation.stacks.find((s) => s.stack === "consumer-former-auditor")!;
        assert.deepEqual(former.resources.filter((r) => r.type.startsWith("aws:") || r.type.includes("dynamic")).map((r) => r.type), []);
        for (const s of evaluation.stacks) {
            const toFormer = lakeFormationAccess([{ accountId: s.account.accountId, resources: s.resources }]).filter((a) => a.principal.includes("666666666666"));
            assert.deepEqual(toFormer, [], `${s.stack} grants the expired consumer`);
        }
    });

    it("accepts the RAM invitation only where the consumer is outside the producer's Organization", () => {
        const acceptances = (stack: string) => evaluation.stacks.find((s) => s.stack === stack)!.resources.filter((r) => r.type.endsWith(":RamShareAcceptance"));
        assert.deepEqual(acceptances("consumer").map((r) => [r.inputs.senderAccountId, r.inputs.resourceArn]), [["222222222222", "arn:aws:glue:eu-west-1:111111111111:database/db1"]]);
        assert.deepEqual(acceptances("consumer-supplier"), [], "the supplier is in the producer's Organization");
        assert.deepEqual(acceptances("governance"), [], "governance is in the producer's Organization");
    });

    it("links the shared databases into each consumer's catalog", () => {
        const auditor = evaluation.stacks.find((s) => s.stack === "consumer")!;
        const links = auditor.resources.filter((r) => r.type === "aws:glue/catalogDatabase:CatalogDatabase").map((r) => [r.inputs.name, r.inputs.targetDatabase]);
        assert.deepEqual(links, [["datasharing_producer_db1", { catalogId: "111111111111", databaseName: "db1", region: "eu-west-1" }]]);
    });

    it("replicates Published Datasets into exactly the bucket and key the external stack exported, admitted for that role only", async () => {
        const producer = evaluation.stacks.find((s) => s.stack === "producer")!;
        const external = evaluation.stacks.find((s) => s.stack === "external")!;
        const rule = producer.resources.find((r) => r.type === "aws:s3/bucketReplicationConfig:BucketReplicationConfig")!.inputs.rules[0];
        assert.equal(rule.destination.bucket, external.outputs?.publishedBucketArn);
        assert.equal(rule.destination.encryptionConfiguration.replicaKmsKeyId, external.outputs?.publishedKeyArn);
        const policy = JSON.parse(external.resources.find((r) => r.type === "aws:s3/bucketPolicy:BucketPolicy")!.inputs.policy);
        const write = (principal: string) =>
            decide({ principal, action: "s3:ReplicateObject", resource: `${external.outputs?.publishedBucketArn}/x`, resourceAccount: "333333333333", identityPolicies: [allow(["s3:*"], ["*"])], resourcePolicy: policy, context: { "aws:SecureTransport": "true" } });
        assert.equal(await write("arn:aws:iam::111111111111:role/datasharing-published-replication"), "Allowed");
        assert.equal(await write("arn:aws:iam::111111111111:role/datasharing-lake-glue"), "ImplicitlyDenied");
    });

    it("never lets two Lake Formation changes of one stack run at once", () => {
        for (const s of evaluation.stacks) {
            assert.deepEqual(new Ordering(s.resources).concurrent(LAKE_FORMATION_CHANGES), [], s.stack);
        }
    });

    it("tags each PII column on its own, before its table is shared and untagged only after, so it never inherits shared", () => {
        const TAGS = "aws:lakeformation/resourceLfTags:ResourceLfTags";
        let checked = 0;
        for (const s of evaluation.stacks) {
            const order = new Ordering(s.resources);
            const tags = s.resources.filter((r) => r.type === TAGS);
            for (const shared of tags.filter((r) => r.inputs.table)) {
                const { databaseName, name } = shared.inputs.table;
                const pii = evaluation.topology.dataProducts.flatMap((p) => p.tables).find((t) => t.name === name)!.columns.filter((c) => c.pii).map((c) => c.name);
                const columnTags = tags.filter((r) => r.inputs.tableWithColumns?.databaseName === databaseName && r.inputs.tableWithColumns?.name === name);
                // One assignment per PII column: marking another column PII adds one, and replaces none.
                assert.deepEqual(columnTags.map((r) => r.inputs.tableWithColumns.columnNames), pii.map((c) => [c]), `${s.stack} ${name}`);
                // Created before the table's tags; deleted (in reverse) after them.
                for (const c of columnTags) assert.ok(order.before(`${TAGS}::${shared.name}`).has(`${TAGS}::${c.name}`), `${s.stack}: ${c.name} before ${shared.name}`);
                // A stack deployed with one assignment for all PII columns keeps it, as the first column's, replaced delete-first.
                if (columnTags.length > 0) {
                    assert.deepEqual(columnTags[0].options.aliases, [`${shared.name}-pii`]);
                    assert.equal(columnTags[0].options.deleteBeforeReplace, true);
                }
                checked += columnTags.length;
            }
        }
        assert.ok(checked >= 4, `${checked} PII column assignments checked`);
    });
});

describe("Lake Formation sharing: how grants scale and the named-resource escape hatch", () => {
    it("does not add a grant when a product gains tables: tags cover them", async () => {
        const count = async (tables: number) => {
            const topology = topologyWith((t) => {
                const prices = t.dataProducts.find((p: any) => p.name === "market_prices");
                for (let i = 0; i < tables; i++) prices.tables.push({ name: `extra_${i}`, columns: [{ name: "id" }] });
            });
            const ev = await evaluateTopology(PROJECT_DIR, { accessAsOf: AS_OF, topology });
            const external = ev.stacks.find((s) => s.stack === "external")!;
            return external.resources.filter((r) => r.type === "aws:lakeformation/permissions:Permissions" && !r.name.includes("crawler")).length;
        };
        assert.equal(await count(20), await count(0));
    });

    it("grants a product with a row filter by name, through a data cells filter, and only those rows", async () => {
        const topology = topologyWith((t) => (t.consumers[0].dataProducts[0].rowFilters = [{ table: "customers", expression: "age > 30" }]));
        const ev = await evaluateTopology(PROJECT_DIR, { accessAsOf: AS_OF, topology });
        for (const s of ev.stacks) assert.deepEqual(s.errors, [], s.stack);
        const got = effective(ev, "auditor").get("arn:aws:iam::444444444444:role/auditor-analyst")!;
        assert.deepEqual(got, declared(ev.topology, "auditor").sort());
        assert.ok(got.some((k) => k.startsWith("111111111111:db1.customers(") && k.endsWith("where age > 30")), got.join("\n"));
        const producer = ev.stacks.find((s) => s.stack === "producer")!;
        assert.equal(producer.resources.filter((r) => r.type === "aws:lakeformation/dataCellsFilter:DataCellsFilter").length, 1);
    });

    it("optionally grants the producer's tables directly to a consumer's principals", async () => {
        const topology = topologyWith((t) => (t.patterns.lakeFormation.directPrincipalGrants = true));
        const ev = await evaluateTopology(PROJECT_DIR, { accessAsOf: AS_OF, topology });
        const producer = ev.stacks.find((s) => s.stack === "producer")!;
        const direct = lakeFormationAccess([{ accountId: "111111111111", resources: producer.resources }]).filter((a) => a.principal === "arn:aws:iam::444444444444:role/auditor-analyst");
        assert.ok(direct.some((a) => a.permission === "SELECT" && a.table === "customers" && !(a.columns ?? []).includes("email")));
        assert.ok(direct.every((a) => !a.grantable), "a principal of another account never gets a grant option");
    });
});
