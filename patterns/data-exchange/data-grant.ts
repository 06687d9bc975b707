import * as pulumi from "@pulumi/pulumi";
import { AwsTarget, replaceOrRetarget, verifiedClientConfig } from "../../core/dynamic/aws-target";
import { providerCode } from "../../core/dynamic/provider-code";
import { AccountNames } from "../../core/naming";
import { messageOf } from "../../core/message-of";
import { DYNAMIC_MODULE, dynamicType } from "../../core/resource-type";

/** The SDK, loaded when the provider runs, not when the program loads (the plan never runs it). */
const dataExchange = () => import("@aws-sdk/client-dataexchange");

/**
 * An AWS Data Exchange data grant (pattern 1, reference/000): the sharing account entitles
 * one consumer account to one of its data sets, until an end date. @pulumi/aws has no data
 * grant resource, hence this dynamic provider over the Data Exchange API. A grant cannot be
 * changed once made, so any change replaces it; the receiver then accepts the new one
 * (see data-grant-acceptance.ts).
 */

/** What the provider receives. */
export interface DataGrantInputs {
    /** Account (the sharing one), region and deployment role the Data Exchange calls go to. */
    target: AwsTarget;
    /** Name of the grant; the receiver finds it by this name and the sender's account. */
    name: string;
    /** The data set granted (owned by the target account). */
    sourceDataSetId: string;
    /** The consumer's AWS account. */
    receiverAccountId: string;
    /** When access ends, ISO 8601; absent for open-ended access. */
    endsAt?: string;
    /** Shown to the receiver. */
    description?: string;
}

/** What the provider stores: the inputs and the grant AWS made. */
export interface DataGrantOutputs extends DataGrantInputs {
    /** Id of the grant (`DeleteDataGrant` takes it). */
    dataGrantId: string;
    /** ARN of the grant (`AcceptDataGrant` takes it). */
    dataGrantArn: string;
}

/**
 * Name of the grant of a product to a consumer. Both sides compute it from the topology
 * (`names` of the sharing account; only its prefix matters), so the consumer's stack finds
 * the grant by name and sender without reading the sharing stack's state.
 */
export function dataGrantName(names: AccountNames, product: string, consumer: string): string {
    return names.name("generic", product, "to", consumer);
}

/** The clock create compares end dates with; exported so tests can fix "now". */
export const clock: { now: () => Date } = { now: () => new Date() };

const ACCOUNT_ID = /^\d{12}$/;

/** The error's SDK name (e.g. `ResourceNotFoundException`), read by name so it survives provider serialization. */
function errorName(err: unknown): string | undefined {
    const name = (err as { name?: unknown } | null)?.name;
    return typeof name === "string" ? name : undefined;
}

/**
 * Checks what AWS would refuse less clearly, before any call: the receiver is an account
 * id, and access does not end in the past (a grant that ends before it starts is a config
 * mistake, not an empty share). Returns the end date.
 */
export function validateGrant(inputs: DataGrantInputs, now: Date): Date | undefined {
    const who = `data grant ${inputs.name}`;
    if (!ACCOUNT_ID.test(inputs.receiverAccountId)) {
        throw new Error(`${who}: receiver ${JSON.stringify(inputs.receiverAccountId)} is not an AWS account id (12 digits)`);
    }
    if (inputs.receiverAccountId === inputs.target.accountId) {
        throw new Error(`${who}: the receiver ${inputs.receiverAccountId} is the sending account itself; grant to the consumer's account`);
    }
    if (inputs.endsAt === undefined) {
        return undefined;
    }
    const endsAt = new Date(inputs.endsAt);
    if (Number.isNaN(endsAt.getTime())) {
        throw new Error(`${who}: end date ${JSON.stringify(inputs.endsAt)} is not an ISO 8601 date`);
    }
    if (endsAt.getTime() <= now.getTime()) {
        throw new Error(
            `${who}: access for account ${inputs.receiverAccountId} ended at ${endsAt.toISOString()}, before now (${now.toISOString()}): ` +
                "refusing to grant it; remove the consumer's Data Exchange access or set a future accessEndsAt in the topology",
        );
    }
    return endsAt;
}

/** Context and a hint for the errors a deployer can act on. */
function createError(inputs: DataGrantInputs, err: unknown): Error {
    const hints: Record<string, string> = {
        AccessDeniedException: `the deployment role of account ${inputs.target.accountId} needs dataexchange:CreateDataGrant on the data set`,
        ResourceNotFoundException: `data set ${inputs.sourceDataSetId} is not in account ${inputs.target.accountId}, region ${inputs.target.region}`,
        ServiceLimitExceededException: "a Data Exchange quota is reached (data grants per account); see the Service Quotas console",
    };
    const hint = hints[errorName(err) ?? ""];
    return new Error(
        `CreateDataGrant ${inputs.name} (data set ${inputs.sourceDataSetId} to account ${inputs.receiverAccountId}) failed: ${errorName(err) ?? "Error"}: ${messageOf(err)}` +
            (hint ? `\n${hint}` : ""),
        { cause: err },
    );
}

