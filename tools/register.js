// Runs the project's TypeScript in Node (`node -r ./tools/register.js file.ts`) the fast way:
// sucrase strips the types file by file and keeps line numbers, so stack traces point at the
// .ts lines without a source map. Type checking is `npm run typecheck`'s job (tsc), as it was
// with ts-node --transpile-only. disableESTransforms keeps class fields and the like as
// written, which Node 20 runs: the same JavaScript as tsc's ES2022 target.
const fs = require("fs");
const Module = require("module");
const { transform } = require("sucrase");

// Sucrase drops a namespace holding values without a word, where tsc compiles it: refuse
// the file rather than run it with code missing. (`declare namespace` has no values.)
const NAMESPACE = /^[ \t]*(?:export[ \t]+)?(?:namespace|module)[ \t]+[\w.]+[ \t]*\{/m;

Module._extensions[".ts"] = function compileTypeScript(module, filename) {
    const source = fs.readFileSync(filename, "utf8");
    if (NAMESPACE.test(source)) {
        throw new Error(`${filename}: TypeScript namespaces are not supported here (tools/register.js); use a module (a file) instead`);
    }
    const { code } = transform(source, { transforms: ["typescript", "imports"], disableESTransforms: true, filePath: filename });
    module._compile(code, filename);
};
