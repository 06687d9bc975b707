import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { readCommandLine } from "../plan/command-line";
import { evaluateTopology } from "../plan/evaluate";
import { TopologyEvaluation } from "../plan/evaluation";
import { collectEntitlements, renderHtml, renderMarkdown } from "../plan/entitlements";
import { buildPlan, renderPlan } from "../plan/report";
import { readProject } from "../plan/project-files";
import { writeBenchProject } from "./topology";

/**
 * A refactoring's safety net: what every stack registers, over the sample and variants that
 * take the other branches (defaults, an existing warehouse, no external account, the
 * Lake Formation options) and two generated topologies, as one hash per stack; and the
 * plan's text and JSON and the entitlement report of each case. A change that only moves
 * code must leave every hash as it is (`npm run fingerprint`, against bench/fingerprints.json).
 */

const HELP = `Usage: npm run fingerprint -- [--write] [--dump <dir>]

Evaluates the sample at three instants, variants of it and two generated topologies under
the mock runtime, and compares a hash per stack (every resource's type, name, inputs with
assets by content, parent, dependencies and options; invokes; references; outputs; errors)
and per report (plan text and JSON, entitlement JSON, Markdown and HTML) with
bench/fingerprints.json. Exits 1 on any difference.

  --write        record the current hashes in bench/fingerprints.json instead
  --dump <dir>   also write what each hash is made of, one file per stack and report, to diff`;

const ROOT = path.resolve(__dirname, "..");
const RECORD = path.join(__dirname, "fingerprints.json");

/** One evaluation to fingerprint: a project directory (built on demand) and an instant. */
interface Case {
    readonly name: string;
    readonly asOf: string;
    /** Writes the project into a fresh directory, or undefined to evaluate the repository's sample. */
    readonly project?: (dir: string) => void;
}

type Doc = Record<string, unknown>;

/** The sample's topology, changed; written beside stack files, each `{ key: value }` of its config. */
function variant(change: (topology: any) => void, stacks: Record<string, Doc>): (dir: string) => void {
    return (dir) => {
        const topology = JSON.parse(readProject(ROOT).projectConfig["datasharing:topology"]);
        change(topology);
        fs.writeFileSync(
            path.join(dir, "Pulumi.yaml"),
            stringify({ name: "datasharing", runtime: "nodejs", config: { "datasharing:topology": { value: topology } } }),
        );
        for (const [stack, config] of Object.entries(stacks)) {
            fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), stringify({ config: { ...config, "pulumi:disable-default-providers": ["aws"] } }));
        }
    };
}

const CONSUMER_STACKS: Record<string, Doc> = {
    consumer: { "datasharing:account": "consumer", "datasharing:consumer": "auditor" },
    "consumer-supplier": { "datasharing:account": "consumer", "datasharing:consumer": "supplier" },
    "consumer-former-auditor": { "datasharing:account": "consumer", "datasharing:consumer": "former-auditor" },
};

