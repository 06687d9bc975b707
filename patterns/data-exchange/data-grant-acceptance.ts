import type { DataExchangeClient, ReceivedDataGrantSummariesEntry } from "@aws-sdk/client-dataexchange";
import * as pulumi from "@pulumi/pulumi";
import { AwsTarget, replaceOrRetarget, verifiedClientConfig } from "../../core/dynamic/aws-target";
import { providerCode } from "../../core/dynamic/provider-code";
import { PollSettings, pollUntil } from "../../core/poll";
import { messageOf } from "../../core/message-of";
import { DYNAMIC_MODULE, dynamicType } from "../../core/resource-type";

/** The SDK, loaded when the provider runs, not when the program loads (the plan never runs it). */
const dataExchange = () => import("@aws-sdk/client-dataexchange");

/**
 * The receiver's acceptance of an AWS Data Exchange data grant (pattern 1): until the
 * receiving account accepts, the grant is pending and no data set appears. @pulumi/aws has
 * no resource for it, hence this dynamic provider. The grant is found by its ARN when the
 * sharing stack's contract provides it, else by name and sender (both computable from the
 * topology), so the consumer needs no access to the sharing account's state.
 */

/** What the provider receives. */
export interface DataGrantAcceptanceInputs {
    /** Account (the consumer's, the receiver), region and deployment role the Data Exchange calls go to. */
    target: AwsTarget;
    /** Account that sent the grant (the sharing account). */
    senderAccountId: string;
    /** Name of the grant (`dataGrantName`). */
    name: string;
    /** ARN of the grant, when known (from the sharing stack's contract); else it is looked up by name and sender. */
    dataGrantArn?: string;
    /**
     * When access ends, as the topology says (ISO 8601); the grant found must end then, so a
     * grant the sharing stack has not yet replaced is not taken for the new one.
     */
    endsAt?: string;
}

/** What the provider stores: the inputs and the grant accepted. */
export interface DataGrantAcceptanceOutputs extends DataGrantAcceptanceInputs {
    /** ARN of the accepted grant. */
    dataGrantArn: string;
    /** Id of the accepted grant. */
    dataGrantId: string;
    /** Id of the data set the grant makes appear in the receiver's account (for export jobs). */
    receivedDataSetId: string;
    /** When the grant was accepted, ISO 8601, when AWS says. */
    acceptedAt?: string;
}

/** How often and how long create looks for the grant; exported so tests can wait without real sleeps. */
export const pollSettings: PollSettings = { intervalMs: 5000, attempts: 6 };

/** A received grant, as both the list and the get calls describe it. */
type ReceivedGrant = Partial<
    Pick<
        ReceivedDataGrantSummariesEntry,
        "Name" | "SenderPrincipal" | "ReceiverPrincipal" | "AcceptanceState" | "AcceptedAt" | "EndsAt" | "DataSetId" | "Id" | "Arn" | "CreatedAt"
    >
>;

function errorName(err: unknown): string | undefined {
    const name = (err as { name?: unknown } | null)?.name;
    return typeof name === "string" ? name : undefined;
}

/** Every grant this account received, pending or accepted, all pages. */
async function receivedGrants(client: DataExchangeClient): Promise<ReceivedGrant[]> {
    const { ListReceivedDataGrantsCommand } = await dataExchange();
    const all: ReceivedGrant[] = [];
    let nextToken: string | undefined;
    do {
        const page = await client.send(
            new ListReceivedDataGrantsCommand({ AcceptanceState: ["PENDING_RECEIVER_ACCEPTANCE", "ACCEPTED"], NextToken: nextToken }),
        );
        all.push(...(page?.DataGrantSummaries ?? []));
        nextToken = page?.NextToken;
    } while (nextToken);
    return all;
}

/** The grant by ARN, or undefined when AWS does not know it (yet). */
async function grantByArn(client: DataExchangeClient, arn: string): Promise<ReceivedGrant | undefined> {
    const { GetReceivedDataGrantCommand } = await dataExchange();
    try {
        return await client.send(new GetReceivedDataGrantCommand({ DataGrantArn: arn }));
    } catch (err) {
        if (errorName(err) === "ResourceNotFoundException") {
            return undefined;
        }
        throw err;
    }
}

