import {
    AccessDeniedException,
    CreateDataGrantCommand,
    DataExchangeClient,
    DeleteDataGrantCommand,
    ResourceNotFoundException,
    ThrottlingException,
    ValidationException,
} from "@aws-sdk/client-dataexchange";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import * as pulumi from "@pulumi/pulumi";
import { strict as assert } from "assert";
import { mockClient } from "aws-sdk-client-mock";
import { DataGrant, DataGrantInputs, DataGrantOutputs, clock, dataGrantName, dataGrantProvider as provider } from "../../../patterns/data-exchange/data-grant";
import { AccountNames } from "../../../core/naming";
import { mockCallerAccount } from "../../support/caller-account";
import { providerMethods } from "../../support/dynamic-provider";

const { create, diff, update, remove } = providerMethods(provider);

const SENDER = "333333333333";
const RECEIVER = "444444444444";
const NOW = new Date("2026-03-01T12:00:00Z");
const GRANT_ID = "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6";
const GRANT_ARN = `arn:aws:dataexchange:eu-west-1:${SENDER}:data-grants/${GRANT_ID}`;
const $metadata = {};

const target = { accountId: SENDER, region: "eu-west-1" };
const inputs: DataGrantInputs = {
    target,
    name: "datasharing-audit-reports-to-auditor",
    sourceDataSetId: "0123456789abcdef0123456789abcdef",
    receiverAccountId: RECEIVER,
    endsAt: "2027-07-01T00:00:00.000Z",
    description: "audit_reports for auditor",
};
const outs: DataGrantOutputs = { ...inputs, dataGrantId: GRANT_ID, dataGrantArn: GRANT_ARN };

