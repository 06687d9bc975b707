import type { ListResourcesRequest, RAMClient, Resource, ResourceShareInvitation } from "@aws-sdk/client-ram";
import * as pulumi from "@pulumi/pulumi";
import { AwsTarget, replaceOrRetarget, verifiedClientConfig } from "../../core/dynamic/aws-target";
import { providerCode } from "../../core/dynamic/provider-code";
import { PollSettings, pollUntil, waited } from "../../core/poll";

/** The SDK, loaded when the provider runs, not when the program loads (the plan never runs it). */
const ramSdk = () => import("@aws-sdk/client-ram");

/**
 * Acceptance, in the consumer's account, of a Lake Formation cross-account share. When Lake
 * Formation grants to an account outside the grantor's AWS Organization, AWS RAM sends that
 * account an invitation its admin must accept before the shared catalog resource appears;
 * no Pulumi AWS resource accepts a share created by another service, hence this dynamic
 * provider over the RAM API.
 */

/** What the provider receives. */
export interface RamShareAcceptanceInputs {
    /** Account (the consumer's), region and deployment role the RAM calls go to. */
    target: AwsTarget;
    /** Account that grants the Lake Formation permission, and so sends the RAM invitation. */
    senderAccountId: string;
    /** The shared Data Catalog resource this stack expects, e.g. `arn:aws:glue:eu-west-1:111111111111:database/db1`. */
    resourceArn: string;
}

/** What the provider stores: the inputs and how the share was found. */
export interface RamShareAcceptanceOutputs extends RamShareAcceptanceInputs {
    /** ARN of the accepted invitation; absent when the share needed no invitation. */
    invitationArn?: string;
    /** ARN of the RAM resource share holding the resource, when RAM reports it. */
    resourceShareArn?: string;
    /** `ACCEPTED`: through an invitation (accepted now or before); `ACTIVE`: shared without one (e.g. inside one Organization). */
    status: "ACCEPTED" | "ACTIVE";
}

/**
 * How often and how long create looks for the invitation: Lake Formation creates it
 * asynchronously after the grant. Exported so tests can wait without real sleeps.
 */
export const pollSettings: PollSettings = { intervalMs: 5000, attempts: 24 };

/** An expired or rejected invitation from the sender, and whether RAM confirmed it held the resource. */
interface StaleInvitation {
    invitation: ResourceShareInvitation;
    /** False when it was matched by sender and share only, RAM no longer listing its resources. */
    confirmed: boolean;
}

/** One look at RAM: the share found, or the stale invitations that may explain why there is none. */
type Search = { found: pulumi.dynamic.CreateResult<RamShareAcceptanceOutputs> } | { found?: undefined; stale: StaleInvitation[] };

/** The error's SDK name (e.g. `ResourceShareInvitationExpiredException`), read by name so it survives provider serialization. */
function errorName(err: unknown): string | undefined {
    const name = (err as { name?: unknown } | null)?.name;
    return typeof name === "string" ? name : undefined;
}

/** Every invitation this account received from `senderAccountId`, all pages. */
async function invitationsFrom(ram: RAMClient, senderAccountId: string): Promise<ResourceShareInvitation[]> {
    const { GetResourceShareInvitationsCommand } = await ramSdk();
    const all: ResourceShareInvitation[] = [];
    let nextToken: string | undefined;
    do {
        const page = await ram.send(new GetResourceShareInvitationsCommand({ nextToken }));
        all.push(...(page?.resourceShareInvitations ?? []));
        nextToken = page?.nextToken;
    } while (nextToken);
    return all.filter((i) => i.senderAccountId === senderAccountId);
}

/** Resources of a pending invitation, all pages. */
async function pendingResources(ram: RAMClient, invitationArn: string): Promise<Resource[]> {
    const { ListPendingInvitationResourcesCommand } = await ramSdk();
    const all: Resource[] = [];
    let nextToken: string | undefined;
    do {
        const page = await ram.send(new ListPendingInvitationResourcesCommand({ resourceShareInvitationArn: invitationArn, nextToken }));
        all.push(...(page?.resources ?? []));
        nextToken = page?.nextToken;
    } while (nextToken);
    return all;
}

/** Resources shared with this account that match `filter`, all pages. */
async function sharedResources(ram: RAMClient, filter: Omit<ListResourcesRequest, "nextToken">): Promise<Resource[]> {
    const { ListResourcesCommand } = await ramSdk();
    const all: Resource[] = [];
    let nextToken: string | undefined;
    do {
        const page = await ram.send(new ListResourcesCommand({ ...filter, nextToken }));
        all.push(...(page?.resources ?? []));
        nextToken = page?.nextToken;
    } while (nextToken);
    return all;
}

