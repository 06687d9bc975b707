import { StackEvaluation } from "../../plan/evaluation";

/**
 * Pattern 4 end to end, from what the stacks register: for each datashare and consumer
 * account, whether each of the four steps Redshift needs is there (GRANT USAGE in SQL, the
 * producer-side authorization, the consumer's association, the database made from the
 * share). A path reaches the consumer only when all four are.
 */

export interface DatasharePath {
    readonly datashare: string;
    /** "A" when the producer shares from production, "B" when the external account shares a copy. */
    readonly option: "A" | "B";
    readonly sharingStack: string;
    readonly sharingAccount: string;
    readonly consumerAccount: string;
    readonly consumerStack?: string;
    readonly granted: boolean;
    readonly authorized: boolean;
    readonly associated: boolean;
    /** The consumer's database made from the share. */
    readonly database?: string;
    /** Option B: the producer's Glue job that refreshes the copy. */
    readonly copyJob?: string;
    readonly reachesConsumer: boolean;
}

const DATASHARE = "pulumi-nodejs:dynamic/datasharing:ProducerDatashare";
const AUTHORIZATION = "aws:redshift/dataShareAuthorization:DataShareAuthorization";
const ASSOCIATION = "aws:redshift/dataShareConsumerAssociation:DataShareConsumerAssociation";
const DATABASE = "pulumi-nodejs:dynamic/datasharing:ConsumerDatashareDatabase";
const GLUE_JOB = "aws:glue/job:Job";

/** Each evaluation's paths, found once: the plan's section, the entitlement rows and the diagram all read them. */
const found = new WeakMap<readonly StackEvaluation[], readonly DatasharePath[]>();

export function datasharePaths(stacks: readonly StackEvaluation[]): readonly DatasharePath[] {
    let paths = found.get(stacks);
    if (!paths) {
        paths = findDatasharePaths(stacks);
        found.set(stacks, paths);
    }
    return paths;
}

function findDatasharePaths(stacks: readonly StackEvaluation[]): DatasharePath[] {
    const copyJobs = stacks
        .filter((s) => s.account.role === "producer")
        .flatMap((s) =>
            s.resources.filter(
                (r) => r.type === GLUE_JOB && typeof r.inputs.defaultArguments?.["--tables"] === "string" && r.inputs.defaultArguments["--staging_schema"],
            ),
        );
    return stacks.flatMap((sharing) =>
        sharing.resources
            .filter((r) => r.type === DATASHARE)
            .flatMap((share) => {
                const name = String(share.inputs.name);
                const granted = new Set<string>(share.inputs.consumerAccounts ?? []);
                const authorized = new Set(
                    sharing.resources
                        .filter((r) => r.type === AUTHORIZATION && String(r.inputs.dataShareArn).endsWith(`/${name}`))
                        .map((r) => String(r.inputs.consumerIdentifier)),
                );
                const option = sharing.account.role === "external" ? "B" : "A";
                const copyJob =
                    option === "B"
                        ? copyJobs.find((j) => copies(j.inputs.defaultArguments["--tables"], share.inputs.schema, share.inputs.tables ?? []))?.inputs.name
                        : undefined;
                const accounts = [...new Set([...granted, ...authorized, ...consumersOf(stacks, sharing, name)])].sort();
                return accounts.map((account) => {
                    const consumer = stacks.find((s) => s.account.role === "consumer" && s.account.accountId === account);
                    const association = consumer?.resources.find(
                        (r) =>
                            r.type === ASSOCIATION &&
                            String(r.inputs.dataShareArn).endsWith(`/${name}`) &&
                            String(r.inputs.dataShareArn).includes(`:${sharing.account.accountId}:`),
                    );
                    const database = consumer?.resources.find(
                        (r) => r.type === DATABASE && r.inputs.datashare === name && r.inputs.producerAccountId === sharing.account.accountId,
                    );
                    const path = {
                        datashare: name,
                        option,
                        sharingStack: sharing.stack,
                        sharingAccount: sharing.account.accountId,
                        consumerAccount: account,
                        consumerStack: consumer?.stack,
                        granted: granted.has(account),
                        authorized: authorized.has(account),
                        associated: association !== undefined,
                        database: database?.inputs.database as string | undefined,
                        copyJob: copyJob as string | undefined,
                    } as const;
                    return { ...path, reachesConsumer: path.granted && path.authorized && path.associated && path.database !== undefined };
                });
            }),
    );
}

/** Whether a copy job's `--tables` covers every table of the share. */
function copies(tablesArgument: string, schema: string, tables: readonly string[]): boolean {
    const copied = new Set((JSON.parse(tablesArgument) as { schema: string; table: string }[]).map((t) => `${t.schema}.${t.table}`));
    return tables.length > 0 && tables.every((t) => copied.has(`${schema}.${t}`));
}

/** Consumer accounts that still associate or query a share, so a half-revoked path shows too. */
function consumersOf(stacks: readonly StackEvaluation[], sharing: StackEvaluation, datashare: string): string[] {
    return stacks
        .filter((s) => s.account.role === "consumer")
        .filter((s) =>
            s.resources.some((r) => r.type === DATABASE && r.inputs.datashare === datashare && r.inputs.producerAccountId === sharing.account.accountId),
        )
        .map((s) => s.account.accountId);
}

export function renderDatasharePaths(paths: readonly DatasharePath[]): string[] {
    if (paths.length === 0) {
        return [];
    }
    const lines = ["", "Redshift datashares (pattern 4):"];
    for (const p of paths) {
        const how =
            p.option === "A" ? "option A, from the production warehouse" : `option B, from the external copy refreshed by ${p.copyJob ?? "NO COPY JOB"}`;
        const steps = [
            p.granted ? "granted" : "NOT GRANTED",
            p.authorized ? "authorized" : "NOT AUTHORIZED",
            p.associated ? "associated" : "NOT ASSOCIATED",
            p.database ? `database ${p.database}` : "NO DATABASE",
        ];
        const verdict = p.reachesConsumer ? "reaches the consumer" : "DOES NOT reach the consumer";
        lines.push(
            `  ${p.datashare} (${how}; ${p.sharingStack} ${p.sharingAccount}) -> ${p.consumerStack ?? "no stack"} ${p.consumerAccount}: ${steps.join(", ")}: ${verdict}`,
        );
    }
    return lines;
}