/** Looks once: by ARN when given, else the newest grant of that name from the sender. */
async function find(client: DataExchangeClient, inputs: DataGrantAcceptanceInputs): Promise<ReceivedGrant | undefined> {
    if (inputs.dataGrantArn) {
        return grantByArn(client, inputs.dataGrantArn);
    }
    const matching = (await receivedGrants(client)).filter((g) => g.Name === inputs.name && g.SenderPrincipal === inputs.senderAccountId);
    return matching.sort((a, b) => (b.CreatedAt?.getTime() ?? 0) - (a.CreatedAt?.getTime() ?? 0))[0];
}

function grantLabel(inputs: DataGrantAcceptanceInputs): string {
    return inputs.dataGrantArn ? `data grant ${inputs.dataGrantArn}` : `data grant ${inputs.name} from account ${inputs.senderAccountId}`;
}

/** Refuses a grant for another account, or one whose end date is not the topology's (an old grant not yet replaced). */
function check(inputs: DataGrantAcceptanceInputs, grant: ReceivedGrant): void {
    if (grant.ReceiverPrincipal !== undefined && grant.ReceiverPrincipal !== inputs.target.accountId) {
        throw new Error(`${grantLabel(inputs)} is for account ${grant.ReceiverPrincipal}, not this stack's account ${inputs.target.accountId}`);
    }
    if (inputs.senderAccountId && grant.SenderPrincipal !== undefined && grant.SenderPrincipal !== inputs.senderAccountId) {
        throw new Error(`${grantLabel(inputs)} was sent by account ${grant.SenderPrincipal}, not ${inputs.senderAccountId}`);
    }
    const expected = inputs.endsAt === undefined ? undefined : new Date(inputs.endsAt).getTime();
    const actual = grant.EndsAt?.getTime();
    if (expected !== actual) {
        const show = (t?: number) => (t === undefined ? "never" : new Date(t).toISOString());
        throw new Error(
            `${grantLabel(inputs)} ends ${show(actual)}, but the topology says ${show(expected)}: ` +
                "the sharing stack has not replaced the grant yet; deploy it first (deploy order: external -> producer -> governance -> consumer*), then this stack",
        );
    }
}

function accepted(inputs: DataGrantAcceptanceInputs, grant: ReceivedGrant, acceptedAt?: Date): pulumi.dynamic.CreateResult<DataGrantAcceptanceOutputs> {
    const when = acceptedAt ?? grant.AcceptedAt;
    return {
        id: grant.Arn!,
        outs: {
            ...inputs,
            dataGrantArn: grant.Arn!,
            dataGrantId: grant.Id!,
            receivedDataSetId: grant.DataSetId!,
            ...(when ? { acceptedAt: when.toISOString() } : {}),
        },
    };
}

