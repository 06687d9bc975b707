/**
 * Generated topologies for the benchmark: C consumers on AWS, each receiving every one of
 * T tables through Lake Formation from the external sharing account (pattern 3), the
 * pattern whose grants grow with both. Tables come in products of at most 100, as a data
 * platform would group them.
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

export function benchTopology(size: BenchSize, grantBy: "tags" | "names"): Record<string, unknown> {
    const products = Array.from({ length: Math.ceil(size.tables / TABLES_PER_PRODUCT) }, (_, p) => ({
        name: `product_${p}`,
        classification: "private",
        structure: "structured",
        tables: Array.from({ length: Math.min(TABLES_PER_PRODUCT, size.tables - p * TABLES_PER_PRODUCT) }, (_, t) => ({
            name: `table_${p}_${t}`,
            columns: [{ name: "id", type: "bigint" }, { name: "value" }, { name: "email", pii: true }],
        })),
    }));
    return {
        namePrefix: "bench",
        accounts: {
            producer: { accountId: account(1), region: "eu-west-1", pulumiOrg: "bench" },
            external: { accountId: account(2), region: "eu-west-1", pulumiOrg: "bench" },
        },
        patterns: { enabled: ["lake-formation-external"], lakeFormation: { grantBy } },
        dataProducts: products,
        consumers: Array.from({ length: size.consumers }, (_, c) => ({
            name: `consumer-${c}`,
            accountId: account(1000 + c),
            pulumiOrg: "bench",
            sameOrganization: true,
            principals: [`arn:aws:iam::${account(1000 + c)}:role/analyst`],
            patterns: ["lake-formation-external"],
            dataProducts: products.map((p) => p.name),
        })),
    };
}
