import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import * as esbuild from "esbuild";
import * as fs from "fs";
import { builtinModules } from "module";
import * as path from "path";
import * as ts from "typescript";

/**
 * Packages a TypeScript Lambda handler as one self-contained file: esbuild bundles the
 * entry, every module it reaches and the packages it imports (the AWS SDK included) at the
 * versions package-lock.json pins, so the function never runs on whatever SDK the Lambda
 * runtime happens to ship. A handler may import only Node built-ins, files under the
 * project root, and packages the project pins exactly in its `dependencies`.
 *
 * Bundling costs about a second per handler, so a bundle is built once per process and
 * kept on disk under its inputs' content hash: a plan or `pulumi up` with unchanged
 * sources reads it back after hashing the files it was built from.
 */

/** The Lambda `handler` setting that goes with {@link lambdaCode}: `index.js`, export `handler`. */
export const LAMBDA_HANDLER = "index.handler";

/** Node.js version the bundle's syntax targets: the oldest the project supports (engines), lower than the runtime's. */
export const BUNDLE_TARGET = "node20";

/** Options of {@link bundleHandler} and {@link lambdaCode}. */
export interface LambdaCodeOptions {
    /**
     * Directory no bundled project module may leave, holding the package.json whose
     * `dependencies` a handler may import; relative entries are resolved against it.
     * @default the project root (the nearest directory above this file with a package.json)
     */
    readonly root?: string;
    /** Where bundles are kept between runs, or false for none. @default `<root>/node_modules/.cache/datasharing-lambda` */
    readonly cacheDir?: string | false;
}

/** A handler's bundle. */
export interface LambdaBundle {
    /** The whole function: CommonJS, exports `handler`. */
    readonly code: string;
    /** Project files bundled, relative to the root, sorted. */
    readonly sources: readonly string[];
    /** Packages bundled (direct and transitive), name to version, sorted by name. */
    readonly packages: Readonly<Record<string, string>>;
    /** SHA-256 of the code. */
    readonly sha256: string;
}

const BUILD_OPTIONS: esbuild.BuildOptions = {
    bundle: true,
    platform: "node",
    format: "cjs",
    target: BUNDLE_TARGET,
    // ES module builds first: they let esbuild drop the parts of the SDK a handler never calls.
    mainFields: ["module", "main"],
    minify: true,
    // Error names (ConditionalCheckFailedException...) stay readable in logs.
    keepNames: true,
    legalComments: "none",
    write: false,
    metafile: true,
    logLevel: "silent",
};

/** Bump when what a cached bundle holds changes shape. */
const CACHE_FORMAT = 1;

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

const sha256 = (data: string | Buffer): string => createHash("sha256").update(data).digest("hex");

function isInside(root: string, file: string): boolean {
    const rel = path.relative(root, file);
    return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
}

const isBuiltin = (specifier: string): boolean => specifier.startsWith("node:") || builtinModules.includes(specifier);
const isRelative = (specifier: string): boolean => specifier === "." || specifier === ".." || specifier.startsWith("./") || specifier.startsWith("../");
/** `@scope/name/sub` -> `@scope/name`, `name/sub` -> `name`. */
const packageName = (specifier: string): string =>
    specifier
        .split("/")
        .slice(0, specifier.startsWith("@") ? 2 : 1)
        .join("/");

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

