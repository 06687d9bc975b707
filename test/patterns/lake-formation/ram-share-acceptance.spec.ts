import {
    AcceptResourceShareInvitationCommand,
    GetResourceShareInvitationsCommand,
    ListPendingInvitationResourcesCommand,
    ListResourcesCommand,
    RAMClient,
    Resource,
    ResourceShareInvitation,
    ResourceShareInvitationAlreadyAcceptedException,
    ResourceShareInvitationAlreadyRejectedException,
    ResourceShareInvitationExpiredException,
} from "@aws-sdk/client-ram";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import * as pulumi from "@pulumi/pulumi";
import { strict as assert } from "assert";
import { mockClient } from "aws-sdk-client-mock";
import { mockCallerAccount } from "../../support/caller-account";
import {
    pollSettings,
    RamShareAcceptance,
    RamShareAcceptanceInputs,
    RamShareAcceptanceOutputs,
    ramShareAcceptanceProvider as provider,
} from "../../../patterns/lake-formation/ram-share-acceptance";

// The provider's methods are optional in the ResourceProvider type; these are all implemented.
const diff = provider.diff!;
const update = provider.update!;
const remove = provider.delete!;

const SENDER = "222222222222";
const CONSUMER = "333333333333";
const RESOURCE = `arn:aws:glue:eu-west-1:${SENDER}:database/db1`;
const OTHER_RESOURCE = `arn:aws:glue:eu-west-1:${SENDER}:database/db2`;

/** An invitation to this consumer; `share` defaults to one share per invitation. */
function invitation(id: string, status: string, options: { sender?: string; share?: string } = {}): ResourceShareInvitation {
    const sender = options.sender ?? SENDER;
    return {
        resourceShareInvitationArn: `arn:aws:ram:eu-west-1:${sender}:resource-share-invitation/${id}`,
        resourceShareArn: `arn:aws:ram:eu-west-1:${sender}:resource-share/${options.share ?? `${id}-share`}`,
        senderAccountId: sender,
        receiverAccountId: CONSUMER,
        status: status as ResourceShareInvitation["status"],
    };
}

const resource = (arn: string, share?: string): Resource => ({ arn, type: "glue:Database", resourceShareArn: share, status: "AVAILABLE" });

