// Runs the project's TypeScript in Node (`node -r ./tools/register.js file.ts`) the fast way:
// sucrase strips the types file by file and keeps line numbers, so stack traces point at the
// .ts lines without a source map. Type checking is `npm run typecheck`'s job (tsc), as it was
// with ts-node --transpile-only. disableESTransforms keeps class fields and the like as
// written, which Node 20 runs: the same JavaScript as tsc's ES2022 target.
const crypto = require("crypto");
const fs = require("fs");
const Module = require("module");
const path = require("path");
const { transform } = require("sucrase");
const { version } = require("sucrase/package.json");

const OPTIONS = { transforms: ["typescript", "imports"], disableESTransforms: true };

// Sucrase drops a namespace holding values without a word, where tsc compiles it: refuse
// the file rather than run it with code missing. (`declare namespace` has no values.)
const NAMESPACE = /^[ \t]*(?:export[ \t]+)?(?:namespace|module)[ \t]+[\w.]+[ \t]*\{/m;

// Each file's JavaScript is kept under the hash of its source, so a process (the plan, each
// test worker, each child a test starts) transpiles only what changed since the last run.
const CACHE = path.join(__dirname, "..", "node_modules", ".cache", "datasharing-sucrase");

function transpile(source, filename) {
    const key = crypto
        .createHash("sha256")
        .update(JSON.stringify([version, OPTIONS, filename]))
        .update(source)
        .digest("hex");
    const cached = path.join(CACHE, `${key}.js`);
    try {
        return fs.readFileSync(cached, "utf8");
    } catch {
        // Not transpiled yet.
    }
    const { code } = transform(source, { ...OPTIONS, filePath: filename });
    try {
        fs.mkdirSync(CACHE, { recursive: true });
        // Written aside, then renamed: a process reading at the same time sees all of it or nothing.
        const temp = `${cached}.${process.pid}.tmp`;
        fs.writeFileSync(temp, code);
        fs.renameSync(temp, cached);
    } catch {
        // A cache that cannot be written only costs the next process the transpiling.
    }
    return code;
}

Module._extensions[".ts"] = function compileTypeScript(module, filename) {
    const source = fs.readFileSync(filename, "utf8");
    if (NAMESPACE.test(source)) {
        throw new Error(`${filename}: TypeScript namespaces are not supported here (tools/register.js); use a module (a file) instead`);
    }
    module._compile(transpile(source, filename), filename);
};