/** The entry as an absolute real path, once it is known to be a `.ts` file inside the root that exports `handler`. */
function checkEntry(root: string, entry: string): string {
    const entryFile = path.resolve(root, entry);
    if (!fs.existsSync(entryFile)) {
        throw new Error(`lambdaCode: handler entry ${entryFile} does not exist`);
    }
    const real = fs.realpathSync(entryFile);
    if (!isInside(root, real) || !real.endsWith(".ts")) {
        throw new Error(`lambdaCode: handler entry ${entryFile} must be a .ts file inside the project root ${root}`);
    }
    const source = ts.createSourceFile(real, fs.readFileSync(real, "utf8"), ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
    if (!exportsHandler(source)) {
        throw new Error(`lambdaCode: ${path.relative(root, real)} does not export a "handler" function, which the Lambda runtime calls (${LAMBDA_HANDLER})`);
    }
    return real;
}

/** The packages a handler may import: `dependencies` of the root's package.json pinned to an exact version. */
function pinnedDependencies(root: string): Map<string, string> {
    const file = path.join(root, "package.json");
    const manifest = (fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {}) as { dependencies?: Record<string, string> };
    return new Map(Object.entries(manifest.dependencies ?? {}).filter(([, version]) => /^\d+\.\d+\.\d+(-[\w.]+)?$/.test(version)));
}

/** The package a bundled `node_modules` file belongs to, with its version (nearest package.json with a name). */
function owningPackage(file: string): { name: string; version: string } | undefined {
    let dir = path.dirname(file);
    while (path.basename(dir) !== "node_modules" && path.dirname(dir) !== dir) {
        const manifest = path.join(dir, "package.json");
        if (fs.existsSync(manifest)) {
            const m = JSON.parse(fs.readFileSync(manifest, "utf8")) as { name?: string; version?: string };
            if (m.name && m.version) {
                return { name: m.name, version: m.version };
            }
        }
        dir = path.dirname(dir);
    }
    return undefined;
}

interface Built extends LambdaBundle {
    /** Every input file (absolute) with its content hash: the cache entry is valid while they all match. */
    readonly inputs: Record<string, string>;
}

type BuildResult = esbuild.BuildResult<{ write: false; metafile: true }>;

/** esbuild's failure as one error naming the entry and each message's place. */
function bundleError(root: string, entryReal: string, err: unknown): Error {
    const errors = (err as { errors?: esbuild.Message[] }).errors ?? [];
    const lines = errors.map((e) => (e.location ? `${e.location.file}:${e.location.line}: ${e.text}` : e.text));
    return new Error(
        `lambdaCode: ${path.relative(root, entryReal)} does not bundle (it does not compile, or imports what cannot be found):\n  ${lines.join("\n  ") || (err as Error).message}`,
        { cause: err },
    );
}

/** Bundles the entry and checks what went into it, waiting for esbuild. */
function build(root: string, entryReal: string): Built {
    let result: BuildResult;
    try {
        result = esbuild.buildSync({ ...BUILD_OPTIONS, entryPoints: [entryReal], absWorkingDir: root }) as BuildResult;
    } catch (err) {
        throw bundleError(root, entryReal, err);
    }
    return checked(root, entryReal, result);
}

/**
 * The same through esbuild's service: one esbuild process for every bundle of the run, which
 * bundles while the program goes on evaluating (a first plan packages its handlers meanwhile).
 */
async function buildAsync(root: string, entryReal: string): Promise<Built> {
    let result: BuildResult;
    try {
        result = (await esbuild.build({ ...BUILD_OPTIONS, entryPoints: [entryReal], absWorkingDir: root })) as BuildResult;
    } catch (err) {
        throw bundleError(root, entryReal, err);
    }
    return checked(root, entryReal, result);
}

/** What esbuild bundled, checked: project files inside the root, packages pinned exactly. */
function checked(root: string, entryReal: string, result: BuildResult): Built {
    const pinned = pinnedDependencies(root);
    const sources: string[] = [];
    const packages: Record<string, string> = {};
    const inputs: Record<string, string> = {};
    for (const [input, meta] of Object.entries(result.metafile.inputs)) {
        const file = path.resolve(root, input);
        inputs[file] = sha256(fs.readFileSync(file));
        const shown = path.relative(root, file).split(path.sep).join("/");
        if (shown.split("/").includes("node_modules")) {
            const owner = owningPackage(file);
            if (owner) {
                packages[owner.name] = owner.version;
            }
            continue;
        }
        // esbuild follows symbolic links to the real file, so a link cannot lead out unseen.
        if (!isInside(root, file)) {
            throw new Error(
                `lambdaCode: the bundle of ${path.relative(root, entryReal)} would hold ${file}, outside the project root ${root}; only files under the root are bundled`,
            );
        }
        sources.push(shown);
        for (const imported of meta.imports) {
            // esbuild's own helpers come as a "<runtime>" import with no original specifier.
            if (imported.original === undefined) {
                continue;
            }
            const specifier = imported.original;
            if (isRelative(specifier) || isBuiltin(specifier) || path.isAbsolute(specifier)) {
                if (path.isAbsolute(specifier)) {
                    throw new Error(`lambdaCode: ${shown} imports the absolute path "${specifier}"; use a relative import`);
                }
                continue;
            }
            const name = packageName(specifier);
            if (!pinned.has(name)) {
                throw new Error(
                    `lambdaCode: ${shown} imports "${specifier}", but package.json does not pin "${name}" to an exact version in its dependencies; ` +
                        `add it (npm install --save-exact ${name}) or use \`import type\` if only its types are needed`,
                );
            }
        }
    }
    const code = result.outputFiles[0].text;
    const sortedPackages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a < b ? -1 : 1)));
    return { code, sources: sources.sort(), packages: sortedPackages, sha256: sha256(code), inputs };
}

/** What identifies a bundle before its inputs are known: the tool, its options, the entry. */
function cacheKey(root: string, entryReal: string): string {
    const manifest = path.join(root, "package.json");
    const pins = fs.existsSync(manifest) ? fs.readFileSync(manifest, "utf8") : "";
    return sha256(JSON.stringify([CACHE_FORMAT, esbuild.version, BUILD_OPTIONS, path.relative(root, entryReal), pins]));
}

function readCache(file: string | undefined): Built | undefined {
    if (!file) return undefined;
    try {
        const cached = JSON.parse(fs.readFileSync(file, "utf8")) as Built;
        for (const [input, hash] of Object.entries(cached.inputs)) {
            if (!fs.existsSync(input) || sha256(fs.readFileSync(input)) !== hash) {
                return undefined;
            }
        }
        return sha256(cached.code) === cached.sha256 ? cached : undefined;
    } catch {
        return undefined;
    }
}