export const dataGrantProvider: pulumi.dynamic.ResourceProvider<DataGrantInputs, DataGrantOutputs> = {
    async create(inputs: DataGrantInputs): Promise<pulumi.dynamic.CreateResult<DataGrantOutputs>> {
        // Before any call, even to STS: a refused grant must not half-exist.
        const endsAt = validateGrant(inputs, clock.now());
        const { DataExchangeClient, CreateDataGrantCommand } = await dataExchange();
        const client = new DataExchangeClient(await verifiedClientConfig(inputs.target));
        let grant: { Id?: string; Arn?: string } | undefined;
        try {
            grant = await client.send(
                new CreateDataGrantCommand({
                    Name: inputs.name,
                    // NONE: the receiver's account alone; AWS_ORGANIZATION would let it pass the data set on.
                    GrantDistributionScope: "NONE",
                    ReceiverPrincipal: inputs.receiverAccountId,
                    SourceDataSetId: inputs.sourceDataSetId,
                    ...(endsAt ? { EndsAt: endsAt } : {}),
                    ...(inputs.description ? { Description: inputs.description } : {}),
                }),
            );
        } catch (err) {
            throw createError(inputs, err);
        }
        if (!grant?.Id || !grant.Arn) {
            throw new Error(`CreateDataGrant ${inputs.name} returned no grant id or ARN`);
        }
        return { id: grant.Id, outs: { ...inputs, dataGrantId: grant.Id, dataGrantArn: grant.Arn } };
    },

    async diff(_id: pulumi.ID, olds: DataGrantOutputs, news: DataGrantInputs): Promise<pulumi.dynamic.DiffResult> {
        // Grants are immutable: every field AWS holds replaces the grant.
        const fields = ["name", "sourceDataSetId", "receiverAccountId", "endsAt", "description"] as const;
        // The old grant goes first on replacement: the receiver then finds one grant of that name, the new one, to accept.
        return replaceOrRetarget(
            fields.filter((f) => (olds[f] ?? "") !== (news[f] ?? "")),
            olds,
            news,
            { deleteBeforeReplace: true },
        );
    },

    async update(_id: pulumi.ID, olds: DataGrantOutputs, news: DataGrantInputs): Promise<pulumi.dynamic.UpdateResult<DataGrantOutputs>> {
        // Only the deployment role can change in place (diff replaces for the rest).
        return { outs: { ...olds, ...news } };
    },

    async delete(id: pulumi.ID, props: DataGrantOutputs): Promise<void> {
        const { DataExchangeClient, DeleteDataGrantCommand } = await dataExchange();
        const client = new DataExchangeClient(await verifiedClientConfig(props.target));
        try {
            await client.send(new DeleteDataGrantCommand({ DataGrantId: props.dataGrantId ?? id }));
        } catch (err) {
            // Deleted outside the stack: the end state is the same.
            if (errorName(err) === "ResourceNotFoundException") {
                return;
            }
            throw new Error(`DeleteDataGrant ${props.name} (${props.dataGrantId ?? id}) failed: ${errorName(err) ?? "Error"}: ${messageOf(err)}`, {
                cause: err,
            });
        }
    },
};

/** Arguments of {@link DataGrant}. */
export interface DataGrantArgs {
    /** Account (the sharing one, the stack's own), region and deployment role the Data Exchange calls go to. */
    target: pulumi.Input<AwsTarget>;
    /** Name of the grant (see `dataGrantName`); changing it replaces the grant. */
    name: pulumi.Input<string>;
    /** The data set granted; changing it replaces the grant. */
    sourceDataSetId: pulumi.Input<string>;
    /** The consumer's account; changing it replaces the grant. */
    receiverAccountId: pulumi.Input<string>;
    /**
     * When access ends (the consumer's `accessEndsAt`); a date already past is refused.
     * Changing it replaces the grant, which the receiver accepts again.
     * @default undefined (open-ended)
     */
    endsAt?: pulumi.Input<string | undefined>;
    /** Shown to the receiver. @default undefined */
    description?: pulumi.Input<string | undefined>;
}

/** The type data grants are registered under. */
export const DATA_GRANT_TYPE = dynamicType("DataGrant");

/**
 * A Data Exchange data grant of one data set to one account, ending at the consumer's end
 * date; deleting it (or its end date passing) ends the receiver's entitlement.
 */
export class DataGrant extends pulumi.dynamic.Resource {
    // `declare`, not `!`: with ES2022 class fields a `!` field is reset to undefined after super().
    /** Id of the grant. */
    declare public readonly dataGrantId: pulumi.Output<string>;
    /** ARN of the grant, which the receiver accepts. */
    declare public readonly dataGrantArn: pulumi.Output<string>;
    /** Name of the grant. */
    declare public readonly name: pulumi.Output<string>;
    /** When access ends, ISO 8601; undefined when open-ended. */
    declare public readonly endsAt: pulumi.Output<string | undefined>;

    constructor(name: string, args: DataGrantArgs, opts?: pulumi.CustomResourceOptions) {
        super(providerCode(dataGrantProvider), name, { ...args, dataGrantId: undefined, dataGrantArn: undefined }, opts, DYNAMIC_MODULE, "DataGrant");
    }
}