describe("RamShareAcceptance provider", () => {
    const ram = mockClient(RAMClient);
    const target = { accountId: CONSUMER, region: "eu-west-1" };
    const inputs: RamShareAcceptanceInputs = { target, senderAccountId: SENDER, resourceArn: RESOURCE };
    const $metadata = {};
    const saved = { ...pollSettings };

    /** GetResourceShareInvitations answers these pages, linked by nextToken. */
    function invitationPages(...pages: ResourceShareInvitation[][]): void {
        ram.on(GetResourceShareInvitationsCommand).callsFake((input: { nextToken?: string }) => {
            const i = input.nextToken === undefined ? 0 : Number(input.nextToken);
            return { resourceShareInvitations: pages[i], nextToken: i + 1 < pages.length ? String(i + 1) : undefined };
        });
    }

    /** ListPendingInvitationResources answers, per invitation ARN, these pages (or this error). */
    function pendingResources(byInvitation: Record<string, Resource[][] | Error>): void {
        ram.on(ListPendingInvitationResourcesCommand).callsFake((input: { resourceShareInvitationArn: string; nextToken?: string }) => {
            const answer = byInvitation[input.resourceShareInvitationArn] ?? [[]];
            if (answer instanceof Error) {
                throw answer;
            }
            const i = input.nextToken === undefined ? 0 : Number(input.nextToken);
            return { resources: answer[i], nextToken: i + 1 < answer.length ? String(i + 1) : undefined };
        });
    }

    const expired = () => new ResourceShareInvitationExpiredException({ message: "The invitation has expired.", $metadata });
    const rejected = () => new ResourceShareInvitationAlreadyRejectedException({ message: "The invitation was already rejected.", $metadata });

    let sts: ReturnType<typeof mockCallerAccount>;
    before(() => Object.assign(pollSettings, { intervalMs: 0, attempts: 3 }));
    beforeEach(() => {
        ram.reset();
        sts = mockCallerAccount(CONSUMER);
    });
    afterEach(() => sts.restore());
    after(() => {
        Object.assign(pollSettings, saved);
        ram.restore();
    });

    it("accepts the sender's pending invitation that holds the resource, following every page, ignoring other senders", async () => {
        const stranger = invitation("from-stranger", "PENDING", { sender: "444444444444" });
        const otherResource = invitation("other-resource", "PENDING");
        const wanted = invitation("wanted", "PENDING");
        invitationPages([stranger, otherResource], [wanted]);
        pendingResources({
            [stranger.resourceShareInvitationArn!]: [[resource(RESOURCE)]],
            [otherResource.resourceShareInvitationArn!]: [[resource(OTHER_RESOURCE)]],
            // The resource is on the second page of the invitation's resources.
            [wanted.resourceShareInvitationArn!]: [[resource(OTHER_RESOURCE)], [resource(RESOURCE)]],
        });
        ram.on(AcceptResourceShareInvitationCommand).resolves({ resourceShareInvitation: { ...wanted, status: "ACCEPTED" } });

        const result = await provider.create(inputs);

        const accepts = ram.commandCalls(AcceptResourceShareInvitationCommand);
        assert.equal(accepts.length, 1);
        assert.deepEqual(accepts[0].args[0].input, { resourceShareInvitationArn: wanted.resourceShareInvitationArn });
        assert.deepEqual(
            ram.commandCalls(GetResourceShareInvitationsCommand).map((c) => c.args[0].input.nextToken),
            [undefined, "1"],
        );
        const listed = ram.commandCalls(ListPendingInvitationResourcesCommand).map((c) => c.args[0].input);
        assert.ok(!listed.some((i) => i.resourceShareInvitationArn === stranger.resourceShareInvitationArn), "another sender's invitation is not looked at");
        assert.deepEqual(
            listed.filter((i) => i.resourceShareInvitationArn === wanted.resourceShareInvitationArn).map((i) => i.nextToken),
            [undefined, "1"],
        );
        assert.equal(result.id, wanted.resourceShareInvitationArn);
        assert.deepEqual(result.outs, {
            ...inputs,
            invitationArn: wanted.resourceShareInvitationArn,
            resourceShareArn: wanted.resourceShareArn,
            status: "ACCEPTED",
        });
    });

    it("succeeds when the invitation was accepted meanwhile", async () => {
        const wanted = invitation("wanted", "PENDING");
        invitationPages([wanted]);
        pendingResources({ [wanted.resourceShareInvitationArn!]: [[resource(RESOURCE)]] });
        ram.on(AcceptResourceShareInvitationCommand).rejects(new ResourceShareInvitationAlreadyAcceptedException({ message: "already accepted", $metadata }));
        const result = await provider.create(inputs);
        assert.equal(result.outs?.status, "ACCEPTED");
        assert.equal(result.id, wanted.resourceShareInvitationArn);
    });

    it("does not accept again an invitation already accepted whose share holds the resource", async () => {
        const done = invitation("done", "ACCEPTED");
        invitationPages([done]);
        ram.on(ListResourcesCommand, { resourceShareArns: [done.resourceShareArn!] }).resolves({ resources: [resource(RESOURCE, done.resourceShareArn)] });

        const result = await provider.create(inputs);

        assert.equal(ram.commandCalls(AcceptResourceShareInvitationCommand).length, 0);
        assert.deepEqual(ram.commandCalls(ListResourcesCommand)[0].args[0].input, {
            resourceOwner: "OTHER-ACCOUNTS",
            resourceShareArns: [done.resourceShareArn],
            nextToken: undefined,
        });
        assert.equal(result.id, done.resourceShareInvitationArn);
        assert.deepEqual(result.outs, {
            ...inputs,
            invitationArn: done.resourceShareInvitationArn,
            resourceShareArn: done.resourceShareArn,
            status: "ACCEPTED",
        });
    });

    it("succeeds as ACTIVE, accepting nothing, when the resource is shared without an invitation (same Organization)", async () => {
        const share = `arn:aws:ram:eu-west-1:${SENDER}:resource-share/org-share`;
        invitationPages([]);
        ram.on(ListResourcesCommand).resolves({ resources: [resource(RESOURCE, share)] });

        const result = await provider.create(inputs);

        assert.equal(ram.commandCalls(AcceptResourceShareInvitationCommand).length, 0);
        const query = ram.commandCalls(ListResourcesCommand)[0].args[0].input;
        assert.equal(query.resourceOwner, "OTHER-ACCOUNTS");
        assert.equal(query.principal, SENDER);
        assert.equal(result.id, `${SENDER}/${RESOURCE}`);
        assert.deepEqual(result.outs, { ...inputs, resourceShareArn: share, status: "ACTIVE" });
    });

    it("refuses an expired invitation, naming it and saying the sender must share again", async () => {
        const old = invitation("old", "EXPIRED");
        invitationPages([old]);
        pendingResources({ [old.resourceShareInvitationArn!]: expired() });

        await assert.rejects(provider.create(inputs), (err: Error) => {
            assert.ok(err.message.includes(old.resourceShareInvitationArn!), err.message);
            assert.match(err.message, /is EXPIRED/);
            assert.ok(err.message.includes(SENDER) && err.message.includes(RESOURCE), err.message);
            assert.match(err.message, /must share again: revoke and re-grant the Lake Formation permission/);
            assert.match(err.message, /`pulumi up` on the granting stack/);
            assert.match(err.message, /then run this stack again/);
            return true;
        });
        assert.equal(ram.commandCalls(AcceptResourceShareInvitationCommand).length, 0);
        // Matched by share only: the sender's new grant may still be on its way, so it kept looking.
        assert.equal(ram.commandCalls(GetResourceShareInvitationsCommand).length, pollSettings.attempts);
    });

    it("refuses at once an expired invitation whose resources RAM still lists", async () => {
        const old = invitation("old", "EXPIRED");
        invitationPages([old]);
        pendingResources({ [old.resourceShareInvitationArn!]: [[resource(RESOURCE)]] });
        await assert.rejects(provider.create(inputs), /invitation\/old is EXPIRED\. Account 222222222222 must share again/);
        assert.equal(ram.commandCalls(GetResourceShareInvitationsCommand).length, 1);
    });

    it("refuses a rejected invitation the same way", async () => {
        const refused = invitation("refused", "REJECTED");
        invitationPages([refused]);
        pendingResources({ [refused.resourceShareInvitationArn!]: rejected() });
        await assert.rejects(provider.create(inputs), (err: Error) => {
            assert.ok(err.message.includes(`${refused.resourceShareInvitationArn} is REJECTED`), err.message);
            assert.match(err.message, /must share again/);
            return true;
        });
    });

    it("refuses an invitation that expired just before it was accepted", async () => {
        const late = invitation("late", "PENDING");
        invitationPages([late]);
        pendingResources({ [late.resourceShareInvitationArn!]: [[resource(RESOURCE)]] });
        ram.on(AcceptResourceShareInvitationCommand).rejects(expired());
        await assert.rejects(provider.create(inputs), /invitation\/late is EXPIRED\. Account 222222222222 must share again/);
    });

    it("accepts a new invitation and ignores the expired one it supersedes", async () => {
        const old = invitation("old", "EXPIRED", { share: "lf-share" });
        const renewed = invitation("renewed", "PENDING", { share: "lf-share" });
        invitationPages([old, renewed]);
        pendingResources({ [old.resourceShareInvitationArn!]: expired(), [renewed.resourceShareInvitationArn!]: [[resource(RESOURCE)]] });
        ram.on(AcceptResourceShareInvitationCommand).resolves({});
        const result = await provider.create(inputs);
        assert.equal(result.id, renewed.resourceShareInvitationArn);
        assert.deepEqual(ram.commandCalls(AcceptResourceShareInvitationCommand)[0].args[0].input, {
            resourceShareInvitationArn: renewed.resourceShareInvitationArn,
        });
    });

    it("does not blame an expired invitation whose share a live invitation for another resource took over", async () => {
        const old = invitation("old", "EXPIRED", { share: "lf-share" });
        const current = invitation("current", "ACCEPTED", { share: "lf-share" });
        invitationPages([old, current]);
        pendingResources({ [old.resourceShareInvitationArn!]: expired() });
        ram.on(ListResourcesCommand).resolves({ resources: [resource(OTHER_RESOURCE)] });
        await assert.rejects(provider.create(inputs), /^Error: no invitation from account 222222222222/);
    });

    it("polls, then explains a missing invitation with the deploy order", async () => {
        invitationPages([invitation("stranger", "PENDING", { sender: "444444444444" })]);
        ram.on(ListResourcesCommand).resolves({ resources: [] });
        const started = Date.now();
        await assert.rejects(provider.create(inputs), (err: Error) => {
            assert.match(err.message, new RegExp(`^no invitation from account ${SENDER} for resource ${RESOURCE.replace(/[/:]/g, "\\$&")}`));
            assert.match(err.message, /deploy the granting stack first \(deploy order: external -> producer -> governance -> consumer\*\)/);
            assert.match(err.message, /check that it grants to this account \(333333333333\)/);
            return true;
        });
        assert.equal(ram.commandCalls(GetResourceShareInvitationsCommand).length, pollSettings.attempts);
        assert.equal(ram.commandCalls(ListPendingInvitationResourcesCommand).length, 0);
        assert.ok(Date.now() - started < 1000, "the lowered poll settings apply: no real waiting");
    });

    it("finds an invitation that arrives while it polls", async () => {
        const wanted = invitation("wanted", "PENDING");
        let calls = 0;
        ram.on(GetResourceShareInvitationsCommand).callsFake(() => ({ resourceShareInvitations: ++calls < 2 ? [] : [wanted] }));
        pendingResources({ [wanted.resourceShareInvitationArn!]: [[resource(RESOURCE)]] });
        ram.on(AcceptResourceShareInvitationCommand).resolves({});
        const result = await provider.create(inputs);
        assert.equal(result.id, wanted.resourceShareInvitationArn);
        assert.equal(calls, 2);
    });

    it("points at the region when the resource is in another one", async () => {
        invitationPages([]);
        const elsewhere = { ...inputs, target: { ...target, region: "us-east-1" } };
        await assert.rejects(provider.create(elsewhere), /resource is in eu-west-1 but this stack looks in us-east-1/);
    });

    it("refuses credentials of another account before any RAM call", async () => {
        sts.on(GetCallerIdentityCommand).resolves({ Account: "999999999999" });
        await assert.rejects(provider.create(inputs), /credentials are for account 999999999999, but this stack deploys into 333333333333/);
        assert.equal(ram.calls().length, 0);
    });

    it("sends its calls to the target's region", async () => {
        const regions: string[] = [];
        ram.on(GetResourceShareInvitationsCommand).callsFake(async (_input: unknown, getClient: () => RAMClient) => {
            regions.push(await getClient().config.region());
            return { resourceShareInvitations: [] };
        });
        ram.on(ListResourcesCommand).resolves({ resources: [resource(`arn:aws:glue:ap-southeast-2:${SENDER}:database/db1`)] });
        const there = { ...inputs, resourceArn: `arn:aws:glue:ap-southeast-2:${SENDER}:database/db1`, target: { ...target, region: "ap-southeast-2" } };
        await provider.create(there);
        assert.deepEqual(regions, ["ap-southeast-2"]);
    });

    const outs: RamShareAcceptanceOutputs = {
        ...inputs,
        invitationArn: invitation("wanted", "ACCEPTED").resourceShareInvitationArn,
        resourceShareArn: invitation("wanted", "ACCEPTED").resourceShareArn,
        status: "ACCEPTED",
    };

    it("replaces when the sender, the resource or the account/region changes", async () => {
        assert.deepEqual(await diff("id", outs, { ...inputs, senderAccountId: "555555555555" }), { changes: true, replaces: ["senderAccountId"] });
        assert.deepEqual(await diff("id", outs, { ...inputs, resourceArn: OTHER_RESOURCE }), { changes: true, replaces: ["resourceArn"] });
        assert.deepEqual(await diff("id", outs, { ...inputs, target: { ...target, region: "us-east-1" } }), { changes: true, replaces: ["target"] });
        assert.deepEqual(await diff("id", outs, { ...inputs, target: { ...target, accountId: "666666666666" } }), { changes: true, replaces: ["target"] });
    });

    it("reports no change when nothing changed, and an update when only the deployment role did", async () => {
        assert.deepEqual(await diff("id", outs, { ...inputs, target: { ...target } }), { changes: false });
        const role = { ...inputs, target: { ...target, roleArn: `arn:aws:iam::${CONSUMER}:role/deployer` } };
        assert.deepEqual(await diff("id", outs, role), { changes: true });
    });

    it("updates by storing the new target with what create found, without calling AWS", async () => {
        const news = { ...inputs, target: { ...target, roleArn: `arn:aws:iam::${CONSUMER}:role/deployer`, externalId: "x" } };
        const result = await update("id", outs, news);
        assert.deepEqual(result.outs, { ...outs, target: news.target });
        assert.equal(ram.calls().length, 0);
        assert.equal(sts.calls().length, 0);
    });

    it("deletes without calling AWS: the grantor revokes, the consumer cannot leave the share", async () => {
        await remove("id", outs);
        assert.equal(ram.calls().length, 0);
        assert.equal(sts.calls().length, 0);
    });
});