const CASES: readonly Case[] = [
    { name: "sample@2026-11-22", asOf: "2026-11-22T00:00:00Z" },
    { name: "sample@2025-01-01", asOf: "2025-01-01T00:00:00Z" },
    { name: "sample@2031-01-01", asOf: "2031-01-01T00:00:00Z" },
    // Every setting left to its default, where the topology allows it.
    {
        name: "defaults@2026-11-22",
        asOf: "2026-11-22T00:00:00Z",
        project: variant(() => {}, {
            external: {
                "datasharing:account": "external",
                "datasharing:warehouse": { kind: "provisioned" },
                "datasharing:partnerApi": { senderAddress: "data-sharing@acme.example" },
            },
            producer: { "datasharing:account": "producer" },
            governance: { "datasharing:account": "governance" },
            ...CONSUMER_STACKS,
        }),
    },
    // Lake Formation's other options, access points on the producer's bucket, replication's options, a perimeter of its own.
    {
        name: "options@2026-11-22",
        asOf: "2026-11-22T00:00:00Z",
        project: variant(
            (t) => {
                t.accounts.external.organizationId = "o-acme000001";
                t.patterns.lakeFormation = { crossAccountVersion: "3", directPrincipalGrants: true, grantBy: "names" };
                t.patterns.accessPoints = { account: "producer" };
                t.patterns.replication = { metrics: true, replicationTimeControl: true };
                const supplier = t.consumers.find((c: any) => c.name === "supplier");
                supplier.dataProducts[0].rowFilters = [{ table: "clean_sales", expression: "price > 10" }];
                supplier.patterns.push("access-point");
                supplier.dataProducts.push({ name: "audit_reports", patterns: ["access-point"] });
                supplier.accessPoint = { actions: ["s3:GetObject"] };
                supplier.accessEndsAt = "2027-06-30";
                t.dataProducts.find((p: any) => p.name === "market_prices").dataExchange = { retainRevisions: 7 };
                t.verification = { trustedPrincipals: ["arn:aws:iam::777777777777:role/auditor-*"] };
            },
            {
                external: {
                    "datasharing:account": "external",
                    "datasharing:warehouse": { kind: "provisioned", nodes: 2, vpcCidr: "10.21.0.0/16" },
                    "datasharing:partnerApi": {
                        senderAddress: "links@acme.example",
                        senderVerify: "address",
                        urlExpirySeconds: 900,
                        apiGatewayAccountRole: "manage",
                        receiverReservedConcurrency: 5,
                        pollSchedule: "rate(1 minute)",
                        requestTtlDays: 7,
                        throttle: { rateLimit: 10, burstLimit: 20 },
                        partnerQuota: { limit: 50, period: "WEEK" },
                        allowedSourceCidrs: ["203.0.113.0/24"],
                    },
                    "datasharing:assumeRoleArn": "arn:aws:iam::333333333333:role/deployer",
                    "datasharing:assumeRoleExternalId": "ext-id-1",
                },
                producer: {
                    "datasharing:account": "producer",
                    "datasharing:protectStatefulResources": "false",
                    "datasharing:lake": {
                        sampleCustomers: 10,
                        salesPerCustomer: 2,
                        quicksight: { enabled: true, analystEmail: "a@acme.example", identityRegion: "us-east-1", namespace: "team" },
                    },
                    "datasharing:warehouse": {
                        kind: "serverless",
                        baseCapacity: 16,
                        vpcCidr: "10.11.0.0/16",
                        database: "prod",
                        adminUser: "admin_user",
                        availabilityZones: 3,
                    },
                    "datasharing:networkPerimeter": {
                        enabled: true,
                        egressCidr: "10.200.0.0/22",
                        sharingVpcCidr: "10.201.0.0/22",
                        availabilityZones: 1,
                        allowedDomains: [".partner.example"],
                    },
                },
                governance: { "datasharing:account": "governance" },
                ...CONSUMER_STACKS,
                "consumer-supplier": { ...CONSUMER_STACKS["consumer-supplier"], "datasharing:warehouse": { kind: "provisioned", vpcCidr: "10.41.0.0/16" } },
            },
        ),
    },
    // Option A only, from warehouses the accounts already run.
    {
        name: "existing-warehouses@2026-11-22",
        asOf: "2026-11-22T00:00:00Z",
        project: variant(
            (t) => {
                t.patterns.enabled = t.patterns.enabled.filter((p: string) => p !== "partner-api");
                const logs = t.dataProducts.find((p: any) => p.name === "transaction_logs");
                logs.redshift = { option: "direct", schema: "logs" };
                delete logs.microbatch;
                t.consumers = t.consumers.filter((c: any) => c.name !== "insights-partner");
            },
            {
                external: { "datasharing:account": "external" },
                producer: {
                    "datasharing:account": "producer",
                    "datasharing:warehouse": {
                        database: "prod",
                        existing: { clusterIdentifier: "prod-dw", secretArn: "arn:aws:secretsmanager:eu-west-1:111111111111:secret:prod-admin-AbCdEf" },
                    },
                },
                governance: { "datasharing:account": "governance" },
                ...CONSUMER_STACKS,
                consumer: {
                    ...CONSUMER_STACKS.consumer,
                    "datasharing:warehouse": {
                        existing: { workgroupName: "audit-wg", secretArn: "arn:aws:secretsmanager:eu-west-1:444444444444:secret:wg-admin-AbCdEf" },
                    },
                },
            },
        ),
    },
    // No external account: governance, datashares from production, access points on the producer's bucket.
    {
        name: "no-external@2026-11-22",
        asOf: "2026-11-22T00:00:00Z",
        project: variant(
            (t) => {
                delete t.accounts.external;
                t.patterns.enabled = ["lake-formation-central", "redshift-datashare", "access-point"];
                for (const p of t.dataProducts) {
                    delete p.publish;
                    delete p.dataExchange;
                    delete p.microbatch;
                    if (p.redshift) p.redshift = { option: "direct", schema: p.redshift.schema };
                }
                t.consumers = t.consumers.filter((c: any) => c.name !== "insights-partner");
                const supplier = t.consumers.find((c: any) => c.name === "supplier");
                supplier.patterns = ["redshift-datashare", "access-point"];
                supplier.dataProducts = [
                    { name: "inventory_levels", patterns: ["redshift-datashare"] },
                    { name: "audit_reports", patterns: ["access-point"] },
                    { name: "transaction_logs", patterns: ["redshift-datashare"] },
                ];
            },
            {
                producer: { "datasharing:account": "producer", "datasharing:warehouse": { kind: "provisioned", nodes: 2, vpcCidr: "10.10.0.0/16" } },
                governance: { "datasharing:account": "governance" },
                ...CONSUMER_STACKS,
                "consumer-supplier": { ...CONSUMER_STACKS["consumer-supplier"], "datasharing:warehouse": { vpcCidr: "10.40.0.0/16" } },
            },
        ),
    },
    { name: "bench-3x150-tags", asOf: "2026-11-22T00:00:00Z", project: (dir) => writeBenchProject(dir, { consumers: 3, tables: 150 }, "tags") },
    { name: "bench-2x120-names", asOf: "2026-11-22T00:00:00Z", project: (dir) => writeBenchProject(dir, { consumers: 2, tables: 120 }, "names") },
];

