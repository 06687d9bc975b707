import { DeployingConsumer } from "./consumer";
import { OutputsSource } from "./outputs";

export interface InstructionFacts {
    readonly consumer: DeployingConsumer;
    /** `<org>/<project>/<stack>` of the consumer's stack. */
    readonly path: string;
    readonly project: string;
    readonly source: OutputsSource;
    /** Stacks whose outputs the references hold, as `org/project/stack`. */
    readonly upstream: readonly string[];
    readonly accessAsOf: string;
    readonly commit?: string;
}

/** The README of a hand-off bundle: what it is, where its values come from, how to deploy with it. */
export function renderInstructions(f: InstructionFacts): string {
    const { consumer, path } = f;
    const stack = consumer.account.stack;
    const stackFile = `Pulumi.${stack}.yaml`;
    const lines = [
        `# Hand-off: consumer ${consumer.name}`,
        "",
        `For the party deploying stack \`${path}\` into AWS account ${consumer.account.accountId} (${consumer.account.region}).`,
        `Made with \`npm run handoff -- ${consumer.name}\`${f.commit ? ` from commit ${f.commit}` : ""} of the ${f.project} project.`,
        "",
        ...sourceParagraph(f),
        "",
        "## In this folder",
        "",
        `- \`${stackFile}\`: your stack's settings, with \`datasharing:references\` holding the outputs`,
        `  your stack reads from ${f.upstream.join(", ") || "no other stack"}. Your stack resolves no stack reference, so it`,
        "  needs no access to the producer's Pulumi state.",
        "- `Pulumi.yaml`: the project file with the topology (every account, product and consumer) this",
        "  hand-off was made from.",
        `- \`entitlements.md\`: what ${consumer.name}'s principals will be able to access, through which path, until`,
        `  when, evaluated as of ${f.accessAsOf}: the producer's rows for you from \`npm run plan\`.`,
        "- `handoff.json`: the same facts for tools, with the SHA-256 of each file.",
        "",
        "## Sign off",
        "",
        "Both sides read `entitlements.md` and compare the SHA-256 sums in `handoff.json` with the",
        "producer's copy: the same sums mean the same topology, references and rows.",
        "",
        "## Deploy, with credentials of account " + consumer.account.accountId,
        "",
        "```bash",
        `git clone <the project's repository> && cd <its folder>${f.commit ? ` && git checkout ${f.commit}` : ""}`,
        `cp <this folder>/${stackFile} <this folder>/Pulumi.yaml .`,
        "npm ci",
        "pulumi login                         # your backend",
        `pulumi stack select ${path} --create`,
        "pulumi preview                       # or: npm run deploy -- preview --stacks " + stack,
        "pulumi up                            # or: npm run deploy -- up --stacks " + stack,
        "```",
        "",
        "Deploy after the producer's stacks above are up. Nothing needs to come back: no stack reads",
        "yours. When the producer changes the topology or redeploys, it sends a new hand-off.",
    ];
    return `${lines.join("\n")}\n`;
}

function sourceParagraph(f: InstructionFacts): string[] {
    if (f.source === "stacks") {
        return [`The references are the outputs of the deployed stacks ${f.upstream.join(", ")}, read when this folder was made.`];
    }
    return [
        "> **PLACEHOLDER VALUES, NOT FOR DEPLOYMENT.** The references come from the offline plan's",
        "> evaluation under mocks (`npm run plan`), not from deployed stacks: their ARNs and ids are made",
        "> up. Use this folder to review the entitlements before anything is deployed; before `pulumi up`,",
        `> ask the producer for a hand-off made from the deployed stacks (\`npm run handoff -- ${f.consumer.name} --from stacks\`).`,
    ];
}