describe("RamShareAcceptance resource", () => {
    it("registers a serializable provider with the sender, the resource and the target", async () => {
        // Loaded here so the whole stack program the harness pulls in cannot stop the provider tests above from loading.
        const { runProgram } = await import("../../support/run-stack");
        const target = { accountId: CONSUMER, region: "eu-west-1" };
        let registered: RamShareAcceptance | undefined;
        const run = await runProgram(
            () => {
                registered = new RamShareAcceptance("db1-share", { target, senderAccountId: SENDER, resourceArn: RESOURCE });
                return {};
            },
            { accountId: CONSUMER, region: "eu-west-1" },
        );
        assert.deepEqual(run.errors, []);
        const acceptance = run.one("pulumi-nodejs:dynamic/datasharing:RamShareAcceptance");
        assert.equal(acceptance.name, "db1-share");
        assert.equal(acceptance.inputs.senderAccountId, SENDER);
        assert.equal(acceptance.inputs.resourceArn, RESOURCE);
        assert.deepEqual(acceptance.inputs.target, target);
        // The SDK is loaded by the serialized provider, not captured by value.
        assert.match(acceptance.inputs.__provider, /require\("@aws-sdk\/client-ram[/"]/);
        // Declared, not `!` fields, so the outputs super() set survive class field initialization.
        for (const output of [registered?.invitationArn, registered?.resourceShareArn, registered?.status]) {
            assert.ok(pulumi.Output.isInstance(output));
        }
    });
});
