import {
    CreateLoginProfileCommand,
    DeleteLoginProfileCommand,
    EntityAlreadyExistsException,
    IAMClient,
    IAMServiceException,
    NoSuchEntityException,
    PasswordPolicyViolationException,
    UpdateLoginProfileCommand,
} from "@aws-sdk/client-iam";
import { strict as assert } from "assert";
import { mockClient } from "aws-sdk-client-mock";
import { mockCallerAccount } from "../../support/caller-account";
import { LoginProfile, LoginProfileInputs, loginProfileProvider as provider } from "../../../components/secure-lake/login-profile";

// The provider's methods are optional in the ResourceProvider type; these are all implemented.
const diff = provider.diff!;
const update = provider.update!;
const remove = provider.delete!;

describe("LoginProfile provider", () => {
    const iam = mockClient(IAMClient);
    const target = { accountId: "111111111111", region: "eu-west-1" };
    const inputs: LoginProfileInputs = { target, userName: "datalake-admin", password: "S3cret!pass-word", passwordResetRequired: true };
    const $metadata = {};

    let sts: ReturnType<typeof mockCallerAccount>;
    beforeEach(() => {
        iam.reset();
        sts = mockCallerAccount("111111111111");
    });
    afterEach(() => sts.restore());
    after(() => iam.restore());

    it("creates the profile with exactly the user, the password and a forced reset, keyed by user name", async () => {
        iam.on(CreateLoginProfileCommand).resolves({});
        const result = await provider.create(inputs);
        const calls = iam.commandCalls(CreateLoginProfileCommand);
        assert.equal(calls.length, 1);
        assert.deepEqual(calls[0].args[0].input, { UserName: "datalake-admin", Password: "S3cret!pass-word", PasswordResetRequired: true });
        assert.equal(result.id, "datalake-admin");
        assert.deepEqual(result.outs, { userName: "datalake-admin", passwordResetRequired: true, target, password: "S3cret!pass-word" });
    });

    it("explains a user that already has a console password", async () => {
        const exists = new EntityAlreadyExistsException({ message: "Login Profile for user datalake-admin already exists.", $metadata });
        iam.on(CreateLoginProfileCommand).rejects(exists);
        await assert.rejects(provider.create(inputs), (err: Error) => {
            assert.match(err.message, /"datalake-admin" already has a console password/);
            assert.match(err.message, /aws iam delete-login-profile --user-name datalake-admin/);
            return true;
        });
    });

    it("explains a password the account's password policy refuses", async () => {
        iam.on(CreateLoginProfileCommand).rejects(new PasswordPolicyViolationException({ message: "Password should have at least one symbol", $metadata }));
        await assert.rejects(provider.create(inputs), (err: Error) => {
            assert.match(err.message, /breaks the account's IAM password policy/);
            assert.match(err.message, /RandomPassword's length/);
            assert.match(err.message, /at least one symbol/);
            return true;
        });
    });

    it("explains a user that does not exist", async () => {
        iam.on(CreateLoginProfileCommand).rejects(new NoSuchEntityException({ message: "The user with name datalake-admin cannot be found.", $metadata }));
        await assert.rejects(provider.create(inputs), /IAM user "datalake-admin" does not exist/);
    });

    it("lets other errors through unchanged", async () => {
        const denied = new IAMServiceException({ name: "AccessDenied", $fault: "client", message: "not authorized", $metadata });
        iam.on(CreateLoginProfileCommand).rejects(denied);
        await assert.rejects(provider.create(inputs), (err: unknown) => err === denied);
    });

    it("replaces, deleting first, when the user or the account/region changes", async () => {
        assert.deepEqual(await diff("datalake-admin", inputs, { ...inputs, userName: "analyst" }), {
            changes: true,
            replaces: ["userName"],
            deleteBeforeReplace: true,
        });
        const moved = await diff("datalake-admin", inputs, { ...inputs, target: { ...target, region: "us-east-1" } });
        assert.deepEqual(moved, { changes: true, replaces: ["target"], deleteBeforeReplace: true });
        const otherAccount = await diff("datalake-admin", inputs, { ...inputs, target: { ...target, accountId: "222222222222" } });
        assert.deepEqual(otherAccount.replaces, ["target"]);
    });

    it("updates in place when the password, the reset flag or the deployment role changes", async () => {
        const inPlace = (d: { changes?: boolean; replaces?: string[] }) => d.changes === true && (d.replaces ?? []).length === 0;
        assert.ok(inPlace(await diff("datalake-admin", inputs, { ...inputs, password: "An0ther!pass-word" })));
        assert.ok(inPlace(await diff("datalake-admin", inputs, { ...inputs, passwordResetRequired: false })));
        assert.ok(inPlace(await diff("datalake-admin", inputs, { ...inputs, target: { ...target, roleArn: "arn:aws:iam::111111111111:role/deployer" } })));
    });

    it("reports no change when nothing changed", async () => {
        assert.deepEqual(await diff("datalake-admin", inputs, { ...inputs, target: { ...target } }), { changes: false });
    });

    it("updates to the new password and keeps the reset required", async () => {
        iam.on(UpdateLoginProfileCommand).resolves({});
        const news = { ...inputs, password: "An0ther!pass-word" };
        const result = await update("datalake-admin", inputs, news);
        const calls = iam.commandCalls(UpdateLoginProfileCommand);
        assert.equal(calls.length, 1);
        assert.deepEqual(calls[0].args[0].input, { UserName: "datalake-admin", Password: "An0ther!pass-word", PasswordResetRequired: true });
        assert.deepEqual(result.outs, { userName: "datalake-admin", passwordResetRequired: true, target, password: "An0ther!pass-word" });
    });

    it("does not resend an unchanged password, and calls nothing when only the role changed", async () => {
        iam.on(UpdateLoginProfileCommand).resolves({});
        await update("datalake-admin", inputs, { ...inputs, passwordResetRequired: false });
        assert.deepEqual(iam.commandCalls(UpdateLoginProfileCommand)[0].args[0].input, { UserName: "datalake-admin", PasswordResetRequired: false });
        iam.resetHistory();
        await update("datalake-admin", inputs, { ...inputs, target: { ...target, roleArn: "arn:aws:iam::111111111111:role/deployer" } });
        assert.equal(iam.calls().length, 0);
    });

    it("explains a new password the policy refuses on update", async () => {
        iam.on(UpdateLoginProfileCommand).rejects(new PasswordPolicyViolationException({ message: "Password is too short", $metadata }));
        await assert.rejects(update("datalake-admin", inputs, { ...inputs, password: "short" }), /breaks the account's IAM password policy/);
    });

    it("deletes the profile, tolerating one already gone", async () => {
        iam.on(DeleteLoginProfileCommand).resolves({});
        await remove("datalake-admin", inputs);
        assert.deepEqual(iam.commandCalls(DeleteLoginProfileCommand)[0].args[0].input, { UserName: "datalake-admin" });
        iam.on(DeleteLoginProfileCommand).rejects(new NoSuchEntityException({ message: "Login Profile for User datalake-admin cannot be found.", $metadata }));
        await remove("datalake-admin", inputs);
    });

    it("propagates other delete errors", async () => {
        const denied = new IAMServiceException({ name: "AccessDenied", $fault: "client", message: "not authorized to iam:DeleteLoginProfile", $metadata });
        iam.on(DeleteLoginProfileCommand).rejects(denied);
        await assert.rejects(remove("datalake-admin", inputs), (err: unknown) => err === denied);
    });

    it("sends its calls to the target's region", async () => {
        const regions: string[] = [];
        const record = async (_input: unknown, getClient: () => IAMClient) => {
            regions.push(await getClient().config.region());
            return {};
        };
        iam.on(CreateLoginProfileCommand).callsFake(record);
        iam.on(UpdateLoginProfileCommand).callsFake(record);
        iam.on(DeleteLoginProfileCommand).callsFake(record);
        const there = { ...inputs, target: { accountId: "111111111111", region: "ap-southeast-2" } };
        await provider.create(there);
        await update("datalake-admin", there, { ...there, password: "An0ther!pass-word" });
        await remove("datalake-admin", there);
        assert.deepEqual(regions, ["ap-southeast-2", "ap-southeast-2", "ap-southeast-2"]);
    });
});

/** How the mocks pass a secret input: Pulumi's wire signature for secrets. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE_SIG = "1b47061264138c4ac30d75fd1eb44270";

describe("LoginProfile resource", () => {
    it("registers a serializable provider with the user, the password and a forced reset by default", async () => {
        // Loaded here so the whole stack program the harness pulls in cannot stop the provider tests above from loading.
        const { runProgram } = await import("../../support/run-stack");
        const run = await runProgram(() => {
            const target = { accountId: "111111111111", region: "eu-west-1" };
            new LoginProfile("admin-console", { target, userName: "datalake-admin", password: "S3cret!pass-word" });
            return {};
        });
        assert.deepEqual(run.errors, []);
        const profile = run.one("pulumi-nodejs:dynamic/datasharing:LoginProfile");
        assert.equal(profile.inputs.userName, "datalake-admin");
        // Registered as a secret even though the program passed a plain string.
        assert.deepEqual(profile.inputs.password, { [SECRET_SIG]: SECRET_VALUE_SIG, value: "S3cret!pass-word" });
        assert.equal(profile.inputs.passwordResetRequired, true);
        // The SDK is loaded by the serialized provider, not captured by value.
        assert.match(profile.inputs.__provider, /require\("@aws-sdk\/client-iam[/"]/);
    });
});
