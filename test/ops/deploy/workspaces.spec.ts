import { strict as assert } from "assert";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import type { EngineEvent, OutputMap } from "@pulumi/pulumi/automation";
import { mockClient } from "aws-sdk-client-mock";
import { CredentialSource } from "../../../ops/deploy/credentials";
import { LocalAutomation, LocalDeployWorkspace, LocalStack } from "../../../ops/deploy/local-workspace";
import { RemoteAutomation, RemoteDeployWorkspace } from "../../../ops/deploy/remote-workspace";
import { StackTarget } from "../../../ops/deploy/workspace";

/** A stand-in for the Automation API's Stack: records the operation and emits one event. */
function fakeStack(log: string[], name: string): LocalStack {
    const event: EngineEvent = {
        sequence: 0,
        timestamp: 0,
        resourcePreEvent: { metadata: { op: "create", urn: "urn:x", type: "aws:s3/bucket:Bucket", provider: "" } },
    };
    const summary = { resourceChanges: { create: 2, same: 5 } };
    const op = (kind: string) => async (o: { onEvent: (e: EngineEvent) => void }) => {
        log.push(`${kind} ${name}`);
        o.onEvent(event);
        return kind === "preview" ? { changeSummary: { update: 1 } } : { summary };
    };
    return {
        preview: op("preview") as LocalStack["preview"],
        up: op("up") as LocalStack["up"],
        refresh: op("refresh") as LocalStack["refresh"],
        destroy: op("destroy") as LocalStack["destroy"],
        outputs: async (): Promise<OutputMap> => ({ accountId: { value: "111111111111", secret: false }, password: { value: "x", secret: true } }),
        workspace: { listStacks: async () => [{ name: "acme-data/datasharing/producer", resourceCount: 120 }] },
    };
}

const target = (credentials: CredentialSource, stack = "producer"): StackTarget => ({
    stack,
    path: `acme-data/datasharing/${stack}`,
    account: { role: "producer", accountId: "111111111111", region: "eu-west-1", pulumiOrg: "acme-data", stack },
    credentials,
});

