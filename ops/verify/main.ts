import * as path from "path";
import { isoInstant } from "../../core/iso-instant";
import { messageOf } from "../../core/message-of";
import { Account } from "../../core/topology/model";
import { collectEntitlements } from "../../plan/entitlements";
import { AccessPath } from "../../plan/entitlements/model";
import { evaluateTopology } from "../../plan/evaluate";
import { StackEvaluation, TopologyEvaluation } from "../../plan/evaluation";
import { CapturedResource } from "../../plan/mock-aws";
import { heldAccounts, unknownStackMessage } from "../deploy/accounts-file";
import { CredentialSource, ENVIRONMENT, describeCredentials } from "../deploy/credentials";
import { UsageError } from "../deploy/usage-error";
import { loadProject } from "../project";
import { VERIFY_HELP, readVerifyArgs } from "./args";
import { ClientOptions, LiveClients, callerAccount, credentialsOf, liveClients } from "./clients";
import { accountGrantRows } from "./account-grants";
import { compareEntitlements } from "./compare";
import { readAccount } from "./live";
import { LiveReadContext } from "./live/context";
import { liveEvaluation } from "./live-evaluation";
import { AccountReading, VerifyReport, fails, verdictCounts } from "./model";
import { inReportOrder } from "./order";
import { writeVerifyReports } from "./write";
import { DEFAULT_RETRY, RetrySettings, withRetry } from "./retry";

/** What `npm run verify` reaches outside itself; tests replace each. */
export interface VerifyDeps {
    readonly write: (line: string) => void;
    /** The read-only clients of one account. @default real SDK clients with the accounts file's credentials */
    readonly clients?: (account: Account, source: CredentialSource, options: ClientOptions) => LiveClients;
    /** @default the real clock */
    readonly now?: () => Date;
    /** The offline evaluation of every stack. @default evaluateTopology */
    readonly evaluate?: typeof evaluateTopology;
    /** Throttling retries. @default DEFAULT_RETRY */
    readonly retry?: RetrySettings;
}

const defaultClients = (account: Account, source: CredentialSource, options: ClientOptions) =>
    liveClients(account.region, credentialsOf(source, account, options));

/** Runs the command; resolves to the exit code. Throws UsageError or ConfigError before reading anything. */
export async function verify(argv: readonly string[], deps: VerifyDeps): Promise<number> {
    const args = readVerifyArgs(argv);
    if (args === "help") {
        deps.write(VERIFY_HELP);
        return 0;
    }
    const project = loadProject(args.dir);
    const held = heldAccounts(project.dir, args.accounts, project.topology);
    for (const name of args.stacks ?? []) {
        if (
            !project.topology.consumers.some((c) => c.account?.stack === name) &&
            ![project.topology.producer, project.topology.governance, project.topology.external].some((a) => a?.stack === name)
        ) {
            throw new UsageError(`--stacks: ${unknownStackMessage(name, project.topology)}`);
        }
    }
    const asOf = args.asOf ? isoInstant(args.asOf) : (deps.now ?? (() => new Date()))();
    deps.write("Evaluating the plan offline...");
    const plan = await (deps.evaluate ?? evaluateTopology)(project.dir, { accessAsOf: asOf.toISOString(), stackTraceLimit: 0 });
    const failed = plan.stacks.filter((s) => s.errors.length > 0);
    if (failed.length > 0) {
        deps.write(
            `The plan fails (${failed.map((s) => `${s.stack}: ${s.errors[0]}`).join("; ")}): fix it first (npm run plan); verify compares the live accounts with it.`,
        );
        return 1;
    }
    const options: ClientOptions = { assumeVerificationRole: !args.direct, namePrefix: project.topology.namePrefix };
    const readings: AccountReading[] = [];
    const live = new Map<string, CapturedResource[]>();
    const width = Math.max(...plan.stacks.map((s) => s.stack.length));
    for (const stack of plan.stacks) {
        const line = (text: string) => deps.write(`[${stack.stack.padEnd(width)}] ${text}`);
        const base = { stack: stack.stack, accountId: stack.account.accountId, role: stack.account.role, consumer: stack.consumer };
        if (args.stacks && !args.stacks.includes(stack.stack)) {
            readings.push({ ...base, status: "not selected", errors: [], notes: [], readPaths: [] });
            continue;
        }
        const source = held ? held.stacks.get(stack.stack) : ENVIRONMENT;
        if (!source) {
            line(`not held (not in ${held!.file}): its rows are unverified`);
            readings.push({ ...base, status: "not held", errors: [], notes: [], readPaths: [] });
            continue;
        }
        const reading = await readStack(stack, plan, source, options, asOf, deps, line);
        readings.push(reading.reading);
        if (reading.resources) live.set(stack.stack, reading.resources);
    }
    const report = buildReport(plan, live, readings, asOf);
    const written = writeVerifyReports(report, path.resolve(project.dir, args.out));
    const counts = verdictCounts(report.rows);
    deps.write(
        `\nVerified ${readings.filter((r) => r.status === "read" || r.status === "partial").length} of ${readings.length} accounts as of ${report.accessAsOf}: ${counts.ok} ok, ${counts.unexpected} unexpected, ${counts["expired-but-live"]} expired but live, ${counts.missing} missing, ${counts.unverified} unverified.`,
    );
    for (const r of readings.filter((r) => r.status === "unreachable" || r.status === "partial"))
        deps.write(`  ${r.stack} ${r.status}: ${r.errors.join("; ")}`);
    deps.write(`Reports: ${written.map((f) => path.relative(process.cwd(), f) || f).join(", ")}`);
    const incomplete = readings.some((r) => r.status === "unreachable" || r.status === "partial");
    return fails(report) || incomplete ? 1 : 0;
}

