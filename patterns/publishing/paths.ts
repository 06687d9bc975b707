import * as aws from "@pulumi/aws";
import { SNAPSHOT_COLUMN } from "../../components/published-datasets/snapshots";
import { sharesFor } from "../../core/access";
import { ownerDatabase } from "../lake-formation/model";
import { AccountNames } from "../../core/naming";
import { PatternSet } from "../../core/pattern-set";
import { typeOf } from "../../core/resource-type";
import { Topology } from "../../core/topology/model";
import { StackEvaluation } from "../../plan/evaluation";
import { CapturedResource } from "../../plan/mock-aws";
import { PlanSection } from "../../plan/pattern-report";
import { dataGrantName } from "../data-exchange/data-grant";
import { DATA_GRANT_ACCEPTANCE_TYPE } from "../data-exchange/data-grant-acceptance";
import { manifestsPrefixOf } from "../data-exchange/handlers/manifest";
import { exchangedProducts } from "../data-exchange/model";
import { DATA_SET } from "../data-exchange/report";
import { publishedProducts } from "./products";
import { publishJobName } from "./snapshot-publisher";

/**
 * Patterns 1 and 3 end to end, from what the stacks register: each published product from
 * the lake tables its job reads, through Published Datasets and replication, to the
 * external account's replica tables (pattern 3) or Data Exchange data set (pattern 1), to
 * each consumer. A path reaches a consumer only when every step is registered.
 */

/** One consumer at the end of a product's path. */
export interface PublishedConsumer {
    readonly consumer: string;
    readonly stack?: string;
    readonly accountId: string;
    readonly pattern: "lake-formation-external" | "data-exchange";
    /** What the consumer's stack registers to receive it. */
    readonly receives: string;
    readonly reaches: boolean;
}

export interface PublishingPath {
    readonly product: string;
    /** `database.table` the publish job reads, or undefined for a product its producer writes itself. */
    readonly sources?: readonly string[];
    readonly job?: string;
    readonly schedule?: string;
    /** `s3://<published bucket>/<product>/`, where the snapshots are written. */
    readonly published: string;
    /** The external bucket replication copies Published Datasets to. */
    readonly replicatedTo?: string;
    /** Pattern 3: the replica's database and tables, with the crawler's schedule. */
    readonly replica?: { readonly database: string; readonly tables: readonly string[]; readonly partitioned: boolean; readonly crawlSchedule?: string };
    /** Pattern 1: the data set and what makes its revisions. */
    readonly dataSet?: { readonly name: string; readonly revisionsRegistered: number; readonly revisionFunction?: string };
    readonly consumers: readonly PublishedConsumer[];
    /** Steps missing, as the plan's problems. */
    readonly broken: readonly string[];
}

const JOB = typeOf(aws.glue.Job);
const TRIGGER = typeOf(aws.glue.Trigger);
const REPLICATION = typeOf(aws.s3.BucketReplicationConfig);
const TABLE = typeOf(aws.glue.CatalogTable);
const DATABASE = typeOf(aws.glue.CatalogDatabase);
const CRAWLER = typeOf(aws.glue.Crawler);
const REVISIONS = [typeOf(aws.dataexchange.RevisionAssets), typeOf(aws.dataexchange.Revision)];
const NOTIFICATION = typeOf(aws.s3.BucketNotification);
const FUNCTION = typeOf(aws.lambda.Function);
const EVENT_ACTION = typeOf(aws.dataexchange.EventAction);

const ofType = (stack: StackEvaluation | undefined, type: string): CapturedResource[] => stack?.resources.filter((r) => r.type === type) ?? [];

/** Whether a stack's program ran to the end: only then is a step it lacks missing (a failed stack is reported already). */
const evaluated = (stack: StackEvaluation | undefined): boolean => stack !== undefined && stack.errors.length === 0;

