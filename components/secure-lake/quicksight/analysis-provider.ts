import type { AnalysisDefinition, ColumnIdentifier, QuickSightClient, ResourcePermission } from "@aws-sdk/client-quicksight";
import * as pulumi from "@pulumi/pulumi";
import { AwsTarget, targetMoved, targetRoleChanged, verifiedClientConfig } from "../../../core/dynamic/aws-target";
import { PollSettings, pollUntil, waited } from "../../../core/poll";
import { messageOf } from "../../../core/message-of";

/** The SDK, loaded when the provider runs, not when the program loads (the plan never runs it). */
const quickSight = () => import("@aws-sdk/client-quicksight");

/**
 * A QuickSight analysis with a heat map over one data set. `aws.quicksight.Analysis` in
 * @pulumi/aws 7 takes no `definition`, so this is a dynamic provider over the QuickSight API.
 */

/** How the heat map's values are aggregated per cell. */
export type HeatMapAggregation = "SUM" | "COUNT" | "AVERAGE" | "MIN" | "MAX";

const AGGREGATIONS: readonly HeatMapAggregation[] = ["SUM", "COUNT", "AVERAGE", "MIN", "MAX"];

/** The heat map's field wells, by column name of the data set. */
export interface HeatMapFields {
    /** Column shown as rows (a categorical dimension), e.g. `customer_id`. */
    rows: string;
    /** Column shown as columns (a categorical dimension). */
    columns: string;
    /** Numeric column aggregated into each cell's value. */
    values: string;
    /** How `values` is aggregated per cell. */
    aggregation: HeatMapAggregation;
}

/** One QuickSight principal and the analysis actions it is granted. */
export interface AnalysisPermission {
    /** ARN of the QuickSight user or group. */
    principal: string;
    /** QuickSight actions, e.g. `quicksight:DescribeAnalysis`. */
    actions: string[];
}

/** What the provider receives. */
export interface AnalysisInputs {
    /** Account, region and deployment role the QuickSight calls go to; the analysis lives in `target.accountId`. */
    target: AwsTarget;
    /** QuickSight id of the analysis (letters, digits, `_` and `-`); changing it replaces the analysis. */
    analysisId: string;
    /** Display name of the analysis. */
    name: string;
    /** ARN of the data set the heat map reads. */
    dataSetArn: string;
    /** The name the definition uses for the data set, e.g. `sales_cards`. */
    dataSetIdentifier: string;
    /** Columns and aggregation of the heat map. */
    heatMap: HeatMapFields;
    /** Principals granted actions on the analysis; at least one, each principal once. */
    permissions: AnalysisPermission[];
}

/** What the provider stores: the inputs and the analysis's ARN. */
export interface AnalysisOutputs extends AnalysisInputs {
    /** ARN of the analysis. */
    arn: string;
}

/**
 * How often and how long create and update wait for QuickSight to finish (it works asynchronously).
 * Exported so tests can wait without real sleeps.
 */
export const pollSettings: PollSettings = { intervalMs: 2000, attempts: 60 };

const ANALYSIS_ID = /^[\w-]{1,2048}$/;

// Fixed ids, so the same inputs always give the same definition and diffs stay quiet.
const SHEET_ID = "heat-map-sheet";
const VISUAL_ID = "heat-map";

