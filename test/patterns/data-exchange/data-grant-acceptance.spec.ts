import {
    AcceptDataGrantCommand,
    AccessDeniedException,
    ConflictException,
    DataExchangeClient,
    GetReceivedDataGrantCommand,
    ListReceivedDataGrantsCommand,
    ReceivedDataGrantSummariesEntry,
    ResourceNotFoundException,
} from "@aws-sdk/client-dataexchange";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { strict as assert } from "assert";
import { mockClient } from "aws-sdk-client-mock";
import {
    DataGrantAcceptanceInputs,
    DataGrantAcceptanceOutputs,
    dataGrantAcceptanceProvider as provider,
    pollSettings,
} from "../../../patterns/data-exchange/data-grant-acceptance";
import { dataGrantName } from "../../../patterns/data-exchange/data-grant";
import { ReceivedDataSets } from "../../../patterns/data-exchange/received-data-sets";
import { AccountNames } from "../../../core/naming";
import { mockCallerAccount } from "../../support/caller-account";
import { providerMethods } from "../../support/dynamic-provider";

const { create, diff, update, remove } = providerMethods(provider);

const SENDER = "333333333333";
const RECEIVER = "444444444444";
const NAME = "datasharing-audit-reports-to-auditor";
const ENDS = "2027-07-01T00:00:00.000Z";
const ACCEPTED_AT = new Date("2026-03-02T08:00:00Z");
const $metadata = {};

/** A grant this account received from `sender`; the id also makes the ARN. */
function grant(
    id: string,
    state: "PENDING_RECEIVER_ACCEPTANCE" | "ACCEPTED",
    over: Partial<ReceivedDataGrantSummariesEntry> = {},
): ReceivedDataGrantSummariesEntry {
    const sender = over.SenderPrincipal ?? SENDER;
    return {
        Name: NAME,
        SenderPrincipal: sender,
        ReceiverPrincipal: RECEIVER,
        AcceptanceState: state,
        ...(state === "ACCEPTED" ? { AcceptedAt: ACCEPTED_AT } : {}),
        EndsAt: new Date(ENDS),
        DataSetId: `received-${id}`,
        Id: id,
        Arn: `arn:aws:dataexchange:eu-west-1:${sender}:data-grants/${id}`,
        CreatedAt: new Date("2026-03-01T00:00:00Z"),
        UpdatedAt: new Date("2026-03-01T00:00:00Z"),
        ...over,
    };
}