const sha = (text: string | Buffer) => createHash("sha256").update(text).digest("hex");

/**
 * A value as Pulumi registers it: assets and archives by their content's hash (a file's path
 * is where it lies, not what it is), object keys sorted.
 */
async function resolved(value: unknown): Promise<unknown> {
    if (pulumi.asset.Asset.isInstance(value)) {
        const asset = value as any;
        const [file, text, uri] = await Promise.all([asset.path, asset.text, asset.uri]);
        return { asset: file !== undefined ? sha(fs.readFileSync(file)) : text !== undefined ? sha(text) : uri };
    }
    if (pulumi.asset.Archive.isInstance(value)) {
        const archive = value as any;
        const [assets, file, uri] = await Promise.all([archive.assets, archive.path, archive.uri]);
        return { archive: assets !== undefined ? await resolved(assets) : (file ?? uri) };
    }
    if (Array.isArray(value)) return Promise.all((value as unknown[]).map(resolved));
    if (value !== null && typeof value === "object") {
        // Keys in order: Pulumi sends inputs and outputs as maps, so the order they were written in is not what is registered.
        const entries = await Promise.all(
            Object.entries(value)
                .filter(([k]) => k !== "__provider")
                .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
                .map(async ([k, v]) => [k, await resolved(v)] as const),
        );
        return Object.fromEntries(entries);
    }
    return value;
}