/** The analysis definition: one sheet holding one heat map over the data set. Pure, with fixed ids. */
export function analysisDefinition(inputs: Pick<AnalysisInputs, "dataSetArn" | "dataSetIdentifier" | "heatMap">): AnalysisDefinition {
    const { heatMap, dataSetIdentifier } = inputs;
    const column = (name: string): ColumnIdentifier => ({ DataSetIdentifier: dataSetIdentifier, ColumnName: name });
    return {
        DataSetIdentifierDeclarations: [{ Identifier: dataSetIdentifier, DataSetArn: inputs.dataSetArn }],
        Sheets: [
            {
                SheetId: SHEET_ID,
                Name: "Heat map",
                Visuals: [
                    {
                        HeatMapVisual: {
                            VisualId: VISUAL_ID,
                            ChartConfiguration: {
                                FieldWells: {
                                    HeatMapAggregatedFieldWells: {
                                        // The query's columns are integers: QuickSight takes them as numerical dimensions.
                                        Rows: [{ NumericalDimensionField: { FieldId: `${VISUAL_ID}-rows`, Column: column(heatMap.rows) } }],
                                        Columns: [{ NumericalDimensionField: { FieldId: `${VISUAL_ID}-columns`, Column: column(heatMap.columns) } }],
                                        Values: [
                                            {
                                                NumericalMeasureField: {
                                                    FieldId: `${VISUAL_ID}-values`,
                                                    Column: column(heatMap.values),
                                                    AggregationFunction: { SimpleNumericalAggregation: heatMap.aggregation },
                                                },
                                            },
                                        ],
                                    },
                                },
                            },
                        },
                    },
                ],
                // Without a layout element the visual would get QuickSight's smallest default size.
                Layouts: [{ Configuration: { GridLayout: { Elements: [{ ElementId: VISUAL_ID, ElementType: "VISUAL", ColumnSpan: 36, RowSpan: 18 }] } } }],
            },
        ],
    };
}

/**
 * What is wrong with the inputs. With `partial` (at `check`, which also runs at preview), values
 * that are not a string or an array yet are skipped, since they may still be unknown.
 */
function problems(inputs: AnalysisInputs, partial: boolean): pulumi.dynamic.CheckFailure[] {
    const failures: pulumi.dynamic.CheckFailure[] = [];
    const { analysisId, permissions, heatMap } = inputs;
    if (typeof analysisId === "string" ? !ANALYSIS_ID.test(analysisId) : !partial) {
        failures.push({
            property: "analysisId",
            reason: `QuickSight analysis id ${JSON.stringify(analysisId)} is invalid: use 1 to 2048 letters, digits, "_" or "-".`,
        });
    }
    if (Array.isArray(permissions)) {
        if (permissions.length === 0) {
            failures.push({ property: "permissions", reason: `Analysis "${analysisId}" needs at least one permission, or no one could open or delete it.` });
        }
        const seen = new Set<string>();
        for (const p of permissions) {
            if (typeof p?.principal === "string" && seen.has(p.principal)) {
                failures.push({ property: "permissions", reason: `Principal ${p.principal} appears more than once; merge its actions into one entry.` });
            }
            seen.add(p?.principal);
            if (Array.isArray(p?.actions) && p.actions.length === 0) {
                failures.push({ property: "permissions", reason: `Principal ${p.principal} is granted no actions.` });
            }
        }
    } else if (!partial) {
        failures.push({ property: "permissions", reason: `Analysis "${analysisId}" needs at least one permission, or no one could open or delete it.` });
    }
    const aggregation = heatMap?.aggregation;
    if (typeof aggregation === "string" ? !AGGREGATIONS.includes(aggregation) : !partial) {
        failures.push({ property: "heatMap", reason: `Heat map aggregation ${JSON.stringify(aggregation)} is not one of ${AGGREGATIONS.join(", ")}.` });
    }
    return failures;
}

/** The error's SDK name (e.g. `ResourceNotFoundException`), read by name so it survives provider serialization. */
function errorName(err: unknown): string | undefined {
    const name = (err as { name?: unknown } | null)?.name;
    return typeof name === "string" ? name : undefined;
}

function toResourcePermissions(permissions: readonly AnalysisPermission[]): ResourcePermission[] {
    return permissions.map((p) => ({ Principal: p.principal, Actions: [...p.actions] }));
}

/** Permissions by principal, actions sorted, so order in the program does not count as a change. */
function byPrincipal(permissions: readonly AnalysisPermission[]): Map<string, string[]> {
    return new Map(permissions.map((p) => [p.principal, [...new Set(p.actions)].sort()]));
}

function samePermissions(a: readonly AnalysisPermission[], b: readonly AnalysisPermission[]): boolean {
    const left = byPrincipal(a);
    const right = byPrincipal(b);
    return left.size === right.size && [...left].every(([principal, actions]) => JSON.stringify(actions) === JSON.stringify(right.get(principal)));
}

