import * as path from "path";
import { advise } from "../core/advisor/advisor";
import { AWS_SERVICES, Advice, AwsService, CONSUMPTIONS, DATA_SIZES, STORES, SharingSituation } from "../core/advisor/inputs";
import { ConfigError } from "../core/config-error";
import { situationOf } from "../core/topology/advice-rules";
import { Topology } from "../core/topology/model";
import { TOPOLOGY_KEY, parseTopology } from "../core/topology/parse";
import { PatternId } from "../core/topology/patterns";
import { PATTERNS } from "../patterns";
import { UsageError, readCommandLine } from "./command-line";
import { readProject } from "./project-files";

export const HELP = `Usage: npm run advise -- [options]

Recommends the data sharing patterns of reference/000 for one data product and one
consumer, with the reasons: hard constraints (the pattern cannot work) and preferences
(the reference's "ideally suited", "may"). Reads the topology of Pulumi.yaml, or takes the
facts from flags; flags override what the topology says.

From the topology:
  --product <name>                  a data product of datasharing:topology
  --consumer <name>                 a consumer of datasharing:topology; also shows its choice
  --dir <path>                      project directory holding Pulumi.yaml   (default: .)

Facts (required without --product: --classification, --structure, --on-aws):
  --classification <c>              public | private | confidential
  --structure <s>                   structured | unstructured
  --on-aws <yes|no>                 whether the consumer has an AWS account
  --store <s>                       s3 | redshift | several                  (default: s3)
  --partners <n>                    partners receiving the product           (default: 1)
  --size <s>                        small | large
  --consumption <c>                 bulk | api
  --isolate-production <yes|no>     no consumer may reach production         (default: no)
  --lake-formation-on-production <yes|no>                                    (default: yes)
  --allowed-services <list>         comma-separated services allowed here    (default: all)
  --disallow <list>                 comma-separated services not allowed
                                    services: ${AWS_SERVICES.join(", ")}

  --json                            print the advice as JSON
  --help                            show this help

Exit codes: 0 advice given; 1 no pattern fits, or the topology is invalid; 2 bad options.
Example (a FedRAMP environment without Data Exchange and Lake Formation):
  npm run advise -- --classification confidential --structure structured --on-aws yes \\
    --store redshift --disallow dataexchange,lakeformation`;