/** What one stack registered, one line per fact, sorted. */
async function stackLines(stack: TopologyEvaluation["stacks"][number]): Promise<string[]> {
    const lines: string[] = [];
    for (const r of stack.resources) {
        const o = r.options;
        const options = {
            protect: o.protect,
            parent: o.parent,
            dependencies: [...o.dependencies].sort(),
            deleteBeforeReplace: o.deleteBeforeReplace,
            aliases: o.aliases,
            retainOnDelete: o.retainOnDelete,
        };
        lines.push(
            `resource|${r.type}|${r.name}|${r.accountId}|${r.region}|${r.custom}|${JSON.stringify(await resolved(r.inputs))}|${JSON.stringify(options)}`,
        );
    }
    for (const l of stack.lookups ?? [])
        lines.push(`invoke|${l.token}|${JSON.stringify(await resolved(l.inputs))}|${JSON.stringify(await resolved(l.result))}`);
    for (const r of stack.references) lines.push(`reference|${r.stack}|${r.resolved}`);
    lines.push(`outputs|${JSON.stringify(await resolved(stack.outputs ?? null))}`);
    for (const e of stack.errors) lines.push(`error|${e}`);
    return lines.sort();
}

async function fingerprintCase(c: Case, dump?: string): Promise<Record<string, string>> {
    let dir = ROOT;
    if (c.project) {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "datasharing-fingerprint-"));
        c.project(dir);
    }
    const asOf = new Date(c.asOf);
    try {
        const evaluation = await evaluateTopology(dir, { accessAsOf: c.asOf, stackTraceLimit: 0 });
        const texts: Record<string, string> = {};
        for (const stack of evaluation.stacks) texts[`stack ${stack.stack}`] = (await stackLines(stack)).join("\n");
        const plan = buildPlan(evaluation, asOf);
        texts["plan.txt"] = renderPlan(plan);
        texts["plan.json"] = JSON.stringify(plan, null, 2);
        const report = collectEntitlements(evaluation, asOf);
        texts["entitlements.json"] = JSON.stringify(report, null, 2);
        texts["entitlements.md"] = renderMarkdown(report);
        texts["entitlements.html"] = renderHtml(report);
        // Where the project lies is not what it registers.
        for (const name of Object.keys(texts)) texts[name] = texts[name].split(dir).join("<project>");
        if (dump) {
            const into = path.join(dump, c.name);
            fs.mkdirSync(into, { recursive: true });
            for (const [name, text] of Object.entries(texts)) fs.writeFileSync(path.join(into, name.replace(/ /g, "-")), `${text}\n`);
        }
        return Object.fromEntries(Object.entries(texts).map(([name, text]) => [name, sha(text).slice(0, 16)]));
    } finally {
        if (dir !== ROOT) fs.rmSync(dir, { recursive: true, force: true });
    }
}

async function main(argv: string[]): Promise<number> {
    const parsed = readCommandLine(argv, { write: { type: "boolean", default: false }, dump: { type: "string" } });
    if (parsed === "help") {
        console.log(HELP);
        return 0;
    }
    const { values } = parsed;
    const current: Record<string, Record<string, string>> = {};
    for (const c of CASES) {
        current[c.name] = await fingerprintCase(c, values.dump);
        console.log(`${c.name}: ${Object.keys(current[c.name]).length} hashes`);
    }
    if (values.write) {
        fs.writeFileSync(RECORD, `${JSON.stringify(current, null, 2)}\n`);
        console.log(`written to ${path.relative(process.cwd(), RECORD)}`);
        return 0;
    }
    const recorded = JSON.parse(fs.readFileSync(RECORD, "utf8")) as typeof current;
    const differences = [...new Set([...Object.keys(recorded), ...Object.keys(current)])].flatMap((c) =>
        [...new Set([...Object.keys(recorded[c] ?? {}), ...Object.keys(current[c] ?? {})])]
            .filter((k) => recorded[c]?.[k] !== current[c]?.[k])
            .map((k) => `${c}: ${k}: ${recorded[c]?.[k] ?? "none"} -> ${current[c]?.[k] ?? "none"}`),
    );
    for (const d of differences) console.log(`DIFFERS ${d}`);
    console.log(differences.length === 0 ? "identical to bench/fingerprints.json" : `${differences.length} difference(s) from bench/fingerprints.json`);
    return differences.length === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
        console.error(err instanceof Error ? err.message : String(err));
        process.exit(2);
    },
);