/**
 * Grants for new principals and principals whose actions changed; revokes for principals that are
 * gone and for actions a remaining principal lost (granting is additive, so they must be revoked).
 */
export function permissionChanges(
    olds: readonly AnalysisPermission[],
    news: readonly AnalysisPermission[],
): { grant: ResourcePermission[]; revoke: ResourcePermission[] } {
    const before = byPrincipal(olds);
    const after = byPrincipal(news);
    const grant: ResourcePermission[] = [];
    const revoke: ResourcePermission[] = [];
    for (const [principal, actions] of after) {
        const had = before.get(principal);
        if (had === undefined || JSON.stringify(had) !== JSON.stringify(actions)) {
            grant.push({ Principal: principal, Actions: actions });
        }
        const lost = (had ?? []).filter((a) => !actions.includes(a));
        if (lost.length > 0) {
            revoke.push({ Principal: principal, Actions: lost });
        }
    }
    for (const [principal, actions] of before) {
        if (!after.has(principal)) {
            revoke.push({ Principal: principal, Actions: actions });
        }
    }
    return { grant, revoke };
}

/** Polls the analysis until it reaches `done`; fails on `failed` or when the attempts run out. Returns its ARN. */
async function waitFor(qs: QuickSightClient, accountId: string, analysisId: string, done: string, failed: string): Promise<string> {
    const step = done === "CREATION_SUCCESSFUL" ? "creation" : "update";
    const { DescribeAnalysisCommand } = await quickSight();
    let status = "unknown";
    const arn = await pollUntil(pollSettings, async () => {
        const { Analysis: analysis } = await qs.send(new DescribeAnalysisCommand({ AwsAccountId: accountId, AnalysisId: analysisId }));
        status = analysis?.Status ?? "unknown";
        if (status === failed) {
            const errors = (analysis?.Errors ?? []).map((e) => `${e.Type ?? "ERROR"}: ${e.Message ?? "(no message)"}`);
            throw new Error(`QuickSight analysis "${analysisId}" ${step} failed (${status}): ${errors.join("; ") || "QuickSight gave no reason"}`);
        }
        return status === done ? (analysis?.Arn ?? "") : undefined;
    });
    if (arn !== undefined) {
        return arn;
    }
    throw new Error(
        `Timed out waiting for QuickSight analysis "${analysisId}" ${step}: last status ${status} after ${pollSettings.attempts} checks (${waited(pollSettings)}). ` +
            "Check the analysis in the QuickSight console, then run the update again.",
    );
}

function outputsOf(inputs: AnalysisInputs, arn: string): AnalysisOutputs {
    const { target, analysisId, name, dataSetArn, dataSetIdentifier, heatMap, permissions } = inputs;
    return { target, analysisId, name, dataSetArn, dataSetIdentifier, heatMap, permissions, arn };
}

