import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { z } from "zod";
import { ConfigError, ConfigProblem, formatPath } from "../../core/config-error";
import { closest, friendlyMessage, zodProblems } from "../../core/zod-problems";
import { deployOrder } from "../../core/deploy-order";
import { Topology, stackAccounts } from "../../core/topology/model";
import { CredentialSource } from "./credentials";
import { UsageError } from "./usage-error";

/**
 * The operator's accounts file: which stacks this operator deploys, and with which
 * credentials. It is local to the operator (git-ignored), not part of the topology: the
 * topology is read by every party, including consumers in other companies, while profile
 * names exist only on one machine, deployment roles are one party's business, and two
 * operators of one account (a person, a CI job) use different credentials.
 */

export const DEFAULT_ACCOUNTS_FILE = "deploy-accounts.yaml";

const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/[\w+=,.@/-]+$/;

const entrySchema = z
    .strictObject({
        /** AWS profile of the operator's config (SSO, role with source_profile, keys). */
        profile: z.string().min(1).optional(),
        /** Role to assume with STS for this stack's account. */
        roleArn: z.string().regex(ROLE_ARN, { error: 'must be an IAM role ARN, e.g. "arn:aws:iam::123456789012:role/pulumi-deployer"' }).optional(),
        /** External id the role's trust policy requires. */
        externalId: z.string().min(2).max(1224).optional(),
        /** Profile whose credentials assume the role. @default the environment */
        sourceProfile: z.string().min(1).optional(),
        /** Session length; STS allows 900 to the role's maximum (3600 when reached from another role). */
        durationSeconds: z.number().int().min(900).max(43200).optional(),
    })
    .nullable();

const fileSchema = z.strictObject({
    /** Stacks this operator holds, by stack name; `{}` deploys with the environment's credentials. */
    stacks: z.record(z.string(), entrySchema),
});

type Entry = NonNullable<z.output<typeof entrySchema>>;

/** The stacks an operator holds, each with its credentials. */
export interface HeldAccounts {
    /** The file they came from; undefined when there is none (every stack, environment credentials). */
    readonly file?: string;
    readonly stacks: ReadonlyMap<string, CredentialSource>;
}

/**
 * The accounts file named by `--accounts` (which must then exist), else the default one of
 * the project if present; undefined means every stack, with the environment's credentials.
 */
export function heldAccounts(dir: string, named: string | undefined, topology: Topology): HeldAccounts | undefined {
    const file = path.resolve(dir, named ?? DEFAULT_ACCOUNTS_FILE);
    if (named !== undefined && !fs.existsSync(file)) {
        throw new UsageError(`--accounts: ${file} does not exist (start from deploy-accounts.example.yaml)`);
    }
    return readAccountsFile(file, topology, path.relative(process.cwd(), file) || file);
}

/**
 * Reads and validates the accounts file against the topology; undefined when the file does not exist.
 * @param shown the file's name in messages
 */
export function readAccountsFile(file: string, topology: Topology, shown: string = file): HeldAccounts | undefined {
    if (!fs.existsSync(file)) return undefined;
    let raw: unknown;
    try {
        raw = parse(fs.readFileSync(file, "utf8"));
    } catch (err) {
        throw ConfigError.single(shown, `is not valid YAML: ${(err as Error).message}`);
    }
    return parseAccounts(raw, topology, shown);
}

/** Validates accounts file content: every key names a stack of the topology, every role is in that stack's account. */
export function parseAccounts(raw: unknown, topology: Topology, file: string = DEFAULT_ACCOUNTS_FILE): HeldAccounts {
    const keyOf = (path: readonly PropertyKey[]) => `${file}: ${formatPath("", path).replace(/^\./, "")}`;
    const result = fileSchema.safeParse(raw ?? {}, { error: friendlyMessage });
    if (!result.success) {
        throw new ConfigError(zodProblems(result.error.issues, keyOf));
    }
    const accounts = new Map(stackAccounts(topology).map((a) => [a.stack, a]));
    const problems: ConfigProblem[] = [];
    const stacks = new Map<string, CredentialSource>();
    for (const [stack, value] of Object.entries(result.data.stacks)) {
        const key = keyOf(["stacks", stack]);
        const account = accounts.get(stack);
        if (!account) {
            problems.push({ key, message: unknownStackMessage(stack, topology) });
            continue;
        }
        const entry: Entry = value ?? {};
        const found = entryProblems(entry, account.accountId, key);
        problems.push(...found);
        if (found.length === 0) stacks.set(stack, sourceOf(entry));
    }
    if (problems.length > 0) throw new ConfigError(problems);
    return { file, stacks };
}

function entryProblems(entry: Entry, accountId: string, key: string): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    if (entry.profile !== undefined && entry.roleArn !== undefined) {
        problems.push({
            key,
            message: "gives both profile and roleArn: keep one (a profile can itself assume a role, with role_arn and source_profile in your AWS config)",
        });
    }
    for (const field of ["externalId", "sourceProfile", "durationSeconds"] as const) {
        if (entry[field] !== undefined && entry.roleArn === undefined) {
            problems.push({ key: `${key}.${field}`, message: "applies only to roleArn: add the role to assume or remove it" });
        }
    }
    const roleAccount = entry.roleArn && ROLE_ARN.exec(entry.roleArn)?.[1];
    if (roleAccount && roleAccount !== accountId) {
        problems.push({
            key: `${key}.roleArn`,
            message: `is a role in account ${roleAccount}, but this stack deploys into ${accountId}: use a role of account ${accountId}`,
        });
    }
    return problems;
}

function sourceOf(entry: Entry): CredentialSource {
    if (entry.profile !== undefined) return { kind: "profile", profile: entry.profile };
    if (entry.roleArn !== undefined) {
        return {
            kind: "role",
            roleArn: entry.roleArn,
            externalId: entry.externalId,
            sourceProfile: entry.sourceProfile,
            durationSeconds: entry.durationSeconds,
        };
    }
    return { kind: "environment" };
}

/** Why a name is not a stack, with the stack meant when it is a consumer's name or a typo. */
export function unknownStackMessage(name: string, topology: Topology): string {
    const stacks = deployOrder(topology).map((p) => p.account.stack);
    const consumer = topology.consumers.find((c) => c.name === name);
    if (consumer?.account) return `"${name}" is a consumer; its stack is "${consumer.account.stack}": use the stack name`;
    if (consumer) return `consumer "${name}" is not on AWS (no accountId), so it has no stack to deploy`;
    const guess = closest(name, stacks);
    return `no stack "${name}" in the topology${guess ? ` (did you mean "${guess}"?)` : ""}; its stacks: ${stacks.join(", ")}`;
}
