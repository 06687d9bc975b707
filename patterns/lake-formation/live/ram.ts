import { GetResourceShareAssociationsCommand, GetResourceShareInvitationsCommand } from "@aws-sdk/client-ram";
import { CapturedResource } from "../../../plan/mock-aws";
import { allPages } from "../../../ops/verify/paginate";
import { LiveReadContext, liveResource } from "../../../ops/verify/live/context";

/**
 * RAM, the carrier of Lake Formation's cross-account grants: the invitations this account
 * has received and not accepted, and the accounts its own shares reach. A pending invitation
 * means the owner's grant exists but the receiving account cannot use it yet (a share left
 * pending); an association to an account outside the topology is a share made by hand. The
 * plan has no resources of these kinds: verify's comparison reads them (verify-only types).
 */

export const PENDING_INVITATION = "verify:ram/pendingInvitation";
export const SHARE_ASSOCIATION = "verify:ram/shareAssociation";

export async function readRam(context: LiveReadContext): Promise<CapturedResource[]> {
    const { ram } = context.clients;
    const invitations = await allPages("ram GetResourceShareInvitations", async (token) => {
        const page = await context.call("ram GetResourceShareInvitations", () => ram.send(new GetResourceShareInvitationsCommand({ nextToken: token })));
        return { items: page.resourceShareInvitations, next: page.nextToken };
    });
    const pending = invitations
        .filter((i) => i.status === "PENDING" && i.receiverAccountId === context.account.accountId)
        .map((i) =>
            liveResource(context, PENDING_INVITATION, i.resourceShareInvitationArn ?? `${i.senderAccountId}/${i.resourceShareName}`, {
                senderAccountId: i.senderAccountId,
                resourceShareName: i.resourceShareName,
                resourceShareArn: i.resourceShareArn,
            }),
        );
    const associations = await allPages("ram GetResourceShareAssociations", async (token) => {
        const page = await context.call("ram GetResourceShareAssociations", () =>
            ram.send(new GetResourceShareAssociationsCommand({ associationType: "PRINCIPAL", nextToken: token })),
        );
        return { items: page.resourceShareAssociations, next: page.nextToken };
    });
    const shared = associations
        .filter((a) => a.associatedEntity && (a.status === "ASSOCIATED" || a.status === "ASSOCIATING"))
        .map((a) =>
            liveResource(context, SHARE_ASSOCIATION, `${a.resourceShareName}/${a.associatedEntity}`, {
                resourceShareName: a.resourceShareName,
                resourceShareArn: a.resourceShareArn,
                principal: a.associatedEntity,
                status: a.status,
            }),
        );
    return [...pending, ...shared];
}
