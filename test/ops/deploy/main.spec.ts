import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DeployDeps, deploy } from "../../../ops/deploy/main";
import { GitSource } from "../../../ops/deploy/remote-workspace";
import { RecordingWorkspace } from "../../support/fake-workspace";
import { PROJECT_DIR } from "../../support/sample";

/** The command with every outside reach recorded: which workspace it opened, what it printed. */
function harness(workspace = new RecordingWorkspace()) {
    const lines: string[] = [];
    const opened: string[] = [];
    const deps: DeployDeps = {
        local: (dir) => {
            opened.push(`local ${dir}`);
            return workspace;
        },
        remote: (source) => {
            opened.push(`remote ${source.url}#${source.branch}:${source.projectPath}`);
            return workspace;
        },
        gitSource: (_dir, repo, branch): GitSource => {
            opened.push("git");
            return { url: repo ?? "https://github.com/acme/datasharing.git", branch: branch ?? "main", projectPath: "" };
        },
        write: (line) => lines.push(line),
        progressIntervalMs: 0,
    };
    return { deps, workspace, lines, opened, output: () => lines.join("\n") };
}

const dirs: string[] = [];

/** A copy of the project with an accounts file, so the tests never read one left in the working tree. */
function projectWith(accounts?: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "deploy-"));
    dirs.push(dir);
    fs.copyFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    if (accounts !== undefined) fs.writeFileSync(path.join(dir, "deploy-accounts.yaml"), accounts);
    return dir;
}

const HELD = `stacks:
  external: { profile: acme-external }
  producer: { profile: acme-production }
  governance: { roleArn: "arn:aws:iam::222222222222:role/deployer" }
`;

describe("npm run deploy", () => {
    after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
    it("--dry-run prints the sequence and each stack's credentials, and calls nothing", async () => {
        const h = harness();
        const code = await deploy(["up", "--dry-run", "--dir", projectWith(HELD)], h.deps);
        assert.equal(code, 0);
        assert.deepEqual(h.opened, [], "no workspace, no git");
        assert.deepEqual(h.workspace.calls, []);
        const out = h.output();
        assert.match(out, /up \(dry run, nothing is called\): 3 stacks/);
        assert.match(out, /1 +external +acme-data\/datasharing\/external +- +profile acme-external/);
        assert.match(out, /2 +producer +acme-data\/datasharing\/producer +external +profile acme-production/);
        assert.match(out, /3 +governance +acme-data\/datasharing\/governance +producer +role arn:aws:iam::222222222222:role\/deployer/);
        assert.match(out, /Skipped consumer: not held: not in .*deploy-accounts.yaml/);
    });

    it("--dry-run --remote checks the credentials can travel, and still calls nothing", async () => {
        const h = harness();
        await assert.rejects(
            deploy(["up", "--dry-run", "--remote", "--dir", projectWith(HELD)], h.deps),
            /--remote:\n {2}external: profile acme-external exists only on this machine/,
        );
        const ok = harness();
        const code = await deploy(["destroy", "--dry-run", "--remote", "--stacks", "governance", "--dir", projectWith(HELD)], ok.deps);
        assert.equal(code, 0);
        assert.deepEqual(ok.opened, []);
        assert.match(ok.output(), /destroy \(dry run, nothing is called\): 1 stack on Pulumi Deployments/);
    });

    it("runs the held stacks locally, prints a progress line per stack and ends with the summary", async () => {
        const h = harness();
        const dir = projectWith(HELD);
        const code = await deploy(["up", "--dir", dir], h.deps);
        assert.equal(code, 0);
        assert.deepEqual(h.opened, [`local ${path.resolve(dir)}`]);
        assert.deepEqual(h.workspace.started, ["external", "producer", "governance"]);
        const out = h.output();
        assert.match(out, /\[external {2}\] up started \(acme-data\/datasharing\/external, 10 resources in its state\)/);
        assert.match(out, /\[producer {2}\] \d+\/10 resources, \d+s/);
        assert.match(out, /\[governance\] succeeded: 3\/10 resources, \d+s; 3 create \(1 unchanged\)/);
        assert.match(out, /up: every stack succeeded/);
        assert.match(out, /consumer-supplier +skipped +not held/);
    });

    it("exits 1 after a failure, with the error and what did not run", async () => {
        const h = harness(new RecordingWorkspace({ failing: ["external"] }));
        const code = await deploy(["preview", "--dir", projectWith()], h.deps);
        assert.equal(code, 1);
        assert.deepEqual(h.workspace.started, ["external"]);
        const out = h.output();
        assert.match(out, /external failed:\ncode: 255/);
        assert.match(out, /Not run because external failed: producer, governance, consumer, consumer-supplier, consumer-former-auditor\./);
    });

    it("--remote runs the same sequence through the remote workspace, from the git source", async () => {
        const h = harness();
        const code = await deploy(
            [
                "up",
                "--remote",
                "--remote-branch",
                "release",
                "--stacks",
                "governance,producer",
                "--dir",
                projectWith(HELD.replace("profile: acme-production", 'roleArn: "arn:aws:iam::111111111111:role/deployer"')),
            ],
            h.deps,
        );
        assert.equal(code, 0);
        assert.deepEqual(h.opened, ["git", "remote https://github.com/acme/datasharing.git#release:"]);
        assert.deepEqual(h.workspace.started, ["producer", "governance"]);
    });

    it("refuses a bad command line before anything runs", async () => {
        const cases: [string[], RegExp][] = [
            [[], /no operation: give one of preview, up, refresh, destroy/],
            [["deploy"], /"deploy" is not an operation/],
            [["up", "producer"], /unexpected producer: name stacks with --stacks a,b/],
            [["up", "--parallel", "0"], /--parallel: "0" is not a whole number of at least 1/],
            [["up", "--stacks", "producer,"], /--stacks: give stack names separated by commas/],
            [["up", "--remote-branch", "x"], /apply only with --remote/],
            [["up", "--paralel", "2"], /Unknown option '--paralel'/],
        ];
        for (const [argv, message] of cases) {
            const h = harness();
            await assert.rejects(deploy([...argv, "--dir", projectWith()], h.deps), message, argv.join(" "));
            assert.deepEqual(h.opened, []);
        }
    });

    it("as a command: prints the dry run with exit 0, and a usage error with exit 2", () => {
        const run = (...args: string[]) =>
            spawnSync(process.execPath, ["-r", path.join(PROJECT_DIR, "tools", "register.js"), path.join(PROJECT_DIR, "ops", "deploy", "cli.ts"), ...args], {
                cwd: PROJECT_DIR,
                encoding: "utf8",
            });
        const dir = projectWith(HELD);
        const ok = run("refresh", "--dry-run", "--dir", dir);
        assert.equal(ok.status, 0, ok.stderr);
        assert.match(ok.stdout, /refresh \(dry run, nothing is called\): 3 stacks/);
        const bad = run("upp", "--dir", dir);
        assert.equal(bad.status, 2);
        assert.match(bad.stderr, /"upp" is not an operation: give one of preview, up, refresh, destroy/);
    });
});