async function readStack(
    stack: StackEvaluation,
    plan: TopologyEvaluation,
    source: CredentialSource,
    options: ClientOptions,
    asOf: Date,
    deps: VerifyDeps,
    line: (text: string) => void,
) {
    const base = { stack: stack.stack, accountId: stack.account.accountId, role: stack.account.role, consumer: stack.consumer };
    const started = Date.now();
    const notes: string[] = [];
    line(
        `reading account ${stack.account.accountId} (${stack.account.role}${stack.consumer ? ` ${stack.consumer}` : ""}) with ${describeCredentials(source)}${options.assumeVerificationRole ? " as its verification role" : ""}...`,
    );
    const retry = deps.retry ?? DEFAULT_RETRY;
    let clients: LiveClients;
    try {
        clients = (deps.clients ?? defaultClients)(stack.account, source, options);
        const caller = await withRetry("sts GetCallerIdentity", () => callerAccount(clients), retry);
        if (caller !== stack.account.accountId) throw new Error(`the credentials are of account ${caller}, not ${stack.account.accountId}`);
    } catch (err) {
        const error = messageOf(err).split("\n")[0];
        line(`UNREACHABLE: ${error}`);
        return { reading: { ...base, status: "unreachable" as const, errors: [error], notes, readPaths: [] as AccessPath[] } };
    }
    const context: LiveReadContext = {
        account: stack.account,
        topology: plan.topology,
        plan: stack,
        clients,
        call: (what, fn) => withRetry(what, fn, retry),
        retry,
        asOf,
        note: (text) => notes.push(text),
    };
    const state = await readAccount(context);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    line(
        state.errors.length === 0
            ? `read: ${state.resources.length} live resources in ${seconds}s`
            : `PARTIAL: ${state.errors.length} of the readers failed (${state.errors.map((e) => e.split(":")[0]).join(", ")}); ${state.resources.length} live resources in ${seconds}s`,
    );
    return {
        reading: {
            ...base,
            status: state.errors.length === 0 ? ("read" as const) : ("partial" as const),
            errors: state.errors,
            notes,
            readPaths: state.readPaths,
        },
        resources: state.resources,
    };
}

/** The comparison, from the plan's evaluation and what the readers found. */
export function buildReport(plan: TopologyEvaluation, live: ReadonlyMap<string, CapturedResource[]>, readings: AccountReading[], asOf: Date): VerifyReport {
    const notes = new Map<string, string[]>();
    const evaluation = liveEvaluation(plan, live, (stack, text) => notes.set(stack, [...(notes.get(stack) ?? []), text]));
    const planned = collectEntitlements(plan, asOf);
    // Rows the topology alone declares (an API no stack registers) are not live evidence.
    const found = [...collectEntitlements(evaluation, asOf).entitlements.filter((e) => e.basis === "registered"), ...accountGrantRows(evaluation, asOf)];
    const readIn = new Map(readings.map((r) => [r.accountId, new Set(r.readPaths)]));
    const rows = compareEntitlements(planned.entitlements, found, (account, p) => readIn.get(account)?.has(p) === true);
    const accounts = readings.map((r) => ({ ...r, notes: [...r.notes, ...(notes.get(r.stack) ?? [])] }));
    return { project: plan.project, accessAsOf: asOf.toISOString(), accounts, rows: [...rows].sort(inReportOrder(plan.topology)) };
}
