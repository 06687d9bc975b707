import * as pulumi from "@pulumi/pulumi";
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LAMBDA_HANDLER, lambdaCode, lambdaSources } from "../../../core/lambda/code-asset";

const PROJECT = path.resolve(__dirname, "../../..");

/** Writes files (path -> text) under a fresh temporary directory and returns it. */
function tree(files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lambda-code-"));
    for (const [name, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), text);
    }
    return dir;
}

/** A small handler project: relative imports of a file, a folder index and JSON; a type-only import of a package; a Node built-in. */
const SAMPLE = {
    "src/handler.ts": [
        'import type { ScheduledEvent } from "aws-lambda";',
        'import { createHash } from "node:crypto";',
        'import { greet } from "./lib/greet.js";',
        'import { VERSION } from "../shared";',
        "export async function handler(event: Pick<ScheduledEvent, \"id\">): Promise<string> {",
        '    return `${greet(event.id)} v${VERSION} ${createHash("sha256").update(event.id).digest("hex").slice(0, 8)}`;',
        "}",
    ].join("\n"),
    "src/lib/greet.ts": 'import settings from "./settings.json";\nexport const greet = (name: string): string => `${settings.greeting}, ${name}`;\n',
    "src/lib/settings.json": '{ "greeting": "hello" }\n',
    "shared/index.ts": "export const VERSION: number = 3;\n",
    "unused.ts": "export const unused = 1;\n",
};

