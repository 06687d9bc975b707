import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigError } from "../../../core/config-error";
import { heldAccounts, parseAccounts, readAccountsFile } from "../../../ops/deploy/accounts-file";
import { loadProject } from "../../../ops/project";
import { PROJECT_DIR } from "../../support/sample";

const topology = () => loadProject(PROJECT_DIR).topology;

function problems(raw: unknown): string[] {
    try {
        parseAccounts(raw, topology());
    } catch (err) {
        assert.ok(err instanceof ConfigError, String(err));
        return err.problems.map((p) => `${p.key}: ${p.message}`);
    }
    assert.fail("expected the accounts file to be refused");
}

describe("the operator's accounts file", () => {
    it("gives each held stack a profile, a role or the environment", () => {
        const held = parseAccounts(
            {
                stacks: {
                    external: { profile: "acme-external" },
                    producer: { roleArn: "arn:aws:iam::111111111111:role/deployer", externalId: "acme-42", sourceProfile: "acme-sso", durationSeconds: 3600 },
                    governance: null,
                    "consumer-supplier": {},
                },
            },
            topology(),
        );
        assert.deepEqual(
            [...held.stacks],
            [
                ["external", { kind: "profile", profile: "acme-external" }],
                [
                    "producer",
                    {
                        kind: "role",
                        roleArn: "arn:aws:iam::111111111111:role/deployer",
                        externalId: "acme-42",
                        sourceProfile: "acme-sso",
                        durationSeconds: 3600,
                    },
                ],
                ["governance", { kind: "environment" }],
                ["consumer-supplier", { kind: "environment" }],
            ],
        );
    });

    it("refuses a role of another account than the stack's: the slip that deploys into the wrong account", () => {
        assert.deepEqual(problems({ stacks: { producer: { roleArn: "arn:aws:iam::333333333333:role/deployer" } } }), [
            "deploy-accounts.yaml: stacks.producer.roleArn: is a role in account 333333333333, but this stack deploys into 111111111111: use a role of account 111111111111",
        ]);
    });

    it("names each mistake with its key and the fix", () => {
        const found = problems({
            stacks: {
                producr: {},
                auditor: {},
                governance: { profile: "gov", roleArn: "arn:aws:iam::222222222222:role/deployer" },
                external: { externalId: "x1" },
                "consumer-supplier": { profle: "supplier" },
            },
        });
        assert.deepEqual(found, [
            'deploy-accounts.yaml: stacks.consumer-supplier.profle: unknown key (did you mean "profile"?): remove it or fix its spelling; known keys here: profile, roleArn, externalId, sourceProfile, durationSeconds',
        ]);
        const second = problems({
            stacks: {
                producr: {},
                auditor: {},
                governance: { profile: "gov", roleArn: "arn:aws:iam::222222222222:role/deployer" },
                external: { externalId: "x1" },
            },
        });
        assert.deepEqual(second, [
            'deploy-accounts.yaml: stacks.producr: no stack "producr" in the topology (did you mean "producer"?); its stacks: external, producer, governance, consumer, consumer-supplier, consumer-former-auditor',
            'deploy-accounts.yaml: stacks.auditor: "auditor" is a consumer; its stack is "consumer": use the stack name',
            "deploy-accounts.yaml: stacks.governance: gives both profile and roleArn: keep one (a profile can itself assume a role, with role_arn and source_profile in your AWS config)",
            "deploy-accounts.yaml: stacks.external.externalId: applies only to roleArn: add the role to assume or remove it",
        ]);
    });

    it("is optional, unless --accounts names it", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "accounts-"));
        assert.equal(readAccountsFile(path.join(dir, "deploy-accounts.yaml"), topology()), undefined);
        assert.equal(heldAccounts(dir, undefined, topology()), undefined);
        assert.throws(() => heldAccounts(dir, "mine.yaml", topology()), /--accounts: .*mine.yaml does not exist/);
        fs.writeFileSync(path.join(dir, "mine.yaml"), "stacks:\n  producer: { profile: acme-prod }\n");
        assert.deepEqual([...heldAccounts(dir, "mine.yaml", topology())!.stacks.keys()], ["producer"]);
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("the committed example is valid against the sample topology", () => {
        const held = readAccountsFile(path.join(PROJECT_DIR, "deploy-accounts.example.yaml"), topology());
        assert.ok(held && held.stacks.size > 0);
    });
});
