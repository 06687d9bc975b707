import {
    AccessDeniedException,
    AnalysisDefinition,
    CreateAnalysisCommand,
    DeleteAnalysisCommand,
    DescribeAnalysisCommand,
    QuickSightClient,
    ResourceExistsException,
    ResourceNotFoundException,
    UpdateAnalysisCommand,
    UpdateAnalysisPermissionsCommand,
} from "@aws-sdk/client-quicksight";
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { mockClient } from "aws-sdk-client-mock";
import { mockCallerAccount } from "../../../support/caller-account";
import {
    AnalysisInputs,
    AnalysisOutputs,
    analysisDefinition,
    analysisProvider as provider,
    pollSettings,
} from "../../../../components/secure-lake/quicksight/analysis-provider";
import { QuickSightAnalysis } from "../../../../components/secure-lake/quicksight/analysis";

// The provider's methods are optional in the ResourceProvider type; these are all implemented.
const check = provider.check!;
const diff = provider.diff!;
const update = provider.update!;
const remove = provider.delete!;

const ACCOUNT = "111111111111";
const ANALYSIS_ID = "datasharing-generic-cards-not-owned";
const ARN = `arn:aws:quicksight:eu-west-1:${ACCOUNT}:analysis/${ANALYSIS_ID}`;
const DATA_SET_ARN = `arn:aws:quicksight:eu-west-1:${ACCOUNT}:dataset/datasharing-generic-sales-cards`;
const OWNER = `arn:aws:quicksight:eu-west-1:${ACCOUNT}:user/default/analyst`;
const READER = `arn:aws:quicksight:eu-west-1:${ACCOUNT}:group/default/Readers`;
const OWNER_ACTIONS = ["quicksight:DescribeAnalysis", "quicksight:UpdateAnalysis", "quicksight:DeleteAnalysis"];

/** The heat map of the (only) visual of the (only) sheet. */
function heatMapOf(definition: AnalysisDefinition | undefined) {
    assert.equal(definition?.Sheets?.length, 1);
    const visuals = definition?.Sheets?.[0].Visuals ?? [];
    assert.equal(visuals.length, 1);
    const wells = visuals[0].HeatMapVisual?.ChartConfiguration?.FieldWells?.HeatMapAggregatedFieldWells;
    assert.ok(wells, "the visual is a heat map with aggregated field wells");
    return wells;
}