function writeCache(file: string, built: Built): void {
    try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        // Written aside, then renamed: a concurrent reader sees the old entry or the new one.
        const temp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(temp, JSON.stringify(built));
        fs.renameSync(temp, file);
    } catch {
        // A cache that cannot be written only costs the next run a rebuild.
    }
}

const bundles = new Map<string, LambdaBundle>();

/**
 * A handler's bundle: built once per process, or read from the disk cache when no input
 * changed since it was built.
 * @param entry the handler's `.ts` file, absolute or relative to the root; it must export `handler`
 * @throws Error when the entry is missing or exports no handler, a module does not compile or
 *   cannot be found, a bundled project file lies outside the root, or a package is imported
 *   that package.json does not pin exactly in `dependencies`
 */
export function bundleHandler(entry: string, options: LambdaCodeOptions = {}): LambdaBundle {
    const job = bundleJob(entry, options);
    const known = bundles.get(job.memoKey);
    if (known) return known;
    return keep(job, readCache(job.cacheFile) ?? built(job, build(job.root, job.entryReal)));
}

/**
 * {@link bundleHandler} without waiting for esbuild: the entry is checked now (a missing
 * entry or one without a handler throws here), the bundle comes from the cache or from
 * esbuild's service.
 */
export function bundleHandlerAsync(entry: string, options: LambdaCodeOptions = {}): Promise<LambdaBundle> {
    const job = bundleJob(entry, options);
    const known = bundles.get(job.memoKey) ?? pendingBundles.get(job.memoKey);
    if (known) return Promise.resolve(known);
    const cached = readCache(job.cacheFile);
    const bundle = cached ? Promise.resolve(keep(job, cached)) : buildAsync(job.root, job.entryReal).then((b) => keep(job, built(job, b)));
    pendingBundles.set(job.memoKey, bundle);
    // Settled, it is in `bundles`; a failed one is not kept: the next caller tries again and gets its own error.
    const settled = () => pendingBundles.delete(job.memoKey);
    bundle.then(settled, settled);
    return bundle;
}

const pendingBundles = new Map<string, Promise<LambdaBundle>>();

/** Where one entry's bundle is kept: in this process under `memoKey`, on disk in `cacheFile` (none with `cacheDir: false`). */
interface BundleJob {
    readonly root: string;
    readonly entryReal: string;
    readonly memoKey: string;
    readonly cacheFile?: string;
}

/** Checks the entry, and says where its bundle is kept. */
function bundleJob(entry: string, options: LambdaCodeOptions): BundleJob {
    const root = fs.realpathSync(path.resolve(options.root ?? projectRoot()));
    const entryReal = checkEntry(root, entry);
    const cacheDir = options.cacheDir === undefined ? path.join(root, "node_modules", ".cache", "datasharing-lambda") : options.cacheDir;
    const cacheFile = cacheDir === false ? undefined : path.join(cacheDir, `${cacheKey(root, entryReal)}.json`);
    return { root, entryReal, memoKey: `${root}\0${entryReal}\0${cacheDir}`, cacheFile };
}

/** A new build, written to the disk cache. */
function built(job: BundleJob, fresh: Built): Built {
    if (job.cacheFile) writeCache(job.cacheFile, fresh);
    return fresh;
}

/** The bundle, kept for the rest of the process. */
function keep(job: BundleJob, from: Built): LambdaBundle {
    const bundle: LambdaBundle = { code: from.code, sources: from.sources, packages: from.packages, sha256: from.sha256 };
    bundles.set(job.memoKey, bundle);
    return bundle;
}

/** Forgets the bundles built in this process (tests of the disk cache). */
export function forgetBundles(): void {
    bundles.clear();
    pendingBundles.clear();
}

const archives = new Map<string, pulumi.asset.AssetArchive>();

/** One archive per bundle and process, so every stack of a plan sees the same bytes. */
function archiveOf(bundle: LambdaBundle): pulumi.asset.AssetArchive {
    let archive = archives.get(bundle.sha256);
    if (!archive) {
        archive = new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset(bundle.code) });
        archives.set(bundle.sha256, archive);
    }
    return archive;
}

/**
 * A handler's deployment package: an archive holding the bundle as `index.js`, once esbuild
 * has built it (the function's `code` is an input, so the program does not wait for it).
 * Use it with `handler: LAMBDA_HANDLER`.
 * @param entry the handler's `.ts` file, absolute or relative to the project root
 * @throws Error at once when the entry is missing or exports no handler; a bundle that fails fails the function's registration
 */
export function lambdaCode(entry: string, options: LambdaCodeOptions = {}): pulumi.Output<pulumi.asset.AssetArchive> {
    return pulumi.output(bundleHandlerAsync(entry, options)).apply(archiveOf);
}
