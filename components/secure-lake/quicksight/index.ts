import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsTarget } from "../../../core/dynamic/aws-target";
import { AccountNames } from "../../../core/naming";
import { PolicyDocument, policyJson } from "../../../core/policy/document";
import { CARDS_NOT_OWNED_COLUMNS, CARDS_NOT_OWNED_SQL } from "../queries";
import { QuickSightAnalysis } from "./analysis";

export interface QuickSightAnalyticsArgs {
    /** Names of the lake's account: QuickSight resource names and ARNs come from it. */
    names: AccountNames;
    /** The stack's account, for the analysis provider. */
    target: AwsTarget;
    /** QuickSight namespace (`datasharing:lake.quicksight.namespace`). */
    namespace: string;
    /** ARN of the analyst's IAM user, who becomes a QuickSight author. */
    analystIamArn: pulumi.Input<string>;
    /** E-mail of the analyst's QuickSight user. */
    analystEmail: string;
    /**
     * Provider for the user, the group and the membership: QuickSight keeps them in the
     * account's identity region, which may differ from the stack's. @default the parent's provider
     */
    identityProvider?: pulumi.ProviderResource;
    /** Athena workgroup the data source queries through. */
    workgroupName: pulumi.Input<string>;
    /** The lake key, which QuickSight's S3 role must use (reference/004's `create-grant`). */
    keyArn: pulumi.Input<string>;
    /** Access QuickSight's S3 role needs to Athena's results. */
    resultsAccess: PolicyDocument;
}

/** Exactly the operations reference/004 grants QuickSight on the lake key. */
export const QUICKSIGHT_KEY_OPERATIONS = ["Decrypt", "Encrypt", "DescribeKey", "GenerateDataKey", "GenerateDataKeyPair"] as const;

/** The role QuickSight creates in the account when it is subscribed. */
export const QUICKSIGHT_S3_ROLE = "aws-quicksight-s3-consumers-role-v0";

const OWNER = {
    dataSource: [
        "DescribeDataSource",
        "DescribeDataSourcePermissions",
        "PassDataSource",
        "UpdateDataSource",
        "DeleteDataSource",
        "UpdateDataSourcePermissions",
    ],
    dataSet: [
        "DescribeDataSet",
        "DescribeDataSetPermissions",
        "PassDataSet",
        "DescribeIngestion",
        "ListIngestions",
        "UpdateDataSet",
        "DeleteDataSet",
        "CreateIngestion",
        "CancelIngestion",
        "UpdateDataSetPermissions",
    ],
    analysis: [
        "RestoreAnalysis",
        "UpdateAnalysisPermissions",
        "DeleteAnalysis",
        "DescribeAnalysisPermissions",
        "QueryAnalysis",
        "DescribeAnalysis",
        "UpdateAnalysis",
    ],
};
const quicksight = (actions: string[]) => actions.map((a) => `quicksight:${a}`);

/**
 * QuickSight over the lake, as reference/004 sets it up by hand: the analyst as an author
 * in the "Analyst" group, QuickSight's S3 role allowed the lake key and Athena's results,
 * an Athena data source, the "cards used that the customer does not own" data set, and the
 * heat-map analysis. Lake Formation grants to the group decide what it can read.
 */
export class QuickSightAnalytics extends pulumi.ComponentResource {
    public readonly user: aws.quicksight.User;
    public readonly group: aws.quicksight.Group;
    public readonly keyGrant: aws.kms.Grant;
    public readonly dataSet: aws.quicksight.DataSet;
    public readonly analysis: QuickSightAnalysis;

    constructor(name: string, args: QuickSightAnalyticsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:lake:QuickSightAnalytics", name, {}, opts);
        const parent = { parent: this };
        const { names } = args;
        const { namespace } = args;

        const identities = { parent: this, provider: args.identityProvider };
        this.user = new aws.quicksight.User(
            name,
            { email: args.analystEmail, identityType: "IAM", iamArn: args.analystIamArn, userRole: "AUTHOR", namespace },
            identities,
        );
        this.group = new aws.quicksight.Group(name, { groupName: "Analyst", description: "Data Analyst Group", namespace }, identities);
        new aws.quicksight.GroupMembership(name, { groupName: this.group.groupName, memberName: this.user.userName, namespace }, identities);

        this.keyGrant = new aws.kms.Grant(
            name,
            {
                name: "quicksight-s3-consumers",
                keyId: args.keyArn,
                granteePrincipal: names.serviceRoleArn(`service-role/${QUICKSIGHT_S3_ROLE}`),
                operations: [...QUICKSIGHT_KEY_OPERATIONS],
            },
            parent,
        );
        new aws.iam.RolePolicy(name, { role: QUICKSIGHT_S3_ROLE, name: names.policy("athena-results"), policy: policyJson(args.resultsAccess) }, parent);

        const owner = this.user.arn;
        const dataSource = new aws.quicksight.DataSource(
            name,
            {
                dataSourceId: names.name("generic", "lake-athena"),
                name: "ABCCompany Analysis",
                type: "ATHENA",
                parameters: { athena: { workGroup: args.workgroupName } },
                permissions: [{ principal: owner, actions: quicksight(OWNER.dataSource) }],
            },
            parent,
        );
        this.dataSet = new aws.quicksight.DataSet(
            name,
            {
                dataSetId: names.name("generic", "sales-cards"),
                name: "Sales-Cards-Query",
                importMode: "DIRECT_QUERY",
                physicalTableMaps: [
                    {
                        physicalTableMapId: "sales-cards",
                        customSql: {
                            dataSourceArn: dataSource.arn,
                            name: "Sales-Cards-Query",
                            sqlQuery: CARDS_NOT_OWNED_SQL,
                            columns: CARDS_NOT_OWNED_COLUMNS.map((c) => ({ ...c })),
                        },
                    },
                ],
                permissions: [{ principal: owner, actions: quicksight(OWNER.dataSet) }],
            },
            parent,
        );
        this.analysis = new QuickSightAnalysis(
            name,
            {
                target: args.target,
                analysisId: names.name("generic", "cards-not-owned"),
                name: "Cards used that the customer does not own",
                dataSetArn: this.dataSet.arn,
                dataSetIdentifier: "sales_cards",
                heatMap: { rows: "customer_id", columns: "num_diff_card_used", values: "num_diff_card_used", aggregation: "SUM" },
                permissions: [{ principal: owner, actions: quicksight(OWNER.analysis) }],
            },
            parent,
        );
        this.registerOutputs({ groupArn: this.group.arn });
    }
}