describe("DataGrant provider", () => {
    const dx = mockClient(DataExchangeClient);
    let sts: ReturnType<typeof mockCallerAccount>;
    const saved = clock.now;

    beforeEach(() => {
        dx.reset();
        dx.on(CreateDataGrantCommand).resolves({ Id: GRANT_ID, Arn: GRANT_ARN, Name: inputs.name } as any);
        dx.on(DeleteDataGrantCommand).resolves({});
        sts = mockCallerAccount(SENDER);
        clock.now = () => NOW;
    });
    afterEach(() => sts.restore());
    after(() => {
        clock.now = saved;
        dx.restore();
    });

    const sent = () => dx.commandCalls(CreateDataGrantCommand).map((c) => c.args[0].input);

    describe("create", () => {
        it("grants the data set to the receiver's account alone, until its end date", async () => {
            const result = await create(inputs);
            assert.deepEqual(sent(), [
                {
                    Name: inputs.name,
                    GrantDistributionScope: "NONE",
                    ReceiverPrincipal: RECEIVER,
                    SourceDataSetId: inputs.sourceDataSetId,
                    EndsAt: new Date("2027-07-01T00:00:00.000Z"),
                    Description: inputs.description,
                },
            ]);
            assert.ok(sent()[0].EndsAt instanceof Date, "EndsAt goes to the SDK as a Date");
            assert.equal(result.id, GRANT_ID);
            assert.deepEqual(result.outs, outs);
        });

        it("sends no EndsAt for open-ended access", async () => {
            await create({ ...inputs, endsAt: undefined });
            assert.equal("EndsAt" in sent()[0], false);
        });

        it("refuses an end date in the past, or now, before any call (even to STS)", async () => {
            for (const endsAt of ["2026-02-28T00:00:00.000Z", NOW.toISOString()]) {
                await assert.rejects(
                    create({ ...inputs, endsAt }),
                    new RegExp(
                        `data grant ${inputs.name}: access for account ${RECEIVER} ended at ${endsAt.replace(/\./g, "\\.")}, before now .*refusing to grant it`,
                    ),
                );
            }
            assert.equal(dx.calls().length, 0);
            assert.equal(sts.calls().length, 0);
        });

        it("refuses a malformed receiver, the sender itself, or an unreadable date before any call", async () => {
            await assert.rejects(create({ ...inputs, receiverAccountId: "4444" }), /receiver "4444" is not an AWS account id/);
            await assert.rejects(create({ ...inputs, receiverAccountId: SENDER }), /is the sending account itself/);
            await assert.rejects(create({ ...inputs, endsAt: "next year" }), /end date "next year" is not an ISO 8601 date/);
            assert.equal(dx.calls().length + sts.calls().length, 0);
        });

        it("refuses credentials of another account before any Data Exchange call", async () => {
            sts.on(GetCallerIdentityCommand).resolves({ Account: "999999999999" });
            await assert.rejects(create(inputs), /credentials are for account 999999999999, but this stack deploys into 333333333333/);
            assert.equal(dx.calls().length, 0);
        });

        it("sends its calls to the target's region", async () => {
            const regions: string[] = [];
            dx.on(CreateDataGrantCommand).callsFake(async (_input: unknown, getClient: () => DataExchangeClient) => {
                regions.push(await getClient().config.region());
                return { Id: GRANT_ID, Arn: GRANT_ARN };
            });
            await create({ ...inputs, target: { ...target, region: "us-east-1" } });
            assert.deepEqual(regions, ["us-east-1"]);
        });

        it("says what failed, for which grant, with a hint where the deployer can act", async () => {
            dx.on(CreateDataGrantCommand).rejects(
                new AccessDeniedException({
                    message: "User is not authorized to perform: dataexchange:CreateDataGrant",
                    Message: "User is not authorized to perform: dataexchange:CreateDataGrant",
                    $metadata,
                }),
            );
            await assert.rejects(create(inputs), (err: Error) => {
                assert.match(
                    err.message,
                    /^CreateDataGrant datasharing-audit-reports-to-auditor \(data set 0123456789abcdef0123456789abcdef to account 444444444444\) failed: AccessDeniedException: User is not authorized/,
                );
                assert.match(err.message, /needs dataexchange:CreateDataGrant/);
                return true;
            });
            dx.on(CreateDataGrantCommand).rejects(new ResourceNotFoundException({ message: "Data set not found", Message: "Data set not found", $metadata }));
            await assert.rejects(
                create(inputs),
                /ResourceNotFoundException: Data set not found\ndata set 0123456789abcdef0123456789abcdef is not in account 333333333333, region eu-west-1/,
            );
            dx.on(CreateDataGrantCommand).rejects(
                new ValidationException({ message: "EndsAt must be in the future", Message: "EndsAt must be in the future", $metadata }),
            );
            await assert.rejects(create(inputs), /failed: ValidationException: EndsAt must be in the future$/);
        });

        it("fails clearly if AWS returns no grant", async () => {
            dx.on(CreateDataGrantCommand).resolves({});
            await assert.rejects(create(inputs), /CreateDataGrant datasharing-audit-reports-to-auditor returned no grant id or ARN/);
        });
    });

    describe("delete", () => {
        it("deletes the grant by id", async () => {
            await remove(GRANT_ID, outs);
            assert.deepEqual(
                dx.commandCalls(DeleteDataGrantCommand).map((c) => c.args[0].input),
                [{ DataGrantId: GRANT_ID }],
            );
        });

        it("succeeds when the grant is already gone", async () => {
            dx.on(DeleteDataGrantCommand).rejects(
                new ResourceNotFoundException({ message: "Data grant not found", Message: "Data grant not found", $metadata }),
            );
            await remove(GRANT_ID, outs);
        });

        it("propagates any other failure, naming the grant", async () => {
            dx.on(DeleteDataGrantCommand).rejects(new ThrottlingException({ message: "Rate exceeded", Message: "Rate exceeded", $metadata }));
            await assert.rejects(
                remove(GRANT_ID, outs),
                new RegExp(`^Error: DeleteDataGrant ${inputs.name} \\(${GRANT_ID}\\) failed: ThrottlingException: Rate exceeded$`),
            );
        });

        it("uses the stored credentials' account check first", async () => {
            sts.on(GetCallerIdentityCommand).resolves({ Account: "999999999999" });
            await assert.rejects(remove(GRANT_ID, outs), /credentials are for account 999999999999/);
            assert.equal(dx.calls().length, 0);
        });
    });

    describe("diff and update", () => {
        it("replaces on any change AWS holds (grants are immutable), deleting the old grant first", async () => {
            const changes: [Partial<DataGrantInputs>, string][] = [
                [{ name: "other" }, "name"],
                [{ sourceDataSetId: "fedcba9876543210fedcba9876543210" }, "sourceDataSetId"],
                [{ receiverAccountId: "555555555555" }, "receiverAccountId"],
                [{ endsAt: "2028-01-01T00:00:00.000Z" }, "endsAt"],
                [{ endsAt: undefined }, "endsAt"],
                [{ description: "new words" }, "description"],
                [{ target: { ...target, region: "us-east-1" } }, "target"],
                [{ target: { ...target, accountId: "666666666666" } }, "target"],
            ];
            for (const [change, field] of changes) {
                assert.deepEqual(await diff(GRANT_ID, outs, { ...inputs, ...change }), { changes: true, replaces: [field], deleteBeforeReplace: true }, field);
            }
        });

        it("reports no change when nothing changed, and an in-place update when only the deployment role did", async () => {
            assert.deepEqual(await diff(GRANT_ID, outs, { ...inputs }), { changes: false });
            assert.deepEqual(await diff(GRANT_ID, outs, { ...inputs, target: { ...target, roleArn: `arn:aws:iam::${SENDER}:role/deployer` } }), {
                changes: true,
            });
        });

        it("updates by storing the new credentials, keeping the grant, without calling AWS", async () => {
            const news = { ...inputs, target: { ...target, roleArn: `arn:aws:iam::${SENDER}:role/deployer` } };
            assert.deepEqual((await update(GRANT_ID, outs, news)).outs, { ...outs, target: news.target });
            assert.equal(dx.calls().length + sts.calls().length, 0);
        });
    });
});

