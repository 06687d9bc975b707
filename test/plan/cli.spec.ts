import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runPlan } from "../../plan/main";
import { PROJECT_DIR } from "../support/sample";

/** `npm run plan` as a user runs it: a separate process, its exit code and its files. */
function plan(dir: string, out: string, ...args: string[]) {
    return spawnSync(
        process.execPath,
        ["-r", path.join(PROJECT_DIR, "tools", "register.js"), path.join(PROJECT_DIR, "plan", "cli.ts"), "--dir", dir, "--out", out, ...args],
        {
            cwd: PROJECT_DIR,
            encoding: "utf8",
        },
    );
}

/**
 * The same command in this process, as `plan` above would run it: its exit code and what it
 * printed. Each real process spends seconds loading the program; two tests keep one each.
 */
async function planHere(dir: string, out: string, ...args: string[]) {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const status = await runPlan(["--dir", dir, "--out", out, ...args], { out: (t) => stdout.push(t), err: (t) => stderr.push(t) });
    return { status, stdout: stdout.join("\n"), stderr: stderr.join("\n") };
}

describe("npm run plan", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "plan-"));

    it("evaluates the sample in deploy order, lists the expired consumer and writes the JSON plan", () => {
        const out = path.join(tmp, "plan.json");
        const run = plan(PROJECT_DIR, out, "--as-of", "2026-11-22T00:00:00Z");
        assert.equal(run.status, 0, run.stderr + run.stdout);
        assert.match(run.stdout, /Deploy order: external -> producer -> governance -> consumer -> consumer-supplier -> consumer-former-auditor/);
        assert.match(run.stdout, /former-auditor: .*EXPIRED \(access ended with 2025-06-30\): receives nothing/);
        assert.match(run.stdout, /No problems: every reference resolves/);
        const json = JSON.parse(fs.readFileSync(out, "utf8"));
        assert.deepEqual(
            json.stacks.map((s: { accountId: string }) => s.accountId),
            ["333333333333", "111111111111", "222222222222", "444444444444", "555555555555", "666666666666"],
        );
        assert.deepEqual(
            json.consumers.filter((c: { status: string }) => c.status === "expired").map((c: { name: string }) => c.name),
            ["former-auditor"],
        );
        assert.deepEqual(json.problems, []);
        assert.deepEqual(json.warnings, []);
        for (const f of ["entitlements.md", "entitlements.json", "entitlements.html", "sharing.svg"]) assert.ok(fs.existsSync(path.join(tmp, f)), f);
        assert.match(run.stdout, /Pattern advice: every choice follows the reference's decision tree/);
    });

    it("shows a revocation ahead of time with --as-of", async () => {
        const run = await planHere(PROJECT_DIR, path.join(tmp, "later.json"), "--as-of", "2028-01-01T00:00:00Z");
        assert.equal(run.status, 0, run.stderr);
        assert.match(run.stdout, / {2}auditor: .*EXPIRED \(access ended with 2027-12-31\)/);
    });

    it("exits non-zero naming the key when the topology is invalid, and writes no plan", async () => {
        const dir = fs.mkdtempSync(path.join(tmp, "bad-"));
        for (const f of fs.readdirSync(PROJECT_DIR).filter((n) => /^Pulumi\..*yaml$/.test(n))) fs.copyFileSync(path.join(PROJECT_DIR, f), path.join(dir, f));
        const yaml = fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8").replace('accountId: "222222222222"', 'accountId: "22222"');
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), yaml);
        const out = path.join(dir, "plan.json");
        const run = await planHere(dir, out);
        assert.equal(run.status, 1);
        assert.match(run.stderr, /datasharing:topology\.accounts\.governance\.accountId: "22222" is not an AWS account id/);
        assert.equal(fs.existsSync(out), false);
    });

    /** A copy of the sample's Pulumi files, with `edit` applied to the named files. */
    function project(edit: Record<string, (yaml: string) => string> = {}, extra: Record<string, string> = {}): string {
        const dir = fs.mkdtempSync(path.join(tmp, "project-"));
        for (const f of fs.readdirSync(PROJECT_DIR).filter((n) => /^Pulumi\..*yaml$/.test(n))) {
            const text = fs.readFileSync(path.join(PROJECT_DIR, f), "utf8");
            fs.writeFileSync(path.join(dir, f), edit[f] ? edit[f](text) : text);
        }
        for (const [f, text] of Object.entries(extra)) fs.writeFileSync(path.join(dir, f), text);
        return dir;
    }

    it("refuses an --as-of that is not an unambiguous ISO instant", async () => {
        const run = await planHere(PROJECT_DIR, path.join(tmp, "never.json"), "--as-of", "1");
        assert.equal(run.status, 1);
        assert.match(run.stderr, /--as-of: "1" is not an ISO date: write "YYYY-MM-DD" or a timestamp with a zone/);
    });

    it("refuses a flag it does not know, naming it and pointing to --help, before evaluating anything", async () => {
        const out = path.join(tmp, "unknown-flag.json");
        const run = await planHere(PROJECT_DIR, out, "--colour", "blue");
        assert.equal(run.status, 1);
        assert.equal(run.stderr.trim(), "Unknown option '--colour'; see --help");
        assert.equal(fs.existsSync(out), false);
    });

    it("stops at a bad stack file of an upstream stack with its message, runs nothing after it, and leaves no stale report", () => {
        const dir = project({ "Pulumi.external.yaml": (y) => `${y}  aws:region: us-east-1\n` });
        const out = path.join(dir, "out", "plan.json");
        fs.mkdirSync(path.dirname(out));
        for (const f of ["plan.json", "entitlements.md", "entitlements.html", "sharing.svg"])
            fs.writeFileSync(path.join(dir, "out", f), "from an earlier, good run");
        const run = plan(dir, out);
        assert.equal(run.status, 1, run.stdout + run.stderr);
        assert.doesNotMatch(run.stdout + run.stderr, /promises were still active/);
        assert.match(run.stdout, /external: Invalid datasharing configuration.*\n.*aws:region: is us-east-1, but the topology puts this account in eu-west-1/);
        assert.match(run.stdout, /producer: not evaluated: it reads stack external, which failed above/);
        assert.match(run.stdout, /consumer: not evaluated: it reads stacks external, producer, governance/);
        assert.equal(JSON.parse(fs.readFileSync(out, "utf8")).problems.length, 6, "this run's plan replaces the earlier one");
        for (const f of ["entitlements.md", "entitlements.html", "sharing.svg"])
            assert.equal(fs.existsSync(path.join(dir, "out", f)), false, `${f} of the earlier run is removed`);
    });

    it("reads YAML merge keys as the Pulumi CLI does, and reports a stack file the topology does not know", async () => {
        const dir = project(
            {
                "Pulumi.external.yaml": (y) =>
                    y.replace("  datasharing:warehouse:\n    kind: provisioned\n", "  datasharing:warehouse:\n    <<: &cluster\n      kind: provisioned\n"),
            },
            { "Pulumi.consumer-ghost.yaml": "config:\n  datasharing:account: consumer\n" },
        );
        const run = await planHere(dir, path.join(dir, "plan.json"), "--as-of", "2026-11-22T00:00:00Z");
        assert.equal(run.status, 1, run.stdout + run.stderr);
        const problems = JSON.parse(fs.readFileSync(path.join(dir, "plan.json"), "utf8")).problems;
        assert.deepEqual(problems.length, 1, problems.join("\n"));
        assert.match(problems[0], /^Pulumi\.consumer-ghost\.yaml: no account of the topology deploys as this stack/);
    });
});
