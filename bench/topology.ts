import * as fs from "fs";
import * as path from "path";
import { stringify } from "yaml";

/**
 * Generated topologies for the benchmark: C consumers on AWS, each in its own account with
 * its own stack, receiving every one of T generated tables through Lake Formation from the
 * external sharing account (pattern 3), and the tables of the producer's secure lake through
 * central governance (pattern 2). Those are the patterns whose grants grow with consumers
 * and tables; both share through the same code, from the catalog's owner. Pattern 2 shares
 * only tables the producer's lake declares (the topology's validation refuses others), so
 * the generated tables go through pattern 3. Tables come in products of at most 100, as a
 * data platform would group them.
 */

export const TABLES_PER_PRODUCT = 100;

export interface BenchSize {
    readonly consumers: number;
    readonly tables: number;
}

/** `10x100` -> { consumers: 10, tables: 100 }. */
export function parseSize(text: string): BenchSize {
    const m = /^(\d+)x(\d+)$/.exec(text.trim());
    if (!m || Number(m[1]) < 1 || Number(m[2]) < 1) {
        throw new Error(`${JSON.stringify(text)} is not a size: use <consumers>x<tables>, e.g. 10x100`);
    }
    return { consumers: Number(m[1]), tables: Number(m[2]) };
}

const account = (n: number) => String(100000000000 + n);

export type GrantBy = "tags" | "names";

const CENTRAL = "lake-formation-central";
const EXTERNAL = "lake-formation-external";

/** The product every consumer takes through pattern 2: tables of the producer's lake (db1), without their PII. */
export const LAKE_PRODUCT = {
    name: "lake_sales",
    classification: "private",
    structure: "structured",
    database: "db1",
    tables: [
        {
            name: "clean_sales",
            columns: [{ name: "sale_id", type: "int" }, { name: "customer_id", type: "int" }, { name: "price", type: "decimal(10,2)" }, { name: "sold_at" }],
        },
        {
            name: "customers",
            columns: [
                { name: "customer_id", type: "int" },
                { name: "age", type: "int" },
                { name: "email", pii: true },
            ],
        },
    ],
};

/** The `datasharing:topology` value of a C x T case, valid per core/topology/schema.ts. */
export function benchTopology(size: BenchSize, grantBy: GrantBy): Record<string, unknown> {
    const products = Array.from({ length: Math.ceil(size.tables / TABLES_PER_PRODUCT) }, (_, p) => ({
        name: `product_${p}`,
        classification: "private",
        structure: "structured",
        tables: Array.from({ length: Math.min(TABLES_PER_PRODUCT, size.tables - p * TABLES_PER_PRODUCT) }, (_, t) => ({
            name: `table_${p}_${t}`,
            columns: [{ name: "id", type: "bigint" }, { name: "value" }, { name: "email", pii: true }],
        })),
    }));
    const platform = (n: number) => ({ accountId: account(n), region: "eu-west-1", pulumiOrg: "bench", organizationId: "o-bench00001" });
    return {
        namePrefix: "bench",
        accounts: { producer: platform(1), governance: platform(2), external: platform(3) },
        patterns: { enabled: [CENTRAL, EXTERNAL], lakeFormation: { grantBy } },
        dataProducts: [...products, LAKE_PRODUCT],
        consumers: Array.from({ length: size.consumers }, (_, c) => ({
            name: `c${c}`,
            accountId: account(1000 + c),
            pulumiOrg: "bench",
            sameOrganization: true,
            principals: [`arn:aws:iam::${account(1000 + c)}:role/analyst`],
            patterns: [CENTRAL, EXTERNAL],
            dataProducts: [...products.map((p) => ({ name: p.name, patterns: [EXTERNAL] })), { name: LAKE_PRODUCT.name, patterns: [CENTRAL] }],
        })),
    };
}

/**
 * The `Pulumi.<stack>.yaml` of every stack of a C x T case, by stack name, as a team would
 * commit them: the account role (and consumer) of the stack, no default provider.
 */
export function benchStackFiles(size: BenchSize): Record<string, { config: Record<string, unknown> }> {
    const file = (config: Record<string, unknown>) => ({ config: { ...config, "pulumi:disable-default-providers": ["aws"] } });
    const files: Record<string, { config: Record<string, unknown> }> = {};
    for (const role of ["external", "producer", "governance"]) files[role] = file({ "datasharing:account": role });
    for (let c = 0; c < size.consumers; c++) files[`consumer-c${c}`] = file({ "datasharing:account": "consumer", "datasharing:consumer": `c${c}` });
    return files;
}

/** Writes the Pulumi.yaml and every Pulumi.<stack>.yaml of a C x T case into `dir`, as a project of its own. */
export function writeBenchProject(dir: string, size: BenchSize, grantBy: GrantBy): void {
    fs.writeFileSync(
        path.join(dir, "Pulumi.yaml"),
        stringify({ name: "bench", runtime: "nodejs", config: { "datasharing:topology": { value: benchTopology(size, grantBy) } } }),
    );
    for (const [stack, doc] of Object.entries(benchStackFiles(size))) fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), stringify(doc));
}