describe("DataGrantAcceptance provider", () => {
    const dx = mockClient(DataExchangeClient);
    const target = { accountId: RECEIVER, region: "eu-west-1" };
    const inputs: DataGrantAcceptanceInputs = { target, senderAccountId: SENDER, name: NAME, endsAt: ENDS };
    const saved = { ...pollSettings };
    let sts: ReturnType<typeof mockCallerAccount>;

    /** ListReceivedDataGrants answers these pages, linked by NextToken. */
    function received(...pages: ReceivedDataGrantSummariesEntry[][]): void {
        dx.on(ListReceivedDataGrantsCommand).callsFake((input: { NextToken?: string }) => {
            const i = input.NextToken === undefined ? 0 : Number(input.NextToken);
            return { DataGrantSummaries: pages[i], NextToken: i + 1 < pages.length ? String(i + 1) : undefined };
        });
    }
    const accepts = () => dx.commandCalls(AcceptDataGrantCommand).map((c) => c.args[0].input.DataGrantArn);

    before(() => Object.assign(pollSettings, { intervalMs: 0, attempts: 2 }));
    beforeEach(() => {
        dx.reset();
        dx.on(AcceptDataGrantCommand).callsFake((input: { DataGrantArn: string }) => ({
            ...grant(input.DataGrantArn.split("/").pop()!, "ACCEPTED"),
            GrantDistributionScope: "NONE",
        }));
        sts = mockCallerAccount(RECEIVER);
    });
    afterEach(() => sts.restore());
    after(() => {
        Object.assign(pollSettings, saved);
        dx.restore();
    });

    describe("create", () => {
        it("finds the pending grant by name and sender, across pages, and accepts it", async () => {
            received([grant("other", "PENDING_RECEIVER_ACCEPTANCE", { Name: "someone-elses" })], [grant("g1", "PENDING_RECEIVER_ACCEPTANCE")]);
            const result = await create(inputs);
            assert.deepEqual(accepts(), [grant("g1", "ACCEPTED").Arn]);
            assert.equal(result.id, grant("g1", "ACCEPTED").Arn);
            assert.deepEqual(result.outs, {
                ...inputs,
                dataGrantArn: grant("g1", "ACCEPTED").Arn,
                dataGrantId: "g1",
                receivedDataSetId: "received-g1",
                acceptedAt: ACCEPTED_AT.toISOString(),
            });
            const filters = dx.commandCalls(ListReceivedDataGrantsCommand).map((c) => c.args[0].input.AcceptanceState);
            assert.deepEqual(filters[0], ["PENDING_RECEIVER_ACCEPTANCE", "ACCEPTED"]);
        });

        it("ignores a grant of the same name from another sender", async () => {
            received([grant("spoof", "PENDING_RECEIVER_ACCEPTANCE", { SenderPrincipal: "999999999999" }), grant("g1", "PENDING_RECEIVER_ACCEPTANCE")]);
            await create(inputs);
            assert.deepEqual(accepts(), [grant("g1", "ACCEPTED").Arn]);
        });

        it("succeeds without accepting when the grant is already accepted", async () => {
            received([grant("g1", "ACCEPTED")]);
            const result = await create(inputs);
            assert.deepEqual(accepts(), []);
            assert.equal(result.outs?.acceptedAt, ACCEPTED_AT.toISOString());
        });

        it("treats a conflict on accept as success when the grant turns out accepted (another run got there first)", async () => {
            received([grant("g1", "PENDING_RECEIVER_ACCEPTANCE")]);
            dx.on(AcceptDataGrantCommand).rejects(
                new ConflictException({ message: "Data grant is already accepted", Message: "Data grant is already accepted", $metadata }),
            );
            dx.on(GetReceivedDataGrantCommand).resolves({ ...grant("g1", "ACCEPTED"), GrantDistributionScope: "NONE" });
            const result = await create(inputs);
            assert.equal(result.outs?.dataGrantId, "g1");
        });

        it("propagates any other accept failure with the grant's ARN", async () => {
            received([grant("g1", "PENDING_RECEIVER_ACCEPTANCE")]);
            dx.on(AcceptDataGrantCommand).rejects(
                new AccessDeniedException({
                    message: "not authorized to perform: dataexchange:AcceptDataGrant",
                    Message: "not authorized to perform: dataexchange:AcceptDataGrant",
                    $metadata,
                }),
            );
            await assert.rejects(
                create(inputs),
                new RegExp(`^Error: AcceptDataGrant ${grant("g1", "ACCEPTED").Arn} failed: AccessDeniedException: not authorized`),
            );
        });

        it("accepts by ARN when the sharing stack's contract gives it", async () => {
            const arn = grant("g2", "PENDING_RECEIVER_ACCEPTANCE").Arn!;
            dx.on(GetReceivedDataGrantCommand).resolves({ ...grant("g2", "PENDING_RECEIVER_ACCEPTANCE"), GrantDistributionScope: "NONE" });
            await create({ ...inputs, dataGrantArn: arn });
            assert.deepEqual(
                dx.commandCalls(GetReceivedDataGrantCommand).map((c) => c.args[0].input),
                [{ DataGrantArn: arn }],
            );
            assert.equal(dx.commandCalls(ListReceivedDataGrantsCommand).length, 0);
            assert.deepEqual(accepts(), [arn]);
        });

        it("says to deploy the sharing stack first when no grant arrives", async () => {
            received([]);
            await assert.rejects(
                create(inputs),
                /no data grant datasharing-audit-reports-to-auditor from account 333333333333 was received by account 444444444444 in eu-west-1 \(looked 2 times\): deploy the sharing stack first/,
            );
            dx.on(GetReceivedDataGrantCommand).rejects(new ResourceNotFoundException({ message: "not found", Message: "not found", $metadata }));
            await assert.rejects(
                create({ ...inputs, dataGrantArn: "arn:aws:dataexchange:eu-west-1:333333333333:data-grants/gone" }),
                /no data grant arn:aws:dataexchange:.*gone was received/,
            );
            assert.deepEqual(accepts(), []);
        });

        it("refuses a grant whose end date is not the topology's: the sharing stack has not replaced it yet", async () => {
            received([grant("old", "ACCEPTED", { EndsAt: new Date("2026-12-31T00:00:00Z") })]);
            await assert.rejects(
                create(inputs),
                /ends 2026-12-31T00:00:00.000Z, but the topology says 2027-07-01T00:00:00.000Z: the sharing stack has not replaced the grant yet/,
            );
            received([grant("open", "PENDING_RECEIVER_ACCEPTANCE", { EndsAt: undefined })]);
            await assert.rejects(create(inputs), /ends never, but the topology says 2027-07-01/);
            assert.deepEqual(accepts(), []);
        });

        it("refuses a grant addressed to another account", async () => {
            dx.on(GetReceivedDataGrantCommand).resolves({
                ...grant("g3", "PENDING_RECEIVER_ACCEPTANCE", { ReceiverPrincipal: "555555555555" }),
                GrantDistributionScope: "NONE",
            });
            await assert.rejects(
                create({ ...inputs, dataGrantArn: grant("g3", "ACCEPTED").Arn }),
                /is for account 555555555555, not this stack's account 444444444444/,
            );
        });

        it("checks the credentials' account and the sender's id before looking", async () => {
            await assert.rejects(create({ ...inputs, senderAccountId: "3333" }), /sender "3333" is not an AWS account id/);
            sts.on(GetCallerIdentityCommand).resolves({ Account: "999999999999" });
            await assert.rejects(create(inputs), /credentials are for account 999999999999, but this stack deploys into 444444444444/);
            assert.equal(dx.calls().length, 0);
        });
    });

    describe("diff, update and delete", () => {
        const outs: DataGrantAcceptanceOutputs = { ...inputs, dataGrantArn: grant("g1", "ACCEPTED").Arn!, dataGrantId: "g1", receivedDataSetId: "received-g1" };

        it("replaces when the grant it stands for changes: sender, name, end date, ARN, account or region", async () => {
            const cases: [Partial<DataGrantAcceptanceInputs>, string][] = [
                [{ senderAccountId: "555555555555" }, "senderAccountId"],
                [{ name: "other" }, "name"],
                [{ endsAt: "2028-01-01T00:00:00.000Z" }, "endsAt"],
                [{ dataGrantArn: grant("g9", "ACCEPTED").Arn }, "dataGrantArn"],
                [{ target: { ...target, region: "us-east-1" } }, "target"],
            ];
            for (const [change, field] of cases) {
                assert.deepEqual(await diff("id", outs, { ...inputs, ...change }), { changes: true, replaces: [field] }, field);
            }
        });

        it("sees no change when the contract starts giving the ARN of the grant already accepted", async () => {
            assert.deepEqual(await diff("id", outs, { ...inputs, dataGrantArn: outs.dataGrantArn }), { changes: false });
            assert.deepEqual(await diff("id", outs, { ...inputs, target: { ...target, roleArn: `arn:aws:iam::${RECEIVER}:role/deployer` } }), {
                changes: true,
            });
        });

        it("updates the credentials without calling AWS, keeping the grant found", async () => {
            const news = { ...inputs, target: { ...target, roleArn: `arn:aws:iam::${RECEIVER}:role/deployer` } };
            assert.deepEqual((await update("id", outs, news)).outs, { ...outs, target: news.target });
            assert.equal(dx.calls().length + sts.calls().length, 0);
        });

        it("deletes without calling AWS: the sender's grant deletion or end date removes the data set", async () => {
            await remove("id", outs);
            assert.equal(dx.calls().length + sts.calls().length, 0);
        });
    });
});

