import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsTarget } from "../../core/dynamic/aws-target";
import { ConsumerDatashareDatabase } from "./consumer-database";
import { Warehouse } from "../../components/redshift/data-api";

export interface ReceivedDatashareArgs {
    /** Account (the consumer's), region and deployment role of the Data API calls. */
    target: AwsTarget;
    /** The consumer's warehouse, as the Data API reaches it. */
    warehouse: pulumi.Input<Warehouse>;
    /** Namespace ARN of the consumer's warehouse: the association is for it alone, not the whole account. */
    consumerNamespaceArn: pulumi.Input<string>;
    /** ARN of the producer's datashare, from the sharing stack's contract. */
    datashareArn: pulumi.Input<string>;
    /** Name of the datashare. */
    datashare: string;
    /** Account that owns the datashare (producer for option A, external for option B). */
    producerAccountId: pulumi.Input<string>;
    /** Namespace id of the sharing warehouse. */
    producerNamespace: pulumi.Input<string>;
    /** Name of the local database made from the datashare. */
    database: string;
}

/**
 * The consumer side of one datashare: the consumer admin's association of the share with
 * its warehouse (`aws.redshift.DataShareConsumerAssociation`), then a local database made
 * from it. The database depends on the association: Redshift refuses it before.
 */
export class ReceivedDatashare extends pulumi.ComponentResource {
    public readonly association: aws.redshift.DataShareConsumerAssociation;
    public readonly database: ConsumerDatashareDatabase;

    constructor(name: string, args: ReceivedDatashareArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:redshift:ReceivedDatashare", name, {}, opts);
        this.association = new aws.redshift.DataShareConsumerAssociation(
            name,
            { dataShareArn: args.datashareArn, consumerArn: args.consumerNamespaceArn },
            { parent: this },
        );
        this.database = new ConsumerDatashareDatabase(
            name,
            {
                target: args.target,
                warehouse: args.warehouse,
                database: args.database,
                datashare: args.datashare,
                producerAccountId: args.producerAccountId,
                producerNamespace: args.producerNamespace,
            },
            { parent: this, dependsOn: [this.association] },
        );
        this.registerOutputs({ database: this.database.database });
    }
}
