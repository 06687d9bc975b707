import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsTarget } from "../../core/dynamic/aws-target";
import { AccountNames } from "../../core/naming";
import { Warehouse } from "../../components/redshift/data-api";
import { ProducerDatashare } from "./producer-datashare";

export interface SharedDatashareArgs {
    /** Names of the sharing account (producer for option A, external for option B). */
    names: AccountNames;
    /** Account, region and deployment role of the Data API calls. */
    target: AwsTarget;
    /** The sharing warehouse, as the Data API reaches it. */
    warehouse: pulumi.Input<Warehouse>;
    /** Namespace id of the sharing warehouse: part of the datashare's ARN. */
    namespaceId: pulumi.Input<string>;
    /** Datashare name (the data product's). */
    datashare: string;
    /** Schema whose tables are shared. */
    schema: string;
    /** Tables of the schema in the share. */
    tables: readonly string[];
    /** Accounts granted usage now; an account left out is revoked and de-authorized. */
    consumerAccounts: readonly string[];
    /** What must exist first, e.g. the tables. @default [] */
    after?: pulumi.Input<pulumi.Resource>[];
}

/**
 * One datashare of pattern 4 on the sharing side: created and granted with SQL (there is no
 * datashare resource in @pulumi/aws), then authorized for each consumer account with
 * `aws.redshift.DataShareAuthorization`, which Redshift requires after the grant and before
 * the consumer can associate it.
 */
export class SharedDatashare extends pulumi.ComponentResource {
    /** `arn:aws:redshift:<region>:<account>:datashare:<namespace>/<name>`, what consumers associate. */
    public readonly arn: pulumi.Output<string>;
    public readonly datashare: ProducerDatashare;
    /** One per consumer account. */
    public readonly authorizations: aws.redshift.DataShareAuthorization[];

    constructor(name: string, args: SharedDatashareArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:redshift:SharedDatashare", name, {}, opts);
        this.datashare = new ProducerDatashare(
            name,
            {
                target: args.target,
                warehouse: args.warehouse,
                name: args.datashare,
                schema: args.schema,
                tables: [...args.tables],
                consumerAccounts: [...args.consumerAccounts],
            },
            { parent: this, dependsOn: args.after ?? [] },
        );
        this.arn = pulumi.output(args.namespaceId).apply((namespace) => args.names.arn("redshift", `datashare:${namespace}/${args.datashare}`));
        // Producer-side consent per account; removing an account's authorization de-authorizes it.
        this.authorizations = args.consumerAccounts.map(
            (account) =>
                new aws.redshift.DataShareAuthorization(
                    `${name}-${account}`,
                    { dataShareArn: this.arn, consumerIdentifier: account, allowWrites: false },
                    { parent: this, dependsOn: [this.datashare] },
                ),
        );
        this.registerOutputs({ arn: this.arn });
    }
}