function accepted(inputs: RamShareAcceptanceInputs, invitation: ResourceShareInvitation): pulumi.dynamic.CreateResult<RamShareAcceptanceOutputs> {
    const invitationArn = invitation.resourceShareInvitationArn!;
    return { id: invitationArn, outs: { ...inputs, invitationArn, resourceShareArn: invitation.resourceShareArn, status: "ACCEPTED" } };
}

/** Looks once for the invitation or share of the resource; accepts a pending invitation that holds it. */
async function search(ram: RAMClient, inputs: RamShareAcceptanceInputs): Promise<Search> {
    const { senderAccountId, resourceArn } = inputs;
    const holds = (resources: Resource[]) => resources.some((r) => r.arn === resourceArn);
    const invitations = await invitationsFrom(ram, senderAccountId);
    const withStatus = (status: string) => invitations.filter((i) => i.status === status && i.resourceShareInvitationArn);

    for (const invitation of withStatus("PENDING")) {
        if (!holds(await pendingResources(ram, invitation.resourceShareInvitationArn!))) {
            continue;
        }
        const { AcceptResourceShareInvitationCommand } = await ramSdk();
        try {
            await ram.send(new AcceptResourceShareInvitationCommand({ resourceShareInvitationArn: invitation.resourceShareInvitationArn }));
        } catch (err) {
            // Accepted meanwhile (another run, or by hand): the share is what this stack wants.
            if (errorName(err) === "ResourceShareInvitationAlreadyAcceptedException") {
                return { found: accepted(inputs, invitation) };
            }
            if (errorName(err) === "ResourceShareInvitationExpiredException") {
                return { stale: [{ invitation: { ...invitation, status: "EXPIRED" }, confirmed: true }] };
            }
            throw err;
        }
        return { found: accepted(inputs, invitation) };
    }

    // Accepted before (an earlier run, or by hand): nothing to accept, if its share still holds the resource.
    for (const invitation of withStatus("ACCEPTED")) {
        if (!invitation.resourceShareArn) {
            continue;
        }
        const resources = await sharedResources(ram, { resourceOwner: "OTHER-ACCOUNTS", resourceShareArns: [invitation.resourceShareArn] });
        if (holds(resources)) {
            return { found: accepted(inputs, invitation) };
        }
    }

    // Shared with no invitation to accept: inside one Organization with RAM sharing enabled, or its invitation is gone.
    const active = (await sharedResources(ram, { resourceOwner: "OTHER-ACCOUNTS", principal: senderAccountId, resourceArns: [resourceArn] })).find(
        (r) => r.arn === resourceArn,
    );
    if (active) {
        return { found: { id: `${senderAccountId}/${resourceArn}`, outs: { ...inputs, resourceShareArn: active.resourceShareArn, status: "ACTIVE" } } };
    }

    // Rule for expired and rejected invitations, whose resources RAM may no longer list: one is for
    // this resource if listing its resources works and includes it (confirmed). If the listing fails or
    // comes back empty, it is matched by its share instead: it counts (unconfirmed) when it names a share
    // that no pending or accepted invitation from the sender names too (such an invitation supersedes it,
    // and its resources were checked above). Reaching here means no other candidate exists: no pending or
    // accepted invitation holds the resource, and no active share from the sender lists it.
    const liveShares = new Set([...withStatus("PENDING"), ...withStatus("ACCEPTED")].map((i) => i.resourceShareArn));
    const stale: StaleInvitation[] = [];
    for (const invitation of [...withStatus("EXPIRED"), ...withStatus("REJECTED")]) {
        let listed: Resource[] = [];
        try {
            listed = await pendingResources(ram, invitation.resourceShareInvitationArn!);
        } catch {
            // Expected for a stale invitation (RAM refuses with ...ExpiredException / ...AlreadyRejectedException): match by share.
        }
        if (listed.length > 0) {
            if (holds(listed)) {
                stale.push({ invitation, confirmed: true });
            }
        } else if (invitation.resourceShareArn && !liveShares.has(invitation.resourceShareArn)) {
            stale.push({ invitation, confirmed: false });
        }
    }
    return { stale };
}

/** Says which invitations can no longer be accepted, and how the sender makes a new one. */
function staleError(inputs: RamShareAcceptanceInputs, stale: StaleInvitation[]): Error {
    const list = stale
        .map(({ invitation, confirmed }) => {
            const how = confirmed ? "" : ` (share ${invitation.resourceShareArn}; matched by sender and share, as RAM no longer lists its resources)`;
            return `${invitation.resourceShareInvitationArn} is ${invitation.status}${how}`;
        })
        .join("; ");
    return new Error(
        `The RAM invitation from account ${inputs.senderAccountId} for ${inputs.resourceArn} can no longer be accepted: ${list}. ` +
            `Account ${inputs.senderAccountId} must share again: revoke and re-grant the Lake Formation permission (remove the grant, ` +
            "then run `pulumi up` on the granting stack to create it again), which sends a new invitation; then run this stack again.",
    );
}