interface Options {
    dir: string;
    product?: string;
    consumer?: string;
    json: boolean;
    facts: Partial<Mutable<SharingSituation>>;
    disallow: AwsService[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface Io {
    out(line: string): void;
    err(line: string): void;
}

/** Runs the advisor CLI in-process; returns the exit code. */
export function runAdvise(argv: readonly string[], io: Io = { out: console.log, err: console.error }): number {
    let options: Options | "help";
    try {
        options = parseOptions(argv);
    } catch (err) {
        if (err instanceof UsageError) {
            io.err(`advise: ${err.message}`);
            return 2;
        }
        throw err;
    }
    if (options === "help") {
        io.out(HELP);
        return 0;
    }
    try {
        const { situation, choice, subject } = resolve(options);
        const advice = advise(situation, PATTERNS.advised);
        if (options.json) {
            io.out(
                JSON.stringify(
                    {
                        subject,
                        situation: { ...situation, allowedServices: situation.allowedServices && [...situation.allowedServices] },
                        chosen: choice,
                        ...advice,
                    },
                    null,
                    2,
                ),
            );
        } else {
            io.out(render(subject, advice, choice));
        }
        return advice.recommended.length > 0 ? 0 : 1;
    } catch (err) {
        if (err instanceof UsageError) {
            io.err(`advise: ${err.message}`);
            return 2;
        }
        if (err instanceof ConfigError) {
            io.err(err.message);
            return 1;
        }
        throw err;
    }
}

/** The flags as node:util parseArgs reads them, strictly. */
const readFlags = (argv: readonly string[]) =>
    readCommandLine(argv, {
        dir: { type: "string", default: "." },
        product: { type: "string" },
        consumer: { type: "string" },
        json: { type: "boolean", default: false },
        classification: { type: "string" },
        structure: { type: "string" },
        "on-aws": { type: "string" },
        store: { type: "string" },
        partners: { type: "string" },
        size: { type: "string" },
        consumption: { type: "string" },
        "isolate-production": { type: "string" },
        "lake-formation-on-production": { type: "string" },
        "allowed-services": { type: "string" },
        disallow: { type: "string", multiple: true, default: [] },
    });

type Flags = Exclude<ReturnType<typeof readFlags>, "help">["values"];

/** The command line read; a usage error ends with "; see --help". */
function parseOptions(argv: readonly string[]): Options | "help" {
    const parsed = readFlags(argv);
    if (parsed === "help") return "help";
    try {
        return optionsOf(parsed.values);
    } catch (err) {
        throw err instanceof UsageError ? new UsageError(`${err.message}; see --help`) : err;
    }
}

/** The flags' values checked and typed; `undefined` where a flag is not given. */
function optionsOf(v: Flags): Options {
    const allowed = v["allowed-services"];
    const facts: Partial<Mutable<SharingSituation>> = {
        classification: oneOf("--classification", v.classification, ["public", "private", "confidential"] as const),
        structure: oneOf("--structure", v.structure, ["structured", "unstructured"] as const),
        consumerOnAws: yesNo("--on-aws", v["on-aws"]),
        store: oneOf("--store", v.store, STORES),
        partners: wholeNumber("--partners", v.partners),
        size: oneOf("--size", v.size, DATA_SIZES),
        consumption: oneOf("--consumption", v.consumption, CONSUMPTIONS),
        isolateProduction: yesNo("--isolate-production", v["isolate-production"]),
        lakeFormationOnProduction: yesNo("--lake-formation-on-production", v["lake-formation-on-production"]),
        allowedServices: allowed === undefined ? undefined : new Set(services("--allowed-services", allowed)),
    };
    const o: Options = {
        dir: v.dir,
        product: v.product,
        consumer: v.consumer,
        json: v.json,
        // A fact not given is left out, so that the topology's value stands.
        facts: Object.fromEntries(Object.entries(facts).filter(([, value]) => value !== undefined)),
        disallow: v.disallow.flatMap((list) => services("--disallow", list)),
    };
    if (o.consumer !== undefined && o.product === undefined) {
        throw new UsageError("--consumer needs --product: name the data product to share with it");
    }
    return o;
}

function oneOf<T extends string>(flag: string, v: string | undefined, allowed: readonly T[]): T | undefined {
    if (v !== undefined && !(allowed as readonly string[]).includes(v))
        throw new UsageError(`${flag} must be one of ${allowed.join(", ")}, got ${JSON.stringify(v)}`);
    return v as T | undefined;
}

function yesNo(flag: string, v: string | undefined): boolean | undefined {
    if (v === undefined) return undefined;
    if (["yes", "true"].includes(v)) return true;
    if (["no", "false"].includes(v)) return false;
    throw new UsageError(`${flag} must be yes or no, got ${JSON.stringify(v)}`);
}

function wholeNumber(flag: string, v: string | undefined): number | undefined {
    if (v !== undefined && !/^[1-9]\d*$/.test(v)) throw new UsageError(`${flag} must be a whole number of at least 1, got ${JSON.stringify(v)}`);
    return v === undefined ? undefined : Number(v);
}

function services(flag: string, v: string): AwsService[] {
    const list = v
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s.length > 0);
    const unknown = list.filter((s) => !(AWS_SERVICES as readonly string[]).includes(s));
    if (unknown.length > 0) throw new UsageError(`${flag}: unknown service ${unknown.join(", ")}; use ${AWS_SERVICES.join(", ")}`);
    return list as AwsService[];
}

interface Resolved {
    situation: SharingSituation;
    /** Patterns the consumer chose for the product, when both come from the topology. */
    choice?: readonly PatternId[];
    subject: string;
}

function resolve(o: Options): Resolved {
    let base: Partial<SharingSituation> = {};
    let choice: readonly PatternId[] | undefined;
    let subject = "the situation given by flags";
    if (o.product !== undefined) {
        const t = loadTopology(o.dir);
        const product = t.dataProducts.find((p) => p.name === o.product);
        if (!product)
            throw new UsageError(`--product ${o.product} is not a data product of the topology; use one of ${t.dataProducts.map((p) => p.name).join(", ")}`);
        const partners = t.consumers.filter((c) => c.access.some((a) => a.product === product.name)).length;
        subject = `data product "${product.name}" (${product.classification}, ${product.structure}, kept in ${product.store})`;
        if (o.consumer !== undefined) {
            const consumer = t.consumers.find((c) => c.name === o.consumer);
            if (!consumer)
                throw new UsageError(`--consumer ${o.consumer} is not a consumer of the topology; use one of ${t.consumers.map((c) => c.name).join(", ")}`);
            base = situationOf(PATTERNS, product, { onAws: consumer.account !== undefined, partners: Math.max(partners, 1) });
            choice = consumer.access.find((a) => a.product === product.name)?.patterns;
            subject += ` for consumer "${consumer.name}" (${consumer.account ? "on AWS" : "not on AWS"})`;
        } else {
            // Without a consumer, whether it is on AWS must come from --on-aws.
            base = { ...situationOf(PATTERNS, product, { onAws: true, partners: Math.max(partners, 1) }), consumerOnAws: undefined };
        }
    }
    const merged = { ...base, ...o.facts };
    for (const key of ["classification", "structure", "consumerOnAws"] as const) {
        if (merged[key] === undefined) {
            const flag = { classification: "--classification", structure: "--structure", consumerOnAws: "--on-aws" }[key];
            throw new UsageError(`${flag} is required${o.product !== undefined ? " (or give --consumer)" : " (or give --product and --consumer)"}`);
        }
    }
    if (o.disallow.length > 0) {
        const allowed = new Set<AwsService>(merged.allowedServices ?? AWS_SERVICES);
        for (const s of o.disallow) allowed.delete(s);
        merged.allowedServices = allowed;
    }
    return { situation: merged as SharingSituation, choice, subject };
}

function loadTopology(dir: string): Topology {
    let raw: string | undefined;
    try {
        raw = readProject(path.resolve(dir)).projectConfig[TOPOLOGY_KEY];
    } catch (err) {
        throw new UsageError(`cannot read Pulumi.yaml in ${dir}: ${err instanceof Error ? err.message : String(err)}`);
    }
    return parseTopology(raw === undefined ? undefined : JSON.parse(raw), PATTERNS);
}

export function render(subject: string, advice: Advice, choice?: readonly PatternId[]): string {
    const lines = [`Advice for ${subject}:`, ""];
    lines.push(
        advice.recommended.length > 0
            ? `Recommended: ${advice.recommended.map((p) => PATTERNS.describe(p)).join("; ")}`
            : "No pattern fits: every pattern is ruled out by a hard constraint (below).",
    );
    const others = advice.viable.filter((p) => !advice.recommended.includes(p));
    if (others.length > 0) lines.push(`Also possible: ${others.join(", ")}`);
    if (choice) {
        const verdict = (p: PatternId) => (!advice.assessments[p].viable ? "CANNOT WORK" : advice.recommended.includes(p) ? "recommended" : "possible");
        lines.push(`Chosen in Pulumi.yaml: ${choice.map((p) => `${p} (${verdict(p)})`).join(", ")}`);
    }
    lines.push("");
    for (const id of [...advice.viable, ...advice.excluded]) {
        const a = advice.assessments[id];
        const status = a.viable ? `viable, score ${a.score >= 0 ? "+" : ""}${a.score}` : "excluded";
        lines.push(`${PATTERNS.facts(id).number}. ${id} (${status})`);
        for (const r of a.reasons) {
            const tag = r.effect === "excludes" ? "hard" : r.effect === "note" ? "note" : `preference ${r.effect}`;
            lines.push(`   - [${tag}] ${r.message}`);
            lines.push(`     source: ${r.source}`);
        }
    }
    return lines.join("\n");
}

if (require.main === module) {
    process.exitCode = runAdvise(process.argv.slice(2));
}