describe("QuickSightAnalysis provider", () => {
    const qs = mockClient(QuickSightClient);
    const target = { accountId: ACCOUNT, region: "eu-west-1" };
    const inputs: AnalysisInputs = {
        target,
        analysisId: ANALYSIS_ID,
        name: "Cards used that the customer does not own",
        dataSetArn: DATA_SET_ARN,
        dataSetIdentifier: "sales_cards",
        heatMap: { rows: "customer_id", columns: "num_diff_card_used", values: "num_diff_card_used", aggregation: "SUM" },
        permissions: [{ principal: OWNER, actions: OWNER_ACTIONS }],
    };
    const olds: AnalysisOutputs = { ...inputs, arn: ARN };
    const $metadata = {};
    const saved = { ...pollSettings };

    before(() => Object.assign(pollSettings, { intervalMs: 0, attempts: 4 }));
    after(() => {
        Object.assign(pollSettings, saved);
        qs.restore();
    });
    let sts: ReturnType<typeof mockCallerAccount>;
    beforeEach(() => {
        qs.reset();
        sts = mockCallerAccount(ACCOUNT);
    });
    afterEach(() => sts.restore());

    describe("definition", () => {
        it("is a pure function of the inputs, with fixed, distinct field ids", () => {
            const first = analysisDefinition(inputs);
            assert.deepEqual(analysisDefinition(structuredClone(inputs)), first);
            const wells = heatMapOf(first);
            const ids = [
                wells.Rows?.[0].NumericalDimensionField?.FieldId,
                wells.Columns?.[0].NumericalDimensionField?.FieldId,
                wells.Values?.[0].NumericalMeasureField?.FieldId,
            ];
            assert.ok(ids.every((id) => typeof id === "string" && id.length > 0));
            assert.equal(new Set(ids).size, 3);
        });

        it("uses the requested aggregation", () => {
            const wells = heatMapOf(analysisDefinition({ ...inputs, heatMap: { ...inputs.heatMap, aggregation: "AVERAGE" } }));
            assert.deepEqual(wells.Values?.[0].NumericalMeasureField?.AggregationFunction, { SimpleNumericalAggregation: "AVERAGE" });
        });
    });

    describe("create", () => {
        it("creates the analysis with the account, id, name, definition and permissions, waits for it and returns its id and ARN", async () => {
            qs.on(CreateAnalysisCommand).resolves({ Arn: ARN, CreationStatus: "CREATION_IN_PROGRESS" });
            qs.on(DescribeAnalysisCommand)
                .resolvesOnce({ Analysis: { AnalysisId: ANALYSIS_ID, Status: "CREATION_IN_PROGRESS" } })
                .resolves({ Analysis: { AnalysisId: ANALYSIS_ID, Arn: ARN, Status: "CREATION_SUCCESSFUL" } });

            const result = await provider.create(inputs);

            const calls = qs.commandCalls(CreateAnalysisCommand);
            assert.equal(calls.length, 1);
            const { Definition, ...rest } = calls[0].args[0].input;
            assert.deepEqual(rest, {
                AwsAccountId: ACCOUNT,
                AnalysisId: ANALYSIS_ID,
                Name: "Cards used that the customer does not own",
                Permissions: [{ Principal: OWNER, Actions: OWNER_ACTIONS }],
            });
            assert.deepEqual(Definition?.DataSetIdentifierDeclarations, [{ Identifier: "sales_cards", DataSetArn: DATA_SET_ARN }]);
            const wells = heatMapOf(Definition);
            assert.equal(wells.Rows?.length, 1);
            assert.deepEqual(wells.Rows?.[0].NumericalDimensionField?.Column, { DataSetIdentifier: "sales_cards", ColumnName: "customer_id" });
            assert.equal(wells.Columns?.length, 1);
            assert.deepEqual(wells.Columns?.[0].NumericalDimensionField?.Column, { DataSetIdentifier: "sales_cards", ColumnName: "num_diff_card_used" });
            assert.equal(wells.Values?.length, 1);
            const value = wells.Values?.[0].NumericalMeasureField;
            assert.deepEqual(value?.Column, { DataSetIdentifier: "sales_cards", ColumnName: "num_diff_card_used" });
            assert.deepEqual(value?.AggregationFunction, { SimpleNumericalAggregation: "SUM" });

            assert.deepEqual(
                qs.commandCalls(DescribeAnalysisCommand).map((c) => c.args[0].input),
                [1, 2].map(() => ({ AwsAccountId: ACCOUNT, AnalysisId: ANALYSIS_ID })),
            );
            assert.equal(result.id, ANALYSIS_ID);
            assert.equal(result.outs?.arn, ARN);
            assert.deepEqual(result.outs, { ...inputs, arn: ARN });
        });

        it("fails with the analysis id and QuickSight's reasons when creation fails", async () => {
            qs.on(CreateAnalysisCommand).resolves({});
            qs.on(DescribeAnalysisCommand).resolves({
                Analysis: {
                    AnalysisId: ANALYSIS_ID,
                    Status: "CREATION_FAILED",
                    Errors: [{ Type: "COLUMN_TYPE_MISMATCH", Message: "Column customer_id has an incompatible type" }],
                },
            });
            await assert.rejects(provider.create(inputs), (err: Error) => {
                assert.match(err.message, new RegExp(`"${ANALYSIS_ID}"`));
                assert.match(err.message, /CREATION_FAILED/);
                assert.match(err.message, /COLUMN_TYPE_MISMATCH: Column customer_id has an incompatible type/);
                return true;
            });
        });

        it("times out, naming the analysis and its last status, when creation never finishes", async () => {
            qs.on(CreateAnalysisCommand).resolves({});
            qs.on(DescribeAnalysisCommand).resolves({ Analysis: { AnalysisId: ANALYSIS_ID, Status: "CREATION_IN_PROGRESS" } });
            const started = Date.now();
            await assert.rejects(provider.create(inputs), (err: Error) => {
                assert.match(err.message, /Timed out/);
                assert.match(err.message, new RegExp(`"${ANALYSIS_ID}"`));
                assert.match(err.message, /CREATION_IN_PROGRESS/);
                return true;
            });
            assert.equal(qs.commandCalls(DescribeAnalysisCommand).length, pollSettings.attempts);
            assert.ok(Date.now() - started < 1000, "the lowered poll settings apply: no real waiting");
        });

        it("explains an analysis id that is already taken", async () => {
            qs.on(CreateAnalysisCommand).rejects(new ResourceExistsException({ message: "Analysis already exists", $metadata }));
            await assert.rejects(provider.create(inputs), (err: Error) => {
                assert.match(err.message, /already exists in account 111111111111/);
                assert.match(err.message, /--force-delete-without-recovery/);
                return true;
            });
            assert.equal(qs.commandCalls(DescribeAnalysisCommand).length, 0);
        });

        it("refuses invalid inputs before calling QuickSight", async () => {
            await assert.rejects(provider.create({ ...inputs, analysisId: "no spaces/allowed" }), /analysis id "no spaces\/allowed" is invalid/);
            await assert.rejects(provider.create({ ...inputs, permissions: [] }), /needs at least one permission/);
            assert.equal(qs.calls().length, 0);
        });
    });

    describe("check", () => {
        it("accepts valid inputs unchanged", async () => {
            assert.deepEqual(await check(inputs, inputs), { inputs, failures: [] });
        });

        it("reports a bad id, missing permissions, a repeated principal and an unknown aggregation", async () => {
            const badId = await check(inputs, { ...inputs, analysisId: "x".repeat(2049) });
            assert.deepEqual(
                badId.failures?.map((f) => f.property),
                ["analysisId"],
            );
            const none = await check(inputs, { ...inputs, permissions: [] });
            assert.deepEqual(
                none.failures?.map((f) => f.property),
                ["permissions"],
            );
            const repeated = [...inputs.permissions, { principal: OWNER, actions: ["quicksight:DescribeAnalysis"] }];
            const twice = await check(inputs, { ...inputs, permissions: repeated });
            assert.match(twice.failures?.[0].reason ?? "", /appears more than once/);
            const median = await check(inputs, { ...inputs, heatMap: { ...inputs.heatMap, aggregation: "MEDIAN" as "SUM" } });
            assert.deepEqual(
                median.failures?.map((f) => f.property),
                ["heatMap"],
            );
        });
    });

    describe("diff", () => {
        it("replaces the analysis when its id changes", async () => {
            assert.deepEqual(await diff(ANALYSIS_ID, olds, { ...inputs, analysisId: "another-analysis" }), { changes: true, replaces: ["analysisId"] });
        });

        it("replaces the analysis when the account or region changes", async () => {
            assert.deepEqual((await diff(ANALYSIS_ID, olds, { ...inputs, target: { ...target, region: "us-east-1" } })).replaces, ["target"]);
            assert.deepEqual((await diff(ANALYSIS_ID, olds, { ...inputs, target: { ...target, accountId: "222222222222" } })).replaces, ["target"]);
        });

        it("reports no change for identical inputs, whatever the order of permissions and actions", async () => {
            assert.deepEqual(await diff(ANALYSIS_ID, olds, structuredClone(inputs)), { changes: false });
            const two = [
                { principal: OWNER, actions: OWNER_ACTIONS },
                { principal: READER, actions: ["quicksight:DescribeAnalysis", "quicksight:QueryAnalysis"] },
            ];
            const reordered = [
                { principal: READER, actions: ["quicksight:QueryAnalysis", "quicksight:DescribeAnalysis"] },
                { principal: OWNER, actions: [...OWNER_ACTIONS].reverse() },
            ];
            assert.deepEqual(await diff(ANALYSIS_ID, { ...olds, permissions: two }, { ...inputs, permissions: reordered }), { changes: false });
        });

        it("updates in place when permissions, the name, the heat map, the data set or the role change", async () => {
            const inPlace = (d: { changes?: boolean; replaces?: string[] }) => d.changes === true && (d.replaces ?? []).length === 0;
            assert.ok(inPlace(await diff(ANALYSIS_ID, olds, { ...inputs, permissions: [{ principal: READER, actions: OWNER_ACTIONS }] })));
            assert.ok(inPlace(await diff(ANALYSIS_ID, olds, { ...inputs, permissions: [{ principal: OWNER, actions: OWNER_ACTIONS.slice(1) }] })));
            assert.ok(inPlace(await diff(ANALYSIS_ID, olds, { ...inputs, name: "Renamed" })));
            assert.ok(inPlace(await diff(ANALYSIS_ID, olds, { ...inputs, heatMap: { ...inputs.heatMap, aggregation: "COUNT" } })));
            assert.ok(inPlace(await diff(ANALYSIS_ID, olds, { ...inputs, dataSetArn: `${DATA_SET_ARN}-v2` })));
            assert.ok(inPlace(await diff(ANALYSIS_ID, olds, { ...inputs, target: { ...target, roleArn: `arn:aws:iam::${ACCOUNT}:role/deployer` } })));
        });
    });

    describe("update", () => {
        it("renames the analysis, waits for it, then grants the added principal and revokes the removed one", async () => {
            qs.on(UpdateAnalysisCommand).resolves({ Arn: ARN, UpdateStatus: "UPDATE_IN_PROGRESS" });
            qs.on(DescribeAnalysisCommand)
                .resolvesOnce({ Analysis: { AnalysisId: ANALYSIS_ID, Status: "UPDATE_IN_PROGRESS" } })
                .resolves({ Analysis: { AnalysisId: ANALYSIS_ID, Arn: ARN, Status: "UPDATE_SUCCESSFUL" } });
            qs.on(UpdateAnalysisPermissionsCommand).resolves({});
            const readerActions = ["quicksight:DescribeAnalysis", "quicksight:QueryAnalysis"];
            const before: AnalysisOutputs = { ...olds, permissions: [...olds.permissions, { principal: READER, actions: readerActions }] };
            const newGroup = `arn:aws:quicksight:eu-west-1:${ACCOUNT}:group/default/Analyst`;
            const added = { principal: newGroup, actions: readerActions };
            const news: AnalysisInputs = { ...inputs, name: "Cards not owned", permissions: [...inputs.permissions, added] };

            const result = await update(ANALYSIS_ID, before, news);

            const updates = qs.commandCalls(UpdateAnalysisCommand);
            assert.equal(updates.length, 1);
            assert.deepEqual(updates[0].args[0].input, {
                AwsAccountId: ACCOUNT,
                AnalysisId: ANALYSIS_ID,
                Name: "Cards not owned",
                Definition: analysisDefinition(news),
            });
            assert.equal(qs.commandCalls(DescribeAnalysisCommand).length, 2);
            const permissions = qs.commandCalls(UpdateAnalysisPermissionsCommand);
            assert.equal(permissions.length, 1);
            assert.deepEqual(permissions[0].args[0].input, {
                AwsAccountId: ACCOUNT,
                AnalysisId: ANALYSIS_ID,
                GrantPermissions: [{ Principal: newGroup, Actions: readerActions }],
                RevokePermissions: [{ Principal: READER, Actions: readerActions }],
            });
            assert.deepEqual(result.outs, { ...news, arn: ARN });
        });

        it("fails with the analysis id and QuickSight's reasons when the update fails, leaving permissions alone", async () => {
            qs.on(UpdateAnalysisCommand).resolves({});
            const errors = [{ Type: "DATA_SET_NOT_FOUND" as const, Message: "Data set is gone" }];
            qs.on(DescribeAnalysisCommand).resolves({ Analysis: { Status: "UPDATE_FAILED", Errors: errors } });
            const news = { ...inputs, name: "Renamed", permissions: [{ principal: READER, actions: OWNER_ACTIONS }] };
            await assert.rejects(update(ANALYSIS_ID, olds, news), (err: Error) => {
                assert.match(err.message, new RegExp(`"${ANALYSIS_ID}" update failed`));
                assert.match(err.message, /DATA_SET_NOT_FOUND: Data set is gone/);
                return true;
            });
            assert.equal(qs.commandCalls(UpdateAnalysisPermissionsCommand).length, 0);
        });

        it("revokes only the actions a remaining principal lost, without touching the definition", async () => {
            qs.on(UpdateAnalysisPermissionsCommand).resolves({});
            const fewer = ["quicksight:DescribeAnalysis"];
            await update(ANALYSIS_ID, olds, { ...inputs, permissions: [{ principal: OWNER, actions: fewer }] });
            assert.equal(qs.commandCalls(UpdateAnalysisCommand).length, 0);
            assert.deepEqual(qs.commandCalls(UpdateAnalysisPermissionsCommand)[0].args[0].input, {
                AwsAccountId: ACCOUNT,
                AnalysisId: ANALYSIS_ID,
                GrantPermissions: [{ Principal: OWNER, Actions: fewer }],
                RevokePermissions: [{ Principal: OWNER, Actions: ["quicksight:DeleteAnalysis", "quicksight:UpdateAnalysis"] }],
            });
        });

        it("sends no permissions call when the permissions did not change, and no call at all when only the role did", async () => {
            qs.on(UpdateAnalysisCommand).resolves({});
            qs.on(DescribeAnalysisCommand).resolves({ Analysis: { Arn: ARN, Status: "UPDATE_SUCCESSFUL" } });
            await update(ANALYSIS_ID, olds, { ...inputs, name: "Renamed", permissions: [{ principal: OWNER, actions: [...OWNER_ACTIONS].reverse() }] });
            assert.equal(qs.commandCalls(UpdateAnalysisCommand).length, 1);
            assert.equal(qs.commandCalls(UpdateAnalysisPermissionsCommand).length, 0);
            qs.resetHistory();
            const result = await update(ANALYSIS_ID, olds, { ...inputs, target: { ...target, roleArn: `arn:aws:iam::${ACCOUNT}:role/deployer` } });
            assert.equal(qs.calls().length, 0);
            assert.equal(result.outs?.arn, ARN);
        });
    });

    describe("delete", () => {
        it("deletes the analysis recoverably: no ForceDeleteWithoutRecovery", async () => {
            qs.on(DeleteAnalysisCommand).resolves({});
            await remove(ANALYSIS_ID, olds);
            const calls = qs.commandCalls(DeleteAnalysisCommand);
            assert.equal(calls.length, 1);
            assert.deepEqual(calls[0].args[0].input, { AwsAccountId: ACCOUNT, AnalysisId: ANALYSIS_ID });
        });

        it("tolerates an analysis that is already gone", async () => {
            qs.on(DeleteAnalysisCommand).rejects(new ResourceNotFoundException({ message: "Analysis not found", $metadata }));
            await remove(ANALYSIS_ID, olds);
            assert.equal(qs.commandCalls(DeleteAnalysisCommand).length, 1);
        });

        it("propagates other errors", async () => {
            const denied = new AccessDeniedException({ message: "not authorized to quicksight:DeleteAnalysis", $metadata });
            qs.on(DeleteAnalysisCommand).rejects(denied);
            await assert.rejects(remove(ANALYSIS_ID, olds), (err: unknown) => err === denied);
        });
    });

    it("sends every call to the target's region", async () => {
        const regions: string[] = [];
        const record =
            <T>(response: T) =>
            async (_input: unknown, getClient: () => QuickSightClient): Promise<T> => {
                regions.push(await getClient().config.region());
                return response;
            };
        const there = { ...inputs, target: { accountId: ACCOUNT, region: "ap-southeast-2" } };
        qs.on(CreateAnalysisCommand).callsFake(record({}));
        qs.on(DescribeAnalysisCommand)
            .callsFakeOnce(record({ Analysis: { Arn: ARN, Status: "CREATION_SUCCESSFUL" } }))
            .callsFake(record({ Analysis: { Arn: ARN, Status: "UPDATE_SUCCESSFUL" } }));
        qs.on(UpdateAnalysisCommand).callsFake(record({}));
        qs.on(UpdateAnalysisPermissionsCommand).callsFake(record({}));
        qs.on(DeleteAnalysisCommand).callsFake(record({}));
        const { outs: created } = await provider.create(there);
        assert.ok(created);
        await update(ANALYSIS_ID, created, { ...there, name: "Renamed", permissions: [{ principal: READER, actions: OWNER_ACTIONS }] });
        await remove(ANALYSIS_ID, created);
        // create, describe, update, describe, permissions, delete
        assert.deepEqual(regions, Array(6).fill("ap-southeast-2"));
    });
});

