import * as pulumi from "@pulumi/pulumi";
import { builtinModules } from "module";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

/**
 * Packages a TypeScript Lambda handler for the Node.js 20 runtime without a bundler: the
 * entry and every module it reaches through relative imports are transpiled to CommonJS
 * and laid out under their paths relative to the project root, so `require("../x")` keeps
 * working. The AWS SDK v3 (`@aws-sdk/*`) and Node's built-in modules come with the runtime;
 * any other package is refused, because the function would fail on its first cold start.
 */

/** The Lambda `handler` setting that goes with {@link lambdaCode}: `index.js`, export `handler`. */
export const LAMBDA_HANDLER = "index.handler";

/** Options of {@link lambdaSources} and {@link lambdaCode}. */
export interface LambdaCodeOptions {
    /**
     * Directory no packaged module may leave; relative entries are resolved against it.
     * @default the project root (the nearest directory above this file with a package.json)
     */
    readonly root?: string;
}

/** Extensions tried, in order, for an import written without one (`./partners`). */
const SOURCE_EXTENSIONS = [".ts", ".js", ".json"];
/** The archive's own entry module; a packaged module of that name would be overwritten. */
const INDEX = "index.js";

const TRANSPILE_OPTIONS: ts.CompilerOptions = {
    module: ts.ModuleKind.CommonJS,
    // Node.js 20 runs ES2022 natively: no down-levelling, readable stack traces.
    target: ts.ScriptTarget.ES2022,
    esModuleInterop: true,
    alwaysStrict: true,
    removeComments: false,
    sourceMap: false,
};

let defaultRoot: string | undefined;

/** The nearest directory above this module that holds a package.json. */
function projectRoot(): string {
    if (defaultRoot === undefined) {
        let dir = __dirname;
        while (!fs.existsSync(path.join(dir, "package.json"))) {
            const parent = path.dirname(dir);
            if (parent === dir) {
                throw new Error(`lambdaCode: no package.json above ${__dirname}; pass options.root`);
            }
            dir = parent;
        }
        defaultRoot = dir;
    }
    return defaultRoot;
}

/** Archive path of a file: relative to the root, with `/` separators on every OS. */
function archivePath(root: string, file: string): string {
    return path.relative(root, file).split(path.sep).join("/");
}

function isInside(root: string, file: string): boolean {
    const rel = path.relative(root, file);
    return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
}

/** Whether the Node.js runtime provides the module (`fs`, `node:crypto`, `fs/promises`). */
function isBuiltin(specifier: string): boolean {
    return specifier.startsWith("node:") || builtinModules.includes(specifier);
}

/** The file a relative import names, tried as written, with each extension, then as a folder's index. */
function resolveRelative(specifier: string, fromFile: string): string | undefined {
    const base = path.resolve(path.dirname(fromFile), specifier);
    // TypeScript lets `./x.js` name `./x.ts` (the path it will have once compiled).
    const candidates = [base, ...SOURCE_EXTENSIONS.map((ext) => base + ext), ...SOURCE_EXTENSIONS.map((ext) => path.join(base, "index" + ext))];
    if (base.endsWith(".js")) {
        candidates.splice(1, 0, base.slice(0, -3) + ".ts");
    }
    return candidates.find((file) => !file.endsWith(".d.ts") && fs.existsSync(file) && fs.statSync(file).isFile());
}

/** Whether the module's source exports a value named `handler`. */
function exportsHandler(source: ts.SourceFile): boolean {
    const isExported = (node: ts.Node): boolean =>
        ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    return source.statements.some((statement) => {
        if (ts.isFunctionDeclaration(statement) && statement.name?.text === "handler") {
            return isExported(statement);
        }
        if (ts.isVariableStatement(statement) && isExported(statement)) {
            return statement.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === "handler");
        }
        if (ts.isExportDeclaration(statement) && !statement.isTypeOnly && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
            return statement.exportClause.elements.some((e) => !e.isTypeOnly && e.name.text === "handler");
        }
        return false;
    });
}