describe("DataGrant resource", () => {
    it("registers a serializable provider with the receiver, the data set and the end date", async () => {
        // Loaded here so the stack program the harness pulls in cannot stop the provider tests above from loading.
        const { runProgram } = await import("../../support/run-stack");
        let registered: DataGrant | undefined;
        const run = await runProgram(
            () => {
                registered = new DataGrant("audit-reports-auditor", {
                    target,
                    name: inputs.name,
                    sourceDataSetId: inputs.sourceDataSetId,
                    receiverAccountId: RECEIVER,
                    endsAt: inputs.endsAt,
                });
                return {};
            },
            { accountId: SENDER, region: "eu-west-1" },
        );
        assert.deepEqual(run.errors, []);
        const grant = run.one("pulumi-nodejs:dynamic/datasharing:DataGrant");
        assert.equal(grant.inputs.receiverAccountId, RECEIVER);
        assert.equal(grant.inputs.endsAt, inputs.endsAt);
        assert.deepEqual(grant.inputs.target, target);
        assert.match(grant.inputs.__provider, /require\("@aws-sdk\/client-dataexchange[/"]/);
        for (const output of [registered?.dataGrantId, registered?.dataGrantArn]) {
            assert.ok(pulumi.Output.isInstance(output));
        }
    });

    it("names a grant from the product and consumer, the same on both sides", () => {
        const sender = new AccountNames("datasharing", { accountId: SENDER, region: "eu-west-1" });
        const seenByConsumer = new AccountNames("datasharing", { accountId: SENDER, region: "eu-west-1" });
        assert.equal(dataGrantName(sender, "audit_reports", "auditor"), "datasharing-audit-reports-to-auditor");
        assert.equal(dataGrantName(seenByConsumer, "audit_reports", "auditor"), dataGrantName(sender, "audit_reports", "auditor"));
    });
});