export function publishingPaths(
    topology: Topology,
    stacks: readonly StackEvaluation[],
    asOf: Date,
    patterns: Pick<PatternSet, "servingSnapshots">,
): PublishingPath[] {
    const producer = stacks.find((s) => s.account.role === "producer");
    const external = stacks.find((s) => s.account.role === "external");
    const published = publishedProducts(topology, patterns.servingSnapshots);
    const exchanged = exchangedProducts(topology, asOf);
    const names = [...new Set([...published.map((p) => p.product.name), ...exchanged.map((p) => p.product.name)])];
    const bucket = (s: StackEvaluation | undefined, purpose: string) => s && new AccountNames(topology.namePrefix, s.account).bucket(purpose);
    const replication = ofType(producer, REPLICATION)[0];
    return names.map((product): PublishingPath => {
        const p = published.find((x) => x.product.name === product);
        const broken: string[] = [];
        const check = (stack: StackEvaluation | undefined, missing: boolean, what: string) => {
            if (missing && evaluated(stack)) broken.push(what);
        };
        const job =
            producer && ofType(producer, JOB).find((j) => j.inputs.name === publishJobName(new AccountNames(topology.namePrefix, producer.account), product));
        const trigger = job && ofType(producer, TRIGGER).find((t) => t.inputs.actions?.some((a: { jobName?: string }) => a.jobName === job.inputs.name));
        check(producer, p !== undefined && !job, "no publish job in the producer");
        check(producer, job !== undefined && !trigger, `publish job ${job?.inputs.name} has no schedule`);
        const replicatedTo = replication?.inputs.rules?.[0]?.destination?.bucket as string | undefined;
        check(producer, !replicatedTo, "Published Datasets is not replicated to the external account");
        const path = {
            product,
            sources: p?.tables.map((t) => `${p.database}.${t.name}`),
            job: job?.inputs.name as string | undefined,
            schedule: trigger?.inputs.schedule as string | undefined,
            published: `s3://${bucket(producer, "published")}/${product}/`,
            replicatedTo,
        };
        const consumers: PublishedConsumer[] = [];
        let replica: PublishingPath["replica"];
        if (p?.patterns.includes("lake-formation-external")) {
            const database = ownerDatabase(topology, p.product);
            const tables = ofType(external, TABLE).filter((t) => t.inputs.databaseName === database);
            const crawler = ofType(external, CRAWLER).find((c) =>
                (c.inputs.catalogTargets ?? []).some((t: { databaseName: string }) => t.databaseName === database),
            );
            replica = {
                database,
                tables: p.tables.map((t) => t.name).filter((name) => tables.some((t) => t.inputs.name === name)),
                partitioned: tables.length > 0 && tables.every((t) => (t.inputs.partitionKeys ?? []).some((k: { name: string }) => k.name === SNAPSHOT_COLUMN)),
                crawlSchedule: crawler?.inputs.schedule,
            };
            check(external, tables.length === 0, `no replica table in the external account's ${database}`);
            check(external, !crawler, `no crawler adds the snapshots' partitions to ${database}`);
            for (const share of sharesFor(topology, "lake-formation-external", asOf).filter((s) => s.product.name === product && s.consumer.account)) {
                const account = share.consumer.account!;
                const stack = stacks.find((s) => s.account.role === "consumer" && s.account.accountId === account.accountId);
                const link = ofType(stack, DATABASE).find(
                    (d) => d.inputs.targetDatabase?.databaseName === database && d.inputs.targetDatabase?.catalogId === external?.account.accountId,
                );
                consumers.push({
                    consumer: share.consumer.name,
                    stack: stack?.stack,
                    accountId: account.accountId,
                    pattern: "lake-formation-external",
                    receives: link ? `resource link ${link.inputs.name}` : "NO RESOURCE LINK",
                    reaches: link !== undefined,
                });
                check(stack, link === undefined, `${share.consumer.name} (lake-formation-external): NO RESOURCE LINK`);
            }
        }
        let dataSet: PublishingPath["dataSet"];
        const x = exchanged.find((e) => e.product.name === product);
        if (x && external) {
            const set = ofType(external, DATA_SET).find((d) => d.inputs.tags?.product === product);
            const notification = ofType(external, NOTIFICATION).find((n) =>
                (n.inputs.lambdaFunctions ?? []).some((f: { filterPrefix?: string }) => f.filterPrefix === manifestsPrefixOf(product)),
            );
            const fn =
                notification &&
                ofType(external, FUNCTION).find((f) =>
                    notification.inputs.lambdaFunctions.some((l: { lambdaFunctionArn: string }) => l.lambdaFunctionArn === f.state.arn),
                );
            dataSet = {
                name: String(set?.inputs.name ?? "NO DATA SET"),
                revisionsRegistered: REVISIONS.reduce((n, type) => n + ofType(external, type).length, 0),
                revisionFunction: fn?.inputs.name,
            };
            check(external, !set, "no Data Exchange data set in the external account");
            check(external, !fn, `nothing turns ${product}'s manifests into revisions`);
            const sharing = new AccountNames(topology.namePrefix, external.account);
            for (const grant of x.grants) {
                const stack = stacks.find((s) => s.account.role === "consumer" && s.account.accountId === grant.accountId);
                const acceptance = ofType(stack, DATA_GRANT_ACCEPTANCE_TYPE).find((a) => a.inputs.name === dataGrantName(sharing, product, grant.consumer));
                const exports = ofType(stack, EVENT_ACTION).length > 0 ? ", exported to its own bucket on each revision" : "";
                consumers.push({
                    consumer: grant.consumer,
                    stack: stack?.stack,
                    accountId: grant.accountId,
                    pattern: "data-exchange",
                    receives: acceptance ? `grant accepted${exports}` : "GRANT NOT ACCEPTED",
                    reaches: acceptance !== undefined,
                });
                check(stack, acceptance === undefined, `${grant.consumer} (data-exchange): GRANT NOT ACCEPTED`);
            }
        }
        return { ...path, replica, dataSet, consumers, broken };
    });
}

