import * as pulumi from "@pulumi/pulumi";
import { strict as assert } from "assert";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { BundleJob, bundleAllLater, bundleJob, bundleLater, bundleNow, forgetBundles } from "../../../core/lambda/bundle";
import { bundleHandler } from "../../../core/lambda/code-asset";
import { HANDLER_FOLDERS, findHandlerEntries } from "../../../core/lambda/early-bundles";
import { fileTrees } from "../../support/file-trees";
import { SAMPLE_AS_OF, sampleEvaluation } from "../../support/sample-evaluation";

/** Two handlers sharing a module and a pinned package, and one that imports what is not there. */
const HANDLERS = {
    "package.json": JSON.stringify({ name: "sample", dependencies: { "left-pad-lite": "1.0.0" } }),
    "node_modules/left-pad-lite/package.json": JSON.stringify({ name: "left-pad-lite", version: "1.0.0", main: "index.js" }),
    "node_modules/left-pad-lite/index.js": "module.exports = (s, n) => String(s).padStart(n, '0');\n",
    "lib/shared.ts": 'import pad = require("left-pad-lite");\nexport const label = (n: number): string => pad(n, 4);\n',
    "lib/types.ts": "export interface Event { n: number }\n",
    "a/handlers/first.ts":
        'import { label } from "../../lib/shared";\nimport "../../lib/types";\nexport async function handler(e: { n: number }) { return `a${label(e.n)}`; }\n',
    "b/handler.ts": 'import { label } from "../lib/shared";\nexport const handler = async () => `b${label(2)}`;\n',
    "b/broken.ts": 'import { nothing } from "./not-there";\nexport async function handler() { return nothing; }\n',
    "b/helper.ts": "export const handlerName = 'not an entry';\n",
    "b/handler.spec.ts": "export async function handler() {}\n",
};

describe("Lambda handlers bundled early", function () {
    this.timeout(120_000);
    const fixture = fileTrees("early-bundles-");
    afterEach(() => forgetBundles());

    const job = (root: string, entry: string, cacheDir: string | false = false): BundleJob => bundleJob(root, path.join(root, entry), cacheDir);
    const shape = (b: { code: string; sources: readonly string[]; packages: Readonly<Record<string, string>>; sha256: string }) => ({ ...b });

    it("finds the modules that export a handler, not specs, declarations or other modules", () => {
        const root = fixture(HANDLERS);
        assert.deepEqual(findHandlerEntries(["a", "b", "missing"], root), ["a/handlers/first.ts", "b/broken.ts", "b/handler.ts"]);
    });

    it("bundles several entries in one build, each as a build of that entry alone", async () => {
        const root = fixture(HANDLERS);
        const entries = ["a/handlers/first.ts", "b/handler.ts"];
        const alone = entries.map((e) => shape(bundleNow(job(root, e))));
        forgetBundles();
        bundleAllLater(entries.map((e) => job(root, e)));
        const together = await Promise.all(entries.map((e) => bundleLater(job(root, e))));
        assert.deepEqual(together.map(shape), alone);
        assert.deepEqual(alone[0].sources, ["a/handlers/first.ts", "lib/shared.ts", "lib/types.ts"], "a module that adds no code is an input too");
        assert.deepEqual(alone[1].packages, { "left-pad-lite": "1.0.0" });
    });

    it("keeps them on disk like any bundle, and reads them back from there before building", async () => {
        const root = fixture(HANDLERS);
        const cacheDir = fixture({});
        const entries = ["a/handlers/first.ts", "b/handler.ts"];
        bundleAllLater(entries.map((e) => job(root, e, cacheDir)));
        await Promise.all(entries.map((e) => bundleLater(job(root, e, cacheDir))));
        const files = fs.readdirSync(cacheDir).filter((f) => f.endsWith(".json"));
        assert.equal(files.length, 2);
        // Mark the cached entries: a later run that reads them gets the mark, not a rebuild.
        for (const file of files) {
            const cached = JSON.parse(fs.readFileSync(path.join(cacheDir, file), "utf8"));
            cached.code += "\n// from the cache";
            cached.sha256 = createHash("sha256").update(cached.code).digest("hex");
            fs.writeFileSync(path.join(cacheDir, file), JSON.stringify(cached));
        }
        forgetBundles();
        bundleAllLater(entries.map((e) => job(root, e, cacheDir)));
        for (const e of entries) assert.match((await bundleLater(job(root, e, cacheDir))).code, /from the cache$/);
        // A changed input is built again.
        forgetBundles();
        fs.writeFileSync(path.join(root, "lib/shared.ts"), "export const label = (n: number): string => `#${n}`;\n");
        bundleAllLater(entries.map((e) => job(root, e, cacheDir)));
        for (const e of entries) assert.doesNotMatch((await bundleLater(job(root, e, cacheDir))).code, /from the cache/);
    });

    it("still bundles the others when one fails, and fails that one with its own error for whoever asks", async () => {
        const root = fixture(HANDLERS);
        const unhandled: unknown[] = [];
        const record = (reason: unknown) => unhandled.push(reason);
        process.on("unhandledRejection", record);
        try {
            const entries = ["a/handlers/first.ts", "b/broken.ts", "b/handler.ts"];
            bundleAllLater(entries.map((e) => job(root, e)));
            const [first, broken, second] = await Promise.allSettled(entries.map((e) => bundleLater(job(root, e))));
            assert.equal(first.status, "fulfilled");
            assert.equal(second.status, "fulfilled");
            assert.equal(broken.status, "rejected");
            assert.match(String((broken as PromiseRejectedResult).reason), /b\/broken\.ts does not bundle[\s\S]*Could not resolve "\.\/not-there"/);
            // Started early and never asked for: its failure goes nowhere.
            forgetBundles();
            bundleAllLater([job(root, "b/broken.ts")]);
            await new Promise((resolve) => setTimeout(resolve, 1500));
            assert.deepEqual(unhandled, []);
        } finally {
            process.off("unhandledRejection", record);
        }
    });

    describe("in this project", () => {
        const codeOf = async (archive: pulumi.asset.AssetArchive): Promise<string> =>
            (await ((await archive.assets)["index.js"] as pulumi.asset.StringAsset).text) as string;
        const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

        it("starts exactly the handlers the sample packages", async () => {
            const started = findHandlerEntries(HANDLER_FOLDERS);
            assert.ok(started.length >= 5, started.join(", "));
            const evaluation = await sampleEvaluation(SAMPLE_AS_OF);
            const functions = evaluation.stacks.flatMap((s) => s.resources.filter((r) => r.type === "aws:lambda/function:Function"));
            const packaged = new Set(await Promise.all(functions.map(async (f) => sha256(await codeOf(f.inputs.code as pulumi.asset.AssetArchive)))));
            assert.deepEqual(new Set(started.map((entry) => bundleHandler(entry).sha256)), packaged);
        });
    });
});
