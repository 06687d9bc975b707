import { Graphviz } from "@hpcc-js/wasm-graphviz";
import { PATTERNS } from "../patterns";
import { AccessPath, EntitlementReport } from "./entitlements/model";
import { TopologyEvaluation } from "./evaluation";
import { SharingEdge } from "./pattern-report";

/**
 * The accounts, their stacks and every sharing path between them, as Graphviz DOT compiled
 * to SVG by Graphviz's WebAssembly build (no browser, no native binary). Paths come from
 * the entitlement report, so the picture and the table never disagree.
 */

export type { SharingEdge };

/** Each path's label: the paths every account has, then each pattern's. */
const PATH_LABELS: Readonly<Partial<Record<AccessPath, string>>> = {
    "s3 bucket policy": "S3 bucket policy",
    "kms key policy": "KMS key grant",
    ...Object.assign({}, ...PATTERNS.parts.map((p) => p.report?.paths ?? {})),
};

/** A path's label in the diagram. */
export function diagramLabel(path: AccessPath): string {
    const label = PATH_LABELS[path];
    if (label === undefined) throw new Error(`no diagram label for the path "${path}": give it in its pattern's report (paths)`);
    return label;
}

const partnerNode = (name: string) => `partner:${name}`;

/** The sharing paths between distinct parties; key grants are part of a path, not one of their own. */
export function sharingEdges(evaluation: TopologyEvaluation, report: EntitlementReport): SharingEdge[] {
    const { topology } = evaluation;
    const edges = new Map<string, SharingEdge>();
    const add = (from: string, to: string, label: string) => edges.set(`${from}>${to}>${label}`, { from, to, label });
    // A bucket policy between the platform's own accounts is plumbing (replication writing into the external bucket), drawn as that path.
    const platform = new Set([topology.producer, topology.governance, topology.external].flatMap((a) => (a ? [a.accountId] : [])));
    for (const e of report.entitlements) {
        if (e.status !== "active" || e.path === "kms key policy") continue;
        if (e.path === "s3 bucket policy" && platform.has(e.principalAccount ?? "")) continue;
        // A consumer not on AWS is a node of its own, reached by whatever path serves it.
        const offAws = topology.consumers.some((c) => c.name === e.consumer && !c.account);
        const to = offAws ? partnerNode(e.consumer) : (e.principalAccount ?? "");
        if (!to || to === e.grantorAccount) continue;
        const label = `${diagramLabel(e.path)}${e.product ? `: ${e.product}` : ""}${e.basis === "declared" ? " (declared, not registered)" : ""}`;
        add(e.grantorAccount, to, label);
    }
    for (const e of PATTERNS.parts.flatMap((p) => p.report?.edges?.(evaluation) ?? [])) add(e.from, e.to, e.label);
    return [...edges.values()].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to) || a.label.localeCompare(b.label));
}

const quote = (s: string) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

/** DOT source: one cluster per account with its stack, one node per partner outside AWS. */
export function sharingDot(evaluation: TopologyEvaluation, report: EntitlementReport): string {
    const edges = sharingEdges(evaluation, report);
    const lines = [
        "digraph sharing {",
        "  rankdir=LR;",
        '  node [shape=box, style="rounded,filled", fillcolor="#f5f7fa", fontname="Helvetica", fontsize=11];',
        '  edge [fontname="Helvetica", fontsize=9];',
    ];
    evaluation.stacks.forEach((s, i) => {
        const who = s.consumer ? `consumer ${s.consumer}` : s.account.role;
        const expired = s.consumer && report.entitlements.every((e) => e.consumer !== s.consumer || e.status === "expired") ? " (no access)" : "";
        lines.push(
            `  subgraph cluster_${i} {`,
            `    label=${quote(`${who}: account ${s.account.accountId}`)};`,
            `    ${quote(s.account.accountId)} [label=${quote(`stack ${s.stack}${expired}`)}];`,
            "  }",
        );
    });
    for (const c of evaluation.topology.consumers.filter((c) => !c.account)) {
        lines.push(`  ${quote(partnerNode(c.name))} [label=${quote(`${c.name} (not on AWS)`)}, shape=ellipse, fillcolor="#fff7e6"];`);
    }
    for (const e of edges) lines.push(`  ${quote(e.from)} -> ${quote(e.to)} [label=${quote(e.label)}];`);
    lines.push("}");
    return `${lines.join("\n")}\n`;
}

/** The diagram as SVG. */
export async function sharingSvg(evaluation: TopologyEvaluation, report: EntitlementReport): Promise<string> {
    const graphviz = await Graphviz.load();
    return graphviz.dot(sharingDot(evaluation, report));
}