describe("Lambda code packaging", () => {
    const dirs: string[] = [];
    const fixture = (files: Record<string, string>): string => {
        const dir = tree(files);
        dirs.push(dir);
        return dir;
    };
    after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

    it("packages the entry and what it imports relatively, transpiled, under their relative paths, with index.js at the root", () => {
        const root = fixture(SAMPLE);
        const files = lambdaSources("src/handler.ts", { root });
        assert.deepEqual(Object.keys(files), ["index.js", "shared/index.js", "src/handler.js", "src/lib/greet.js", "src/lib/settings.json"]);
        assert.match(files["index.js"], /module\.exports = require\("\.\/src\/handler\.js"\)/);
        assert.match(files["src/handler.js"], /require\("\.\/lib\/greet\.js"\)/);
        // Types are erased; the type-only import is gone, so aws-lambda is not needed at run time.
        assert.doesNotMatch(files["src/handler.js"], /aws-lambda|: string/);
        assert.equal(files["src/lib/settings.json"], SAMPLE["src/lib/settings.json"]);
        assert.equal(LAMBDA_HANDLER, "index.handler");
    });

    it("produces code that runs: written out and required, index.handler works", async () => {
        const root = fixture(SAMPLE);
        const out = fixture(lambdaSources(path.join(root, "src/handler.ts"), { root }));
        const mod = require(path.join(out, "index.js")) as { handler: (e: { id: string }) => Promise<string> };
        assert.equal(await mod.handler({ id: "world" }), "hello, world v3 486ea462");
    });

    it("is deterministic, and builds each entry's archive once per process", async () => {
        const root = fixture(SAMPLE);
        assert.deepEqual(lambdaSources("src/handler.ts", { root }), lambdaSources("src/handler.ts", { root }));
        const archive = lambdaCode("src/handler.ts", { root });
        assert.equal(lambdaCode(path.join(root, "src/handler.ts"), { root }), archive);
        assert.ok(archive instanceof pulumi.asset.AssetArchive);
        const assets = await archive.assets;
        assert.deepEqual(Object.keys(assets), Object.keys(lambdaSources("src/handler.ts", { root })));
        assert.equal(await (assets["index.js"] as pulumi.asset.StringAsset).text, lambdaSources("src/handler.ts", { root })["index.js"]);
    });

    describe("packages this project's handlers", () => {
        const handlers = "components/partner-api/handlers";
        const cases = [
            {
                entry: `${handlers}/request-receiver.ts`,
                files: ["config", "control-table", "log", "partners", "request-receiver", "time"].map((f) => `${handlers}/${f}.js`),
            },
            {
                entry: `${handlers}/poller.ts`,
                files: ["config", "control-table", "log", "partners", "poller", "time"].map((f) => `${handlers}/${f}.js`),
            },
            {
                entry: "components/microbatch/handler.ts",
                files: ["components/microbatch/config.js", "components/microbatch/handler.js", "components/microbatch/redaction.js", "components/microbatch/statement.js", "components/microbatch/watermark.js", "components/redshift-sharing/sql.js", "core/message-of.js", "core/poll.js", "core/redshift/data-api-statement.js"],
            },
        ];
        for (const c of cases) {
            it(c.entry, () => {
                assert.deepEqual(Object.keys(lambdaSources(c.entry)), ["index.js", ...c.files].sort());
            });
        }

        it("and the packaged receiver runs as the Lambda runtime would load it", async () => {
            const out = fixture(lambdaSources(`${handlers}/request-receiver.ts`));
            // The runtime provides the AWS SDK; here, the project's copy stands in for it.
            fs.symlinkSync(path.join(PROJECT, "node_modules"), path.join(out, "node_modules"), "dir");
            const saved = { ...process.env };
            const consoleLog = console.log;
            try {
                Object.assign(process.env, { CONTROL_TABLE: "t", REQUEST_TTL_DAYS: "7", PARTNERS: JSON.stringify([{ name: "acme", apiKeyId: "k1", email: "a@acme.example", products: ["sales"] }]) });
                console.log = () => undefined;
                const { handler } = require(path.join(out, "index.js"));
                const res = await handler({ body: "{}", requestContext: { identity: { apiKeyId: "unknown" } } });
                assert.equal(res.statusCode, 403);
            } finally {
                process.env = saved;
                console.log = consoleLog;
            }
        });
    });

    describe("refuses", () => {
        const cases: { what: string; files: Record<string, string>; entry?: string; message: RegExp }[] = [
            {
                what: "an import that leaves the project root",
                files: { "src/handler.ts": 'import { x } from "../../outside";\nexport const handler = () => x;\n' },
                message: /src\/handler\.ts imports "\.\.\/\.\.\/outside", outside the project root/,
            },
            {
                what: "a package the runtime does not provide",
                files: { "handler.ts": 'import { z } from "zod";\nexport const handler = () => z.string();\n' },
                entry: "handler.ts",
                message: /imports "zod", which the Lambda Node\.js runtime does not provide/,
            },
            {
                what: "a package reached through a relative import",
                files: { "handler.ts": 'import { y } from "./lib";\nexport const handler = () => y;\n', "lib.ts": 'import * as _ from "lodash";\nexport const y = _.identity(1);\n' },
                entry: "handler.ts",
                message: /lib\.ts imports "lodash"/,
            },
            {
                what: "a relative import of a missing file",
                files: { "handler.ts": 'import { y } from "./nope";\nexport const handler = () => y;\n' },
                entry: "handler.ts",
                message: /imports "\.\/nope", which matches no \.ts, \.js or \.json file/,
            },
            {
                what: "an entry without a handler export",
                files: { "handler.ts": "export const main = () => 1;\n" },
                entry: "handler.ts",
                message: /does not export a "handler" function/,
            },
            {
                what: "a module that would overwrite index.js",
                files: { "src/handler.ts": 'import { y } from "../index";\nexport const handler = () => y;\n', "index.ts": "export const y = 1;\n" },
                message: /index\.ts would be packaged as index\.js/,
            },
            {
                what: "a module that does not parse",
                files: { "handler.ts": "export const handler = () => {\n" },
                entry: "handler.ts",
                message: /does not compile/,
            },
        ];
        for (const c of cases) {
            it(c.what, () => {
                const root = fixture(c.files);
                assert.throws(() => lambdaSources(c.entry ?? "src/handler.ts", { root }), c.message);
            });
        }

        it("an import of a real file outside the root, directly or through a symbolic link", () => {
            const outside = fixture({ "secret.ts": "export const x = 1;\n" });
            const root = fixture({ "handler.ts": `import { x } from "${path.relative(os.tmpdir(), path.join(outside, "secret")).replace(/^/, "../")}";\nexport const handler = () => x;\n` });
            assert.throws(() => lambdaSources("handler.ts", { root }), /outside the project root/);
            const linked = fixture({ "handler.ts": 'import { x } from "./link/secret";\nexport const handler = () => x;\n' });
            fs.symlinkSync(outside, path.join(linked, "link"), "dir");
            assert.throws(() => lambdaSources("handler.ts", { root: linked }), /\(.*secret\.ts\), outside the project root/);
        });

        it("an entry outside the root", () => {
            const root = fixture({ "a.ts": "" });
            const other = fixture({ "handler.ts": "export const handler = () => 1;\n" });
            assert.throws(() => lambdaSources(path.join(other, "handler.ts"), { root }), /must be a \.ts file inside the project root/);
        });
    });
});
