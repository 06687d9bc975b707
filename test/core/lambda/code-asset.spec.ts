import * as pulumi from "@pulumi/pulumi";
import { strict as assert } from "assert";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { forgetBundles } from "../../../core/lambda/bundle";
import { bundleHandler, bundleHandlerAsync, lambdaCode } from "../../../core/lambda/code-asset";
import { LAMBDA_HANDLER } from "../../../core/lambda/handler-entry";
import { runBundle } from "../../support/clean-run";
import { fileTrees } from "../../support/file-trees";

const PROJECT = path.resolve(__dirname, "../../..");
const MANIFEST = JSON.parse(fs.readFileSync(path.join(PROJECT, "package.json"), "utf8")) as { dependencies: Record<string, string> };

/**
 * A small handler project: relative imports of a file, a folder index and JSON; a type-only
 * import of a package; a Node built-in; a package pinned in dependencies (in its own node_modules).
 */
const SAMPLE = {
    "package.json": JSON.stringify({ name: "sample", dependencies: { "left-pad-lite": "1.0.0" } }),
    "node_modules/left-pad-lite/package.json": JSON.stringify({ name: "left-pad-lite", version: "1.0.0", main: "index.js" }),
    "node_modules/left-pad-lite/index.js": "module.exports = (s, n) => String(s).padStart(n, '0');\n",
    "src/handler.ts": [
        'import type { ScheduledEvent } from "aws-lambda";',
        'import { createHash } from "node:crypto";',
        'import pad = require("left-pad-lite");',
        'import { greet } from "./lib/greet.js";',
        'import { VERSION } from "../shared";',
        'export async function handler(event: Pick<ScheduledEvent, "id">): Promise<string> {',
        '    return `${greet(event.id)} v${pad(VERSION, 3)} ${createHash("sha256").update(event.id).digest("hex").slice(0, 8)}`;',
        "}",
    ].join("\n"),
    "src/lib/greet.ts": 'import settings from "./settings.json";\nexport const greet = (name: string): string => `${settings.greeting}, ${name}`;\n',
    "src/lib/settings.json": '{ "greeting": "hello" }\n',
    "shared/index.ts": "export const VERSION: number = 3;\n",
    "unused.ts": "export const unused = 1;\n",
};