export const dataGrantAcceptanceProvider: pulumi.dynamic.ResourceProvider<DataGrantAcceptanceInputs, DataGrantAcceptanceOutputs> = {
    async create(inputs: DataGrantAcceptanceInputs): Promise<pulumi.dynamic.CreateResult<DataGrantAcceptanceOutputs>> {
        if (!/^\d{12}$/.test(inputs.senderAccountId)) {
            throw new Error(`data grant ${inputs.name}: sender ${JSON.stringify(inputs.senderAccountId)} is not an AWS account id (12 digits)`);
        }
        const { DataExchangeClient, AcceptDataGrantCommand } = await dataExchange();
        const client = new DataExchangeClient(await verifiedClientConfig(inputs.target));
        const grant = await pollUntil(pollSettings, () => find(client, inputs));
        if (!grant?.Arn) {
            throw new Error(
                `no ${grantLabel(inputs)} was received by account ${inputs.target.accountId} in ${inputs.target.region} (looked ${pollSettings.attempts} times): ` +
                    "deploy the sharing stack first (deploy order: external -> producer -> governance -> consumer*), and check that it grants " +
                    "this consumer's account the data product, with an end date still in the future",
            );
        }
        check(inputs, grant);
        // Accepted before (an earlier run, or by hand): nothing to do.
        if (grant.AcceptanceState === "ACCEPTED") {
            return accepted(inputs, grant);
        }
        try {
            const result = await client.send(new AcceptDataGrantCommand({ DataGrantArn: grant.Arn }));
            return accepted(inputs, { ...grant, ...result }, result?.AcceptedAt);
        } catch (err) {
            // Accepted meanwhile (another run, or by hand): the end state is the one wanted.
            if (errorName(err) === "ConflictException") {
                const now = await grantByArn(client, grant.Arn);
                if (now?.AcceptanceState === "ACCEPTED") {
                    return accepted(inputs, now);
                }
            }
            throw new Error(`AcceptDataGrant ${grant.Arn} failed: ${errorName(err) ?? "Error"}: ${messageOf(err)}`, { cause: err });
        }
    },

    async diff(_id: pulumi.ID, olds: DataGrantAcceptanceOutputs, news: DataGrantAcceptanceInputs): Promise<pulumi.dynamic.DiffResult> {
        const replaces: string[] = [];
        for (const field of ["senderAccountId", "name", "endsAt"] as const) {
            if ((olds[field] ?? "") !== (news[field] ?? "")) {
                replaces.push(field);
            }
        }
        // An ARN appearing for the grant already accepted changes nothing; a different one is a new grant.
        if (news.dataGrantArn !== undefined && news.dataGrantArn !== olds.dataGrantArn) {
            replaces.push("dataGrantArn");
        }
        return replaceOrRetarget(replaces, olds, news);
    },

    async update(
        _id: pulumi.ID,
        olds: DataGrantAcceptanceOutputs,
        news: DataGrantAcceptanceInputs,
    ): Promise<pulumi.dynamic.UpdateResult<DataGrantAcceptanceOutputs>> {
        // Only the deployment role can change in place: keep the grant found.
        return { outs: { ...olds, ...news, dataGrantArn: olds.dataGrantArn } };
    },

    async delete(): Promise<void> {
        // Nothing to call: a receiver cannot give a grant back. The received data set goes when
        // the sender deletes the grant (the sharing stack does when access is withdrawn) or when
        // the grant's end date passes.
    },
};

/** Arguments of {@link DataGrantAcceptance}. */
export interface DataGrantAcceptanceArgs {
    /** Account (the consumer's, the stack's own), region and deployment role the Data Exchange calls go to. */
    target: pulumi.Input<AwsTarget>;
    /** The sharing account that sends the grant; changing it replaces the acceptance. */
    senderAccountId: pulumi.Input<string>;
    /** Name of the grant (`dataGrantName`); changing it replaces the acceptance. */
    name: pulumi.Input<string>;
    /** ARN of the grant, from the sharing stack's contract. @default undefined (found by name and sender) */
    dataGrantArn?: pulumi.Input<string | undefined>;
    /** When access ends (the consumer's `accessEndsAt`), ISO 8601; a change accepts the replaced grant. @default undefined (open-ended) */
    endsAt?: pulumi.Input<string | undefined>;
}

/** The type acceptances are registered under. */
export const DATA_GRANT_ACCEPTANCE_TYPE = dynamicType("DataGrantAcceptance");

/**
 * Accepts, in the receiving account, a Data Exchange data grant sent by the sharing account;
 * succeeds without a call when it is already accepted.
 */
export class DataGrantAcceptance extends pulumi.dynamic.Resource {
    // `declare`, not `!`: with ES2022 class fields a `!` field is reset to undefined after super().
    /** ARN of the accepted grant. */
    declare public readonly dataGrantArn: pulumi.Output<string>;
    /** Id of the accepted grant. */
    declare public readonly dataGrantId: pulumi.Output<string>;
    /** The data set the grant made appear in this account. */
    declare public readonly receivedDataSetId: pulumi.Output<string>;
    /** When it was accepted, ISO 8601. */
    declare public readonly acceptedAt: pulumi.Output<string | undefined>;

    constructor(name: string, args: DataGrantAcceptanceArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            providerCode(dataGrantAcceptanceProvider),
            name,
            { ...args, dataGrantId: undefined, receivedDataSetId: undefined, acceptedAt: undefined, dataGrantArn: args.dataGrantArn },
            opts,
            DYNAMIC_MODULE,
            "DataGrantAcceptance",
        );
    }
}