export function renderPublishingPaths(paths: readonly PublishingPath[]): string[] {
    if (paths.length === 0) return [];
    const lines = ["", "Publishing (patterns 1 and 3): lake table -> Published Datasets -> external account -> consumer"];
    for (const p of paths) {
        const from = p.sources
            ? `${p.sources.join(", ")} -> job ${p.job ?? "NONE"} (${p.schedule ?? "NO SCHEDULE"})`
            : "written by its producer (no publish job: unstructured)";
        lines.push(
            `  ${p.product}: ${from} -> ${p.published}<table>/snapshot=<date>/ + _manifests/<date>/_manifest.json -> replicated to ${p.replicatedTo ?? "NOWHERE"}`,
        );
        if (p.replica) {
            const crawl = p.replica.crawlSchedule
                ? `partitions added by the crawler on ${p.replica.crawlSchedule}`
                : "partitions added when the crawler is started";
            lines.push(
                `    pattern 3: replica ${p.replica.database} (${p.replica.tables.join(", ")}; ${p.replica.partitioned ? "by snapshot" : "NOT PARTITIONED"}; ${crawl})`,
            );
        }
        if (p.dataSet) {
            const revisions =
                p.dataSet.revisionsRegistered === 0
                    ? "no revision until the first publish; each manifest becomes one"
                    : `${p.dataSet.revisionsRegistered} revision(s) registered by the stack`;
            lines.push(`    pattern 1: data set ${p.dataSet.name}: ${revisions} (${p.dataSet.revisionFunction ?? "NO REVISION FUNCTION"})`);
        }
        for (const c of p.consumers) {
            lines.push(
                `    -> ${c.stack ?? "no stack"} ${c.accountId} (${c.consumer}, ${c.pattern}): ${c.receives}: ${c.reaches ? "reaches the consumer" : "DOES NOT reach the consumer"}`,
            );
        }
    }
    return lines;
}

/** Publishing's section of the plan: each published product's path to its consumers. */
export const publishingSection: PlanSection<PublishingPath> = {
    key: "publishing",
    paths: (evaluation, asOf, patterns) => publishingPaths(evaluation.topology, evaluation.stacks, asOf, patterns),
    problems: (paths) => paths.flatMap((p) => p.broken.map((b) => `published product ${p.product}: ${b} (see the publishing section)`)),
    render: renderPublishingPaths,
};