/** One module transpiled, with the runtime imports it kept (type-only imports are gone by then). */
function transpile(file: string, text: string, shownName: string): { code: string; imports: string[] } {
    const output = ts.transpileModule(text, { compilerOptions: TRANSPILE_OPTIONS, fileName: shownName, reportDiagnostics: true });
    const syntaxErrors = (output.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
    if (syntaxErrors.length > 0) {
        const messages = syntaxErrors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
        throw new Error(`lambdaCode: ${file} does not compile:\n  ${messages.join("\n  ")}`);
    }
    // Scanning the emitted JavaScript sees exactly what `require` will load at run time.
    const imports = ts.preProcessFile(output.outputText, true, true).importedFiles.map((f) => f.fileName);
    return { code: output.outputText, imports };
}

/**
 * The files of a handler's deployment package, keyed by archive path and sorted: every
 * module reached from `entry` through relative imports, transpiled to CommonJS
 * (`components/x/handler.ts` becomes `components/x/handler.js`), JSON files as they are,
 * and an `index.js` at the root that re-exports the entry module.
 * @param entry the handler's `.ts` file, absolute or relative to the root; it must export `handler`
 * @throws Error when a module is missing or does not parse, an import leaves the root, or a
 *   package other than `@aws-sdk/*` or a Node built-in is imported
 */
export function lambdaSources(entry: string, options: LambdaCodeOptions = {}): Record<string, string> {
    const root = fs.realpathSync(path.resolve(options.root ?? projectRoot()));
    const entryFile = path.resolve(root, entry);
    if (!fs.existsSync(entryFile)) {
        throw new Error(`lambdaCode: handler entry ${entryFile} does not exist`);
    }
    const entryReal = fs.realpathSync(entryFile);
    if (!isInside(root, entryReal) || !entryReal.endsWith(".ts")) {
        throw new Error(`lambdaCode: handler entry ${entryFile} must be a .ts file inside the project root ${root}`);
    }
    const entrySource = ts.createSourceFile(entryReal, fs.readFileSync(entryReal, "utf8"), ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
    if (!exportsHandler(entrySource)) {
        throw new Error(`lambdaCode: ${archivePath(root, entryReal)} does not export a "handler" function, which the Lambda runtime calls (${LAMBDA_HANDLER})`);
    }

    const files = new Map<string, string>();
    const visited = new Set<string>();
    const pending = [entryReal];
    while (pending.length > 0) {
        const file = pending.pop()!;
        if (visited.has(file)) {
            continue;
        }
        visited.add(file);
        const shown = archivePath(root, file);
        const text = fs.readFileSync(file, "utf8");
        if (file.endsWith(".json")) {
            files.set(shown, text);
            continue;
        }
        const outName = file.endsWith(".ts") ? shown.slice(0, -3) + ".js" : shown;
        if (outName === INDEX) {
            throw new Error(`lambdaCode: ${shown} would be packaged as ${INDEX}, the archive's entry module; rename it or move it out of the project root`);
        }
        const { code, imports } = transpile(file, text, shown);
        files.set(outName, code);
        for (const specifier of imports) {
            if (specifier.startsWith("./") || specifier.startsWith("../") || specifier === "." || specifier === "..") {
                if (!isInside(root, path.resolve(path.dirname(file), specifier))) {
                    throw new Error(`lambdaCode: ${shown} imports "${specifier}", outside the project root ${root}; only files under the root are packaged`);
                }
                const target = resolveRelative(specifier, file);
                if (!target) {
                    throw new Error(`lambdaCode: ${shown} imports "${specifier}", which matches no .ts, .js or .json file`);
                }
                // A symbolic link may still lead out of the root.
                const real = fs.realpathSync(target);
                if (!isInside(root, real)) {
                    throw new Error(`lambdaCode: ${shown} imports "${specifier}" (${real}), outside the project root ${root}; only files under the root are packaged`);
                }
                pending.push(real);
            } else if (path.isAbsolute(specifier)) {
                throw new Error(`lambdaCode: ${shown} imports the absolute path "${specifier}"; use a relative import so the package keeps working once deployed`);
            } else if (!specifier.startsWith("@aws-sdk/") && !isBuiltin(specifier)) {
                throw new Error(
                    `lambdaCode: ${shown} imports "${specifier}", which the Lambda Node.js runtime does not provide ` +
                        "(only @aws-sdk/* and Node built-ins are there, and nothing else is bundled); " +
                        "use `import type` if only its types are needed, or drop the dependency",
                );
            }
        }
    }

    const entryModule = archivePath(root, entryReal).slice(0, -3) + ".js";
    files.set(INDEX, `"use strict";\n// Lambda entry (${LAMBDA_HANDLER}): the handler of ${entryModule}.\nmodule.exports = require("./${entryModule}");\n`);
    const sorted: Record<string, string> = {};
    for (const name of [...files.keys()].sort()) {
        sorted[name] = files.get(name)!;
    }
    return sorted;
}

const cache = new Map<string, pulumi.asset.AssetArchive>();

/**
 * A handler's deployment package as a Pulumi archive of string assets (see
 * {@link lambdaSources}), built once per entry and process: a plan evaluates many stacks,
 * and each must see the same bytes. Use it with `handler: LAMBDA_HANDLER`.
 * @param entry the handler's `.ts` file, absolute or relative to the project root
 */
export function lambdaCode(entry: string, options: LambdaCodeOptions = {}): pulumi.asset.AssetArchive {
    const root = path.resolve(options.root ?? projectRoot());
    const key = `${root}\0${path.resolve(root, entry)}`;
    let archive = cache.get(key);
    if (!archive) {
        const assets: pulumi.asset.AssetMap = {};
        for (const [name, text] of Object.entries(lambdaSources(entry, options))) {
            assets[name] = new pulumi.asset.StringAsset(text);
        }
        archive = new pulumi.asset.AssetArchive(assets);
        cache.set(key, archive);
    }
    return archive;
}
