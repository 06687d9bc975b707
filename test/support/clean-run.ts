import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/**
 * Runs a Lambda bundle the way the runtime would, but nowhere near this project: the code
 * is written as `index.js` into a fresh temporary folder with no node_modules in it or
 * above it, and its `handler` is called in a separate Node process with only the given
 * environment. Anything the bundle failed to include makes `require` fail there.
 */

/** What the handler returned or threw, and what it logged. */
export interface CleanRun {
    readonly result?: unknown;
    readonly error?: string;
    readonly stdout: string;
    readonly stderr: string;
}

/** Whether `dir` or a folder above it holds a node_modules folder. */
export function nodeModulesAbove(dir: string): string | undefined {
    for (let d = path.resolve(dir); ; d = path.dirname(d)) {
        if (fs.existsSync(path.join(d, "node_modules"))) {
            return path.join(d, "node_modules");
        }
        if (path.dirname(d) === d) {
            return undefined;
        }
    }
}

const RUNNER = `
const out = (v) => process.stdout.write("\\n@@RESULT@@" + JSON.stringify(v));
let mod;
try { mod = require("./index.js"); } catch (e) { out({ error: "load: " + e.message }); process.exit(0); }
Promise.resolve()
    .then(() => mod.handler(JSON.parse(process.env.__EVENT || "null")))
    .then((result) => out({ result }), (e) => out({ error: String(e && e.message) }));
`;

/** A fresh temporary folder holding `code` as index.js, refused if a node_modules folder lies above it. */
function bundleFolder(caller: string, code: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lambda-clean-"));
    try {
        const above = nodeModulesAbove(dir);
        if (above) {
            throw new Error(`${caller}: ${above} would let the bundle load packages it does not hold`);
        }
        fs.writeFileSync(path.join(dir, "index.js"), code);
        return dir;
    } catch (err) {
        fs.rmSync(dir, { recursive: true, force: true });
        throw err;
    }
}

/** The handler process's environment: no NODE_PATH, no inherited AWS profile, only what the test gives. */
function runnerEnv(dir: string, env: Record<string, string>, event: unknown): NodeJS.ProcessEnv {
    return { PATH: process.env.PATH ?? "", HOME: dir, AWS_EC2_METADATA_DISABLED: "true", ...env, __EVENT: JSON.stringify(event) };
}

/** What the runner printed after its marker, and the logs before it. */
function outcomeOf(caller: string, stdout: string, stderr: string, ended = ""): CleanRun {
    const marker = stdout.lastIndexOf("@@RESULT@@");
    if (marker < 0) {
        throw new Error(`${caller}: the handler process ended without a result${ended}:\n${stdout}\n${stderr}`);
    }
    const outcome = JSON.parse(stdout.slice(marker + "@@RESULT@@".length)) as { result?: unknown; error?: string };
    return { ...outcome, stdout: stdout.slice(0, marker).replace(/\n$/, ""), stderr };
}

/** Writes `code` as index.js in a clean folder and calls its handler with `event`. */
export function runBundle(code: string, env: Record<string, string>, event: unknown = null, timeoutMs = 60_000): CleanRun {
    const dir = bundleFolder("runBundle", code);
    try {
        const child = spawnSync(process.execPath, ["-e", RUNNER], { cwd: dir, env: runnerEnv(dir, env, event), encoding: "utf8", timeout: timeoutMs });
        return outcomeOf("runBundle", child.stdout ?? "", child.stderr ?? "", ` (status ${child.status}, signal ${child.signal})`);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/**
 * {@link runBundle} without blocking this process, for bundles that call a server the test
 * runs itself (a fake AWS endpoint on the loopback address).
 */
export async function runBundleAsync(code: string, env: Record<string, string>, event: unknown = null, timeoutMs = 60_000): Promise<CleanRun> {
    const dir = bundleFolder("runBundleAsync", code);
    try {
        const child = spawn(process.execPath, ["-e", RUNNER], { cwd: dir, env: runnerEnv(dir, env, event) });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        const timer = setTimeout(() => child.kill(), timeoutMs);
        await new Promise<void>((resolve) => child.on("close", () => resolve()));
        clearTimeout(timer);
        return outcomeOf("runBundleAsync", stdout, stderr);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}
