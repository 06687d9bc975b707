import { LakeFormationClient, RevokePermissionsCommand } from "@aws-sdk/client-lakeformation";
import { strict as assert } from "assert";
import { mockClient } from "aws-sdk-client-mock";
import { REVOCATION, iamAllowedPrincipalsRevocationProvider as provider } from "../../../components/lake-formation/iam-allowed-principals-revocation";
import { mockCallerAccount } from "../../support/caller-account";

const ACCOUNT = "222222222222";
const target = { accountId: ACCOUNT, region: "eu-west-1" };

describe("IamAllowedPrincipalsRevocation provider", () => {
    const lf = mockClient(LakeFormationClient);
    let sts: ReturnType<typeof mockCallerAccount>;
    beforeEach(() => {
        lf.reset();
        sts = mockCallerAccount(ACCOUNT);
    });
    afterEach(() => sts.restore());

    it("revokes CREATE_DATABASE on the catalog from IAM_ALLOWED_PRINCIPALS", async () => {
        lf.on(RevokePermissionsCommand).resolves({});
        const result = await provider.create({ target });
        const calls = lf.commandCalls(RevokePermissionsCommand);
        assert.equal(calls.length, 1);
        assert.deepEqual(calls[0].args[0].input, {
            Principal: { DataLakePrincipalIdentifier: "IAM_ALLOWED_PRINCIPALS" },
            Resource: { Catalog: {} },
            Permissions: ["CREATE_DATABASE"],
        });
        assert.deepEqual(REVOCATION.Resource, { Catalog: {} });
        assert.equal(result.outs!.revoked, true);
    });

    it("succeeds when someone revoked it before", async () => {
        lf.on(RevokePermissionsCommand).rejects(
            Object.assign(new Error("No permissions revoked. Grantee has no permissions and no grantable permissions on resource"), {
                name: "InvalidInputException",
            }),
        );
        const result = await provider.create({ target });
        assert.equal(result.outs!.revoked, false);
    });

    it("fails on any other error, and never calls into another account", async () => {
        lf.on(RevokePermissionsCommand).rejects(Object.assign(new Error("Insufficient Lake Formation permission(s)"), { name: "AccessDeniedException" }));
        await assert.rejects(provider.create({ target }), /Insufficient Lake Formation permission/);
        sts.restore();
        sts = mockCallerAccount("999999999999");
        lf.reset();
        await assert.rejects(provider.create({ target }), /credentials are for account 999999999999, but this stack deploys into 222222222222/);
        assert.equal(lf.commandCalls(RevokePermissionsCommand).length, 0);
    });

    it("replaces on another account or region, and keeps the revocation on delete", async () => {
        const olds = { target, revoked: true };
        assert.deepEqual(await provider.diff!("id", olds, { target: { ...target, region: "eu-west-2" } }), {
            changes: true,
            replaces: ["target"],
            deleteBeforeReplace: true,
        });
        assert.deepEqual(await provider.diff!("id", olds, { target: { ...target, roleArn: "arn:aws:iam::222222222222:role/deploy" } }), { changes: true });
        await provider.delete!("id", olds);
        assert.equal(lf.calls().length, 0, "destroying the stack does not reopen database creation to IAM");
    });
});