describe("ReceivedDataSets", () => {
    it("accepts one grant per product, by the name the sharing side gives it and with the consumer's end date", async () => {
        const { runProgram } = await import("../../support/run-stack");
        const sharing = new AccountNames("datasharing", { accountId: SENDER, region: "eu-west-1" });
        const target = { accountId: RECEIVER, region: "eu-west-1" };
        const run = await runProgram(() => {
            new ReceivedDataSets("auditor-data-exchange", {
                target,
                sharing,
                consumer: "auditor",
                products: ["audit_reports", "sales_insights"],
                endsAt: new Date(ENDS),
            });
            return {};
        }, target);
        assert.deepEqual(run.errors, []);
        const acceptances = run.ofType("pulumi-nodejs:dynamic/datasharing:DataGrantAcceptance");
        assert.deepEqual(
            acceptances.map((a) => a.inputs.name).sort(),
            [dataGrantName(sharing, "audit_reports", "auditor"), dataGrantName(sharing, "sales_insights", "auditor")].sort(),
        );
        for (const a of acceptances) {
            assert.equal(a.inputs.senderAccountId, SENDER);
            assert.equal(a.inputs.endsAt, ENDS);
            assert.deepEqual(a.inputs.target, target);
            assert.match(a.inputs.__provider, /require\("@aws-sdk\/client-dataexchange[/"]/);
            assert.ok(a.options.parent.endsWith("ReceivedDataSets::auditor-data-exchange"));
        }
    });
});