describe("QuickSightAnalysis resource", () => {
    it("registers a serializable provider with the inputs and an arn output", async () => {
        // Loaded here so the whole stack program the harness pulls in cannot stop the provider tests above from loading.
        const { runProgram } = await import("../../../support/run-stack");
        let arn: unknown;
        const run = await runProgram(() => {
            arn = new QuickSightAnalysis("heat-map", {
                target: { accountId: ACCOUNT, region: "eu-west-1" },
                analysisId: ANALYSIS_ID,
                name: "Cards used that the customer does not own",
                dataSetArn: DATA_SET_ARN,
                dataSetIdentifier: "sales_cards",
                heatMap: { rows: "customer_id", columns: "num_diff_card_used", values: "num_diff_card_used", aggregation: "SUM" },
                permissions: [{ principal: OWNER, actions: OWNER_ACTIONS }],
            }).arn;
            return {};
        });
        assert.ok(pulumi.Output.isInstance(arn), "arn is an output of the resource");
        assert.deepEqual(run.errors, []);
        const analysis = run.one("pulumi-nodejs:dynamic/datasharing:QuickSightAnalysis");
        assert.equal(analysis.inputs.analysisId, ANALYSIS_ID);
        assert.equal(analysis.inputs.dataSetIdentifier, "sales_cards");
        assert.deepEqual(analysis.inputs.permissions, [{ principal: OWNER, actions: OWNER_ACTIONS }]);
        // The SDK is loaded by the serialized provider, not captured by value.
        assert.match(analysis.inputs.__provider, /require\("@aws-sdk\/client-quicksight[/"]/);
    });
});