describe("the Automation API adapters", () => {
    const sts = mockClient(STSClient);
    afterEach(() => sts.reset());
    after(() => sts.restore());

    it("local: creates a stack only to update it, hands it its account's credentials, and maps the changes", async () => {
        const log: string[] = [];
        const envs: Record<string, Record<string, string>> = {};
        const automation: LocalAutomation = {
            createOrSelectStack: async (args, opts) => {
                log.push(`createOrSelect ${args.stackName} in ${args.workDir}`);
                envs[args.stackName] = opts.envVars;
                return fakeStack(log, args.stackName);
            },
            selectStack: async (args, opts) => {
                log.push(`select ${args.stackName}`);
                envs[args.stackName] = opts.envVars;
                return fakeStack(log, args.stackName);
            },
        };
        const workspace = new LocalDeployWorkspace("/project", automation);
        const events: EngineEvent[] = [];
        const up = await workspace.run(target({ kind: "profile", profile: "acme-prod" }), "up", (e) => events.push(e));
        assert.deepEqual(up.changes, { create: 2, same: 5 });
        assert.equal(events.length, 1, "engine events reach the progress line");
        assert.deepEqual(envs["acme-data/datasharing/producer"], {
            AWS_PROFILE: "acme-prod",
            AWS_ACCESS_KEY_ID: "",
            AWS_SECRET_ACCESS_KEY: "",
            AWS_SESSION_TOKEN: "",
        });
        const preview = await workspace.run(target({ kind: "environment" }), "preview", () => undefined);
        assert.deepEqual(preview.changes, { update: 1 });
        await workspace.run(target({ kind: "environment" }), "destroy", () => undefined);
        assert.deepEqual(log, [
            "createOrSelect acme-data/datasharing/producer in /project",
            "up acme-data/datasharing/producer",
            "select acme-data/datasharing/producer",
            "preview acme-data/datasharing/producer",
            "select acme-data/datasharing/producer",
            "destroy acme-data/datasharing/producer",
        ]);
        assert.equal(await workspace.resourceCount(target({ kind: "environment" })), 120);
        assert.deepEqual(await workspace.outputs(target({ kind: "environment" })), {
            accountId: { value: "111111111111", secret: false },
            password: { value: "x", secret: true },
        });
    });

    it("local: selects one stack at a time, since selecting rewrites the workspace's current stack (pulumi/pulumi#8186)", async () => {
        let selecting = 0;
        let most = 0;
        const select = async (args: { stackName: string }) => {
            most = Math.max(most, ++selecting);
            await new Promise((r) => setTimeout(r, 10));
            selecting--;
            return fakeStack([], args.stackName);
        };
        const workspace = new LocalDeployWorkspace("/project", { createOrSelectStack: select, selectStack: select });
        await Promise.all(["a", "b", "c"].map((s) => workspace.run(target({ kind: "environment" }, s), "up", () => undefined)));
        assert.equal(most, 1);
    });

    it("local: says the Pulumi CLI is missing instead of `code: -2`", async () => {
        const missing = Object.assign(new Error("code: -2\n stderr: Command failed with ENOENT: pulumi version"), {
            commandResult: { err: { code: "ENOENT" } },
        });
        const fail = async () => {
            throw missing;
        };
        const workspace = new LocalDeployWorkspace("/project", { createOrSelectStack: fail, selectStack: fail });
        await assert.rejects(
            workspace.run(target({ kind: "environment" }), "up", () => undefined),
            /the Pulumi CLI is not installed or not on PATH/,
        );
    });

    it("local: assumes a role with STS and hands the stack only the session's keys", async () => {
        sts.on(AssumeRoleCommand).resolves({
            Credentials: { AccessKeyId: "ASIAEXAMPLE", SecretAccessKey: "secret", SessionToken: "token", Expiration: new Date() },
        });
        let env: Record<string, string> = {};
        const automation: LocalAutomation = {
            createOrSelectStack: async (_a, opts) => ((env = opts.envVars), fakeStack([], "p")),
            selectStack: async (_a, opts) => ((env = opts.envVars), fakeStack([], "p")),
        };
        await new LocalDeployWorkspace("/project", automation).run(
            target({ kind: "role", roleArn: "arn:aws:iam::111111111111:role/deployer", externalId: "acme-42", durationSeconds: 3600 }),
            "up",
            () => undefined,
        );
        const input = sts.commandCalls(AssumeRoleCommand)[0].args[0].input;
        assert.deepEqual(input, {
            RoleArn: "arn:aws:iam::111111111111:role/deployer",
            RoleSessionName: "datasharing-deploy-producer",
            ExternalId: "acme-42",
            DurationSeconds: 3600,
        });
        assert.deepEqual(env, { AWS_ACCESS_KEY_ID: "ASIAEXAMPLE", AWS_SECRET_ACCESS_KEY: "secret", AWS_SESSION_TOKEN: "token", AWS_PROFILE: "" });
    });

    it("remote: runs the stack on Pulumi Deployments from the git source, with role keys as secrets and the stack's own settings inherited", async () => {
        sts.on(AssumeRoleCommand).resolves({
            Credentials: { AccessKeyId: "ASIAEXAMPLE", SecretAccessKey: "secret", SessionToken: "token", Expiration: new Date() },
        });
        const calls: unknown[] = [];
        const log: string[] = [];
        const automation: RemoteAutomation = {
            createOrSelectStack: async (args, opts) => {
                calls.push({ args, opts });
                return fakeStack(log, args.stackName);
            },
        };
        const workspace = new RemoteDeployWorkspace({ url: "https://github.com/acme/datasharing.git", branch: "main", projectPath: "infra" }, automation);
        const result = await workspace.run(target({ kind: "role", roleArn: "arn:aws:iam::111111111111:role/deployer" }), "refresh", () => undefined);
        assert.deepEqual(result.changes, { create: 2, same: 5 });
        await workspace.run(target({ kind: "environment" }, "governance"), "up", () => undefined);
        assert.deepEqual(calls, [
            {
                args: { stackName: "acme-data/datasharing/producer", url: "https://github.com/acme/datasharing.git", branch: "main", projectPath: "infra" },
                opts: {
                    envVars: {
                        AWS_ACCESS_KEY_ID: { secret: "ASIAEXAMPLE" },
                        AWS_SECRET_ACCESS_KEY: { secret: "secret" },
                        AWS_SESSION_TOKEN: { secret: "token" },
                    },
                    inheritSettings: true,
                },
            },
            // The environment's credentials stay here: the stack's deployment settings (OIDC) give the runner its own.
            {
                args: { stackName: "acme-data/datasharing/governance", url: "https://github.com/acme/datasharing.git", branch: "main", projectPath: "infra" },
                opts: { envVars: {}, inheritSettings: true },
            },
        ]);
        assert.deepEqual(log, ["refresh acme-data/datasharing/producer", "up acme-data/datasharing/governance"]);
        await assert.rejects(
            workspace.run(target({ kind: "profile", profile: "acme-prod" }), "up", () => undefined),
            /profile acme-prod exists only on this machine/,
        );
        assert.equal(calls.length, 2, "a profile is refused before Pulumi Deployments is called");
    });
});
