import * as pulumi from "@pulumi/pulumi";
import { AwsTarget } from "../../core/dynamic/aws-target";
import { AccountNames } from "../../core/naming";
import { dataGrantName } from "./data-grant";
import { DataGrantAcceptance } from "./data-grant-acceptance";

export interface ReceivedDataSetsArgs {
    /** Account (the consumer's, the stack's own), region and deployment role of the Data Exchange calls. */
    target: AwsTarget;
    /** Names of the sharing account, which sends the grants (its id is the sender; its prefix names the grants). */
    sharing: AccountNames;
    /** The consumer's name in the topology. */
    consumer: string;
    /** Data products granted to this consumer through Data Exchange. */
    products: readonly string[];
    /** When the consumer's access ends (`accessEndsAt`); must match the grants'. @default undefined (open-ended) */
    endsAt?: Date;
    /** Grant ARNs by product, from the sharing stack's contract. @default {} (each grant found by name and sender) */
    dataGrantArns?: Record<string, pulumi.Input<string | undefined>>;
}

/**
 * Pattern 1's consumer side: accepts the Data Exchange grant of each product sent to this
 * account, so the entitled data sets appear in it. Removing a product here does not end
 * access (a receiver cannot give a grant back); the sharing stack's grant deletion does.
 */
export class ReceivedDataSets extends pulumi.ComponentResource {
    /** The acceptances, by product. */
    public readonly acceptances: Record<string, DataGrantAcceptance>;
    /** Ids of the data sets received, by product (for export jobs into the consumer's buckets). */
    public readonly dataSetIds: Record<string, pulumi.Output<string>>;

    constructor(name: string, args: ReceivedDataSetsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:data-exchange:ReceivedDataSets", name, {}, opts);
        this.acceptances = {};
        this.dataSetIds = {};
        for (const product of new Set(args.products)) {
            const acceptance = new DataGrantAcceptance(
                `${name}-${product}`,
                {
                    target: args.target,
                    senderAccountId: args.sharing.account.accountId,
                    name: dataGrantName(args.sharing, product, args.consumer),
                    dataGrantArn: args.dataGrantArns?.[product],
                    endsAt: args.endsAt?.toISOString(),
                },
                { parent: this },
            );
            this.acceptances[product] = acceptance;
            this.dataSetIds[product] = acceptance.receivedDataSetId;
        }
        this.registerOutputs({ dataSetIds: this.dataSetIds });
    }
}