function notFoundError(inputs: RamShareAcceptanceInputs): Error {
    // RAM is regional: the invitation arrives in the shared resource's region only.
    const arnRegion = inputs.resourceArn.split(":")[3];
    const region =
        arnRegion && arnRegion !== inputs.target.region
            ? ` Note that the resource is in ${arnRegion} but this stack looks in ${inputs.target.region}, and RAM invitations arrive in the resource's region.`
            : "";
    return new Error(
        `no invitation from account ${inputs.senderAccountId} for resource ${inputs.resourceArn} (looked ${pollSettings.attempts} times over ${waited(pollSettings)}): ` +
            "deploy the granting stack first (deploy order: external -> producer -> governance -> consumer*), " +
            `or check that it grants to this account (${inputs.target.accountId}).${region}`,
    );
}

export const ramShareAcceptanceProvider: pulumi.dynamic.ResourceProvider<RamShareAcceptanceInputs, RamShareAcceptanceOutputs> = {
    async create(inputs: RamShareAcceptanceInputs): Promise<pulumi.dynamic.CreateResult<RamShareAcceptanceOutputs>> {
        const { RAMClient } = await ramSdk();
        const ram = new RAMClient(await verifiedClientConfig(inputs.target));
        let stale: StaleInvitation[] = [];
        const found = await pollUntil(pollSettings, async () => {
            const result = await search(ram, inputs);
            if (result.found) {
                return result.found;
            }
            const confirmed = result.stale.filter((s) => s.confirmed);
            if (confirmed.length > 0) {
                throw staleError(inputs, confirmed);
            }
            // Matched by share only: keep looking, as the sender's new grant may be on its way.
            stale = result.stale;
            return undefined;
        });
        if (found) {
            return found;
        }
        throw stale.length > 0 ? staleError(inputs, stale) : notFoundError(inputs);
    },

    async diff(_id: pulumi.ID, olds: RamShareAcceptanceOutputs, news: RamShareAcceptanceInputs): Promise<pulumi.dynamic.DiffResult> {
        return replaceOrRetarget(
            (["senderAccountId", "resourceArn"] as const).filter((f) => olds[f] !== news[f]),
            olds,
            news,
        );
    },

    async update(
        _id: pulumi.ID,
        olds: RamShareAcceptanceOutputs,
        news: RamShareAcceptanceInputs,
    ): Promise<pulumi.dynamic.UpdateResult<RamShareAcceptanceOutputs>> {
        // Only the deployment role can change in place (diff replaces for the rest): keep what create found.
        return { outs: { ...olds, ...news } };
    },

    async delete(): Promise<void> {
        // Nothing to call: access ends when the grantor revokes its Lake Formation grant, and a
        // consumer cannot leave a RAM share it does not own (only the owner disassociates principals).
    },
};

/** Arguments of {@link RamShareAcceptance}. */
export interface RamShareAcceptanceArgs {
    /** Account (the consumer's, the stack's own), region and deployment role the RAM calls go to. */
    target: pulumi.Input<AwsTarget>;
    /** Account that grants the Lake Formation permission and sends the invitation; changing it replaces the acceptance. */
    senderAccountId: pulumi.Input<string>;
    /** The shared Data Catalog resource expected, e.g. `arn:aws:glue:eu-west-1:111111111111:database/db1`; changing it replaces the acceptance. */
    resourceArn: pulumi.Input<string>;
}

/**
 * Accepts the RAM invitation that a Lake Formation grant from `senderAccountId` sent this
 * account for `resourceArn`, waiting for it to arrive; succeeds without one when the
 * resource is already shared (accepted before, or shared inside one Organization).
 */
export class RamShareAcceptance extends pulumi.dynamic.Resource {
    // `declare`, not `!`: with ES2022 class fields a `!` field is reset to undefined after super().
    /** ARN of the accepted invitation; undefined when the share needed none. */
    declare public readonly invitationArn: pulumi.Output<string | undefined>;
    /** ARN of the RAM resource share holding the resource. */
    declare public readonly resourceShareArn: pulumi.Output<string | undefined>;
    /** `ACCEPTED` (through an invitation) or `ACTIVE` (shared without one). */
    declare public readonly status: pulumi.Output<"ACCEPTED" | "ACTIVE">;

    constructor(name: string, args: RamShareAcceptanceArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            providerCode(ramShareAcceptanceProvider),
            name,
            { ...args, invitationArn: undefined, resourceShareArn: undefined, status: undefined },
            opts,
            "datasharing",
            "RamShareAcceptance",
        );
    }
}