export const analysisProvider: pulumi.dynamic.ResourceProvider<AnalysisInputs, AnalysisOutputs> = {
    async check(_olds: AnalysisInputs, news: AnalysisInputs): Promise<pulumi.dynamic.CheckResult<AnalysisInputs>> {
        return { inputs: news, failures: problems(news, true) };
    },

    async create(inputs: AnalysisInputs): Promise<pulumi.dynamic.CreateResult<AnalysisOutputs>> {
        const failures = problems(inputs, false);
        if (failures.length > 0) {
            throw new Error(failures.map((f) => f.reason).join(" "));
        }
        const { QuickSightClient, CreateAnalysisCommand } = await quickSight();
        const qs = new QuickSightClient(await verifiedClientConfig(inputs.target));
        const accountId = inputs.target.accountId;
        try {
            await qs.send(
                new CreateAnalysisCommand({
                    AwsAccountId: accountId,
                    AnalysisId: inputs.analysisId,
                    Name: inputs.name,
                    Definition: analysisDefinition(inputs),
                    Permissions: toResourcePermissions(inputs.permissions),
                }),
            );
        } catch (err) {
            if (errorName(err) === "ResourceExistsException") {
                // Deleted analyses stay in their recovery window under the same id, so a re-create after a destroy lands here.
                throw new Error(
                    `QuickSight analysis "${inputs.analysisId}" already exists in account ${accountId}, made outside this stack or deleted earlier ` +
                        "and still in its recovery window. Delete it for good " +
                        `(\`aws quicksight delete-analysis --aws-account-id ${accountId} --analysis-id ${inputs.analysisId} ` +
                        "--force-delete-without-recovery`) " +
                        `or choose another analysisId, and run the update again. (${messageOf(err)})`,
                    { cause: err },
                );
            }
            throw err;
        }
        const arn = await waitFor(qs, accountId, inputs.analysisId, "CREATION_SUCCESSFUL", "CREATION_FAILED");
        return { id: inputs.analysisId, outs: outputsOf(inputs, arn) };
    },

    async diff(_id: pulumi.ID, olds: AnalysisOutputs, news: AnalysisInputs): Promise<pulumi.dynamic.DiffResult> {
        const replaces: string[] = [];
        if (olds.analysisId !== news.analysisId) {
            replaces.push("analysisId");
        }
        if (targetMoved(olds.target, news.target)) {
            replaces.push("target");
        }
        if (replaces.length > 0) {
            return { changes: true, replaces };
        }
        const definitionChanged = JSON.stringify(analysisDefinition(olds)) !== JSON.stringify(analysisDefinition(news));
        // A new deployment role changes nothing in QuickSight, but delete must assume the current one.
        const roleChanged = targetRoleChanged(olds.target, news.target);
        const changes = olds.name !== news.name || definitionChanged || !samePermissions(olds.permissions, news.permissions) || roleChanged;
        return { changes };
    },

    async update(_id: pulumi.ID, olds: AnalysisOutputs, news: AnalysisInputs): Promise<pulumi.dynamic.UpdateResult<AnalysisOutputs>> {
        const failures = problems(news, false);
        if (failures.length > 0) {
            throw new Error(failures.map((f) => f.reason).join(" "));
        }
        const { QuickSightClient, UpdateAnalysisCommand, UpdateAnalysisPermissionsCommand } = await quickSight();
        const qs = new QuickSightClient(await verifiedClientConfig(news.target));
        const accountId = news.target.accountId;
        let arn = olds.arn;
        const definition = analysisDefinition(news);
        if (olds.name !== news.name || JSON.stringify(analysisDefinition(olds)) !== JSON.stringify(definition)) {
            await qs.send(new UpdateAnalysisCommand({ AwsAccountId: accountId, AnalysisId: news.analysisId, Name: news.name, Definition: definition }));
            arn = (await waitFor(qs, accountId, news.analysisId, "UPDATE_SUCCESSFUL", "UPDATE_FAILED")) || arn;
        }
        const { grant, revoke } = permissionChanges(olds.permissions, news.permissions);
        if (grant.length > 0 || revoke.length > 0) {
            await qs.send(
                new UpdateAnalysisPermissionsCommand({
                    AwsAccountId: accountId,
                    AnalysisId: news.analysisId,
                    ...(grant.length > 0 ? { GrantPermissions: grant } : {}),
                    ...(revoke.length > 0 ? { RevokePermissions: revoke } : {}),
                }),
            );
        }
        return { outs: outputsOf(news, arn) };
    },

    async delete(id: pulumi.ID, props: AnalysisOutputs): Promise<void> {
        const { QuickSightClient, DeleteAnalysisCommand } = await quickSight();
        const qs = new QuickSightClient(await verifiedClientConfig(props.target));
        try {
            // No ForceDeleteWithoutRecovery: QuickSight keeps the analysis restorable for its default recovery window.
            await qs.send(new DeleteAnalysisCommand({ AwsAccountId: props.target.accountId, AnalysisId: props.analysisId ?? id }));
        } catch (err) {
            // Already gone (deleted outside the stack): nothing to do.
            if (errorName(err) !== "ResourceNotFoundException") {
                throw err;
            }
        }
    },
};