describe("Lambda code packaging", function () {
    // Bundling the SDK takes a second or two per handler on a busy machine.
    this.timeout(120_000);
    const fixture = fileTrees("lambda-code-");

    it("bundles the entry, what it imports relatively and its pinned packages into one index.js, types erased", () => {
        const root = fixture(SAMPLE);
        const bundle = bundleHandler("src/handler.ts", { root, cacheDir: false });
        assert.deepEqual(bundle.sources, ["shared/index.ts", "src/handler.ts", "src/lib/greet.ts", "src/lib/settings.json"]);
        assert.deepEqual(bundle.packages, { "left-pad-lite": "1.0.0" });
        // The type-only import is gone, so aws-lambda is not needed at run time; nothing but built-ins is required.
        assert.doesNotMatch(bundle.code, /aws-lambda/);
        const required = [...bundle.code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
        assert.ok(
            required.every((r) => r === "crypto" || r === "node:crypto"),
            `the bundle requires ${required.join(", ")}`,
        );
        assert.equal(LAMBDA_HANDLER, "index.handler");
    });

    it("produces code that runs in a clean folder with no node_modules: index.handler works", () => {
        const root = fixture(SAMPLE);
        const run = runBundle(bundleHandler("src/handler.ts", { root, cacheDir: false }).code, {}, { id: "world" });
        assert.deepEqual(run, { result: "hello, world v003 486ea462", stdout: "", stderr: "" });
    });

    it("is deterministic, and builds each entry's archive once per process", async () => {
        const root = fixture(SAMPLE);
        const first = bundleHandler("src/handler.ts", { root, cacheDir: false });
        forgetBundles();
        assert.equal(bundleHandler(path.join(root, "src/handler.ts"), { root, cacheDir: false }).code, first.code);
        forgetBundles();
        assert.equal((await bundleHandlerAsync("src/handler.ts", { root, cacheDir: false })).code, first.code, "the same bundle through esbuild's service");
        const archiveOf = (entry: string) => new Promise<unknown>((resolve) => lambdaCode(entry, { root, cacheDir: false }).apply(resolve));
        const archive = (await archiveOf("src/handler.ts")) as pulumi.asset.AssetArchive;
        assert.equal(await archiveOf(path.join(root, "src/handler.ts")), archive);
        assert.ok(archive instanceof pulumi.asset.AssetArchive);
        const assets = await archive.assets;
        assert.deepEqual(Object.keys(assets), ["index.js"]);
        assert.equal(await (assets["index.js"] as pulumi.asset.StringAsset).text, first.code);
    });

    it("keeps bundles on disk by content hash: reused while no input changes, rebuilt when one does", () => {
        const root = fixture(SAMPLE);
        const cacheDir = fixture({});
        const built = bundleHandler("src/handler.ts", { root, cacheDir });
        const [entry] = fs.readdirSync(cacheDir);
        assert.ok(entry?.endsWith(".json"), "one cache entry is written");
        // Mark the cached entry: a later process that reads it gets the mark, not a rebuild.
        const file = path.join(cacheDir, entry);
        const cached = JSON.parse(fs.readFileSync(file, "utf8"));
        cached.code = built.code + "\n// from the cache";
        cached.sha256 = createHash("sha256").update(cached.code).digest("hex");
        fs.writeFileSync(file, JSON.stringify(cached));
        forgetBundles();
        assert.match(bundleHandler("src/handler.ts", { root, cacheDir }).code, /from the cache/);

        fs.writeFileSync(path.join(root, "src/lib/settings.json"), '{ "greeting": "hi" }\n');
        forgetBundles();
        const rebuilt = bundleHandler("src/handler.ts", { root, cacheDir });
        assert.doesNotMatch(rebuilt.code, /from the cache/);
        assert.equal(runBundle(rebuilt.code, {}, { id: "x" }).result, "hi, x v003 2d711642");
    });

    describe("bundles this project's handlers with their pinned dependencies", () => {
        const handlers = "patterns/partner-api/api/handlers";
        const cases = [
            { entry: `${handlers}/request-receiver.ts`, packages: ["@aws-sdk/client-dynamodb"] },
            {
                entry: `${handlers}/poller.ts`,
                packages: ["@aws-sdk/client-dynamodb", "@aws-sdk/client-s3", "@aws-sdk/client-sesv2", "@aws-sdk/client-sts", "@aws-sdk/s3-request-presigner"],
            },
            {
                entry: "patterns/partner-api/microbatch/handler.ts",
                packages: ["@aws-sdk/client-dynamodb", "@aws-sdk/client-redshift-data", "@aws-sdk/client-s3"],
            },
        ];
        for (const c of cases) {
            it(`${c.entry}: at the versions package.json pins`, () => {
                const bundle = bundleHandler(c.entry);
                for (const name of c.packages) {
                    assert.equal(bundle.packages[name], MANIFEST.dependencies[name], `${name} is bundled at its pinned version`);
                }
                assert.ok(bundle.sources.includes(c.entry));
            });
        }

        it("the receiver's bundle runs in a clean folder, with no SDK of the runtime's", () => {
            const run = runBundle(
                bundleHandler(`${handlers}/request-receiver.ts`).code,
                {
                    AWS_REGION: "eu-west-1",
                    CONTROL_TABLE: "t",
                    REQUEST_TTL_DAYS: "7",
                    PARTNERS: JSON.stringify([{ name: "acme", apiKeyId: "k1", email: "a@acme.example", products: ["sales"] }]),
                },
                { body: "{}", requestContext: { identity: { apiKeyId: "unknown" } } },
            );
            assert.equal((run.result as { statusCode: number }).statusCode, 403, JSON.stringify(run));
        });

        it("the poller's and the export's bundles load and reach their own configuration check", () => {
            const poller = runBundle(bundleHandler(`${handlers}/poller.ts`).code, { AWS_REGION: "eu-west-1" });
            assert.match(poller.error ?? "", /^SENDER_ADDRESS is not set/);
            const microbatch = runBundle(bundleHandler("patterns/partner-api/microbatch/handler.ts").code, { AWS_REGION: "eu-west-1" });
            assert.doesNotMatch(microbatch.error ?? "", /^load:|Cannot find module/);
            assert.ok(microbatch.error, "the export refuses to run without its configuration");
        });
    });

    describe("refuses", () => {
        const cases: { what: string; files: Record<string, string>; entry?: string; message: RegExp }[] = [
            {
                what: "an import that leaves the project root",
                files: { "src/handler.ts": 'import { x } from "../../outside";\nexport const handler = () => x;\n' },
                message: /does not bundle[\s\S]*Could not resolve "\.\.\/\.\.\/outside"/,
            },
            {
                what: "a package that package.json does not pin in its dependencies",
                files: {
                    "package.json": JSON.stringify({ name: "x", dependencies: { lodash: "^4.17.0" }, devDependencies: { zod: "4.0.0" } }),
                    "node_modules/zod/package.json": JSON.stringify({ name: "zod", version: "4.0.0" }),
                    "node_modules/zod/index.js": "exports.z = 1;\n",
                    "node_modules/lodash/package.json": JSON.stringify({ name: "lodash", version: "4.17.21" }),
                    "node_modules/lodash/index.js": "exports.identity = (x) => x;\n",
                    "handler.ts": 'import { z } from "zod";\nimport { y } from "./lib";\nexport const handler = () => [z, y];\n',
                    "lib.ts": 'import * as _ from "lodash";\nexport const y = _.identity(1);\n',
                },
                entry: "handler.ts",
                message: /imports "(zod|lodash)", but package\.json does not pin "(zod|lodash)" to an exact version/,
            },
            {
                what: "a package that is not installed",
                files: { "handler.ts": 'import { z } from "not-installed-anywhere";\nexport const handler = () => z;\n' },
                entry: "handler.ts",
                message: /Could not resolve "not-installed-anywhere"/,
            },
            {
                what: "a relative import of a missing file",
                files: { "handler.ts": 'import { y } from "./nope";\nexport const handler = () => y;\n' },
                entry: "handler.ts",
                message: /Could not resolve "\.\/nope"/,
            },
            {
                what: "an entry without a handler export",
                files: { "handler.ts": "export const main = () => 1;\n" },
                entry: "handler.ts",
                message: /does not export a "handler" function/,
            },
            {
                what: "a module that does not parse",
                files: { "handler.ts": "export const handler = () => {\n" },
                entry: "handler.ts",
                message: /does not compile/,
            },
        ];
        for (const c of cases) {
            it(c.what, async () => {
                const root = fixture(c.files);
                assert.throws(() => bundleHandler(c.entry ?? "src/handler.ts", { root, cacheDir: false }), c.message);
                // lambdaCode's path, through esbuild's service, refuses the same.
                forgetBundles();
                await assert.rejects(async () => bundleHandlerAsync(c.entry ?? "src/handler.ts", { root, cacheDir: false }), c.message);
            });
        }

        it("an import of a real file outside the root, directly or through a symbolic link", () => {
            const outside = fixture({ "secret.ts": "export const x = 1;\n" });
            const root = fixture({
                "handler.ts": `import { x } from "${path.relative(os.tmpdir(), path.join(outside, "secret")).replace(/^/, "../")}";\nexport const handler = () => x;\n`,
            });
            assert.throws(() => bundleHandler("handler.ts", { root, cacheDir: false }), /secret\.ts, outside the project root/);
            const linked = fixture({ "handler.ts": 'import { x } from "./link/secret";\nexport const handler = () => x;\n' });
            fs.symlinkSync(outside, path.join(linked, "link"), "dir");
            assert.throws(() => bundleHandler("handler.ts", { root: linked, cacheDir: false }), /secret\.ts, outside the project root/);
        });

        it("an entry outside the root", () => {
            const root = fixture({ "a.ts": "" });
            const other = fixture({ "handler.ts": "export const handler = () => 1;\n" });
            assert.throws(() => bundleHandler(path.join(other, "handler.ts"), { root }), /must be a \.ts file inside the project root/);
        });
    });
});
