import * as pulumi from "@pulumi/pulumi";
import { AwsTarget } from "../../../core/dynamic/aws-target";
import { providerCode } from "../../../core/dynamic/provider-code";
import { analysisProvider, HeatMapAggregation } from "./analysis-provider";

/** The heat map's field wells, by column name of the data set. */
export interface QuickSightHeatMapArgs {
    /** Column shown as rows (a categorical dimension), e.g. `customer_id`. */
    rows: pulumi.Input<string>;
    /** Column shown as columns (a categorical dimension). */
    columns: pulumi.Input<string>;
    /** Numeric column aggregated into each cell's value. */
    values: pulumi.Input<string>;
    /** How `values` is aggregated per cell. */
    aggregation: pulumi.Input<HeatMapAggregation>;
}

/** One QuickSight principal and the analysis actions it is granted. */
export interface QuickSightAnalysisPermissionArgs {
    /** ARN of the QuickSight user or group, e.g. a `aws.quicksight.User`'s `arn`. */
    principal: pulumi.Input<string>;
    /** QuickSight actions, e.g. `quicksight:DescribeAnalysis`. */
    actions: pulumi.Input<pulumi.Input<string>[]>;
}

/** Arguments of {@link QuickSightAnalysis}. */
export interface QuickSightAnalysisArgs {
    /** Account, region and deployment role the QuickSight calls go to (the stack's own); changing account or region replaces the analysis. */
    target: pulumi.Input<AwsTarget>;
    /** QuickSight id of the analysis (letters, digits, `_` and `-`); changing it replaces the analysis. */
    analysisId: pulumi.Input<string>;
    /** Display name of the analysis. */
    name: pulumi.Input<string>;
    /** ARN of the data set the heat map reads. */
    dataSetArn: pulumi.Input<string>;
    /** The name the definition uses for the data set, e.g. `sales_cards`. */
    dataSetIdentifier: pulumi.Input<string>;
    /** Columns and aggregation of the heat map. */
    heatMap: pulumi.Input<QuickSightHeatMapArgs>;
    /** Principals granted actions on the analysis; at least one, each principal once. */
    permissions: pulumi.Input<pulumi.Input<QuickSightAnalysisPermissionArgs>[]>;
}

/**
 * A QuickSight analysis with one heat map over a data set, created through the QuickSight API
 * because `aws.quicksight.Analysis` takes no definition. Deleting it leaves it recoverable for
 * QuickSight's default recovery window.
 */
export class QuickSightAnalysis extends pulumi.dynamic.Resource {
    // `declare`, not `!`: with target ES2022 a `!` field is emitted as a class field and resets the output super() set to undefined.
    /** ARN of the analysis. */
    declare public readonly arn: pulumi.Output<string>;
    /** QuickSight id of the analysis. */
    declare public readonly analysisId: pulumi.Output<string>;

    constructor(name: string, args: QuickSightAnalysisArgs, opts?: pulumi.CustomResourceOptions) {
        const props = {
            target: args.target,
            analysisId: args.analysisId,
            name: args.name,
            dataSetArn: args.dataSetArn,
            dataSetIdentifier: args.dataSetIdentifier,
            heatMap: args.heatMap,
            permissions: args.permissions,
            // Declared so the provider's `arn` output is exposed on the resource.
            arn: undefined,
        };
        super(providerCode(analysisProvider), name, props, opts, "datasharing", "QuickSightAnalysis");
    }
}
