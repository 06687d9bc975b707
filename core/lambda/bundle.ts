import { createHash } from "crypto";
import * as esbuild from "esbuild";
import * as fs from "fs";
import { builtinModules } from "module";
import * as path from "path";
import { isInside } from "./project-root";

/**
 * Bundles a Lambda handler's entry with esbuild, checks what went into it, and keeps the
 * result: once per process, and on disk under its inputs' content hash, so a plan or
 * `pulumi up` with unchanged sources reads it back after hashing the files it was built from.
 * The entry is checked before it gets here (handler-entry.ts); `code-asset.ts` is the API.
 */

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

/** Node.js version the bundle's syntax targets: the oldest the project supports (engines), lower than the runtime's. */
export const BUNDLE_TARGET = "node20";

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

const sha256 = (data: string | Buffer): string => createHash("sha256").update(data).digest("hex");

/**
 * What was read about the inputs, shared by the bundles of one batch (the SDK's core is in
 * each): content hashes by file, and the package owning each directory.
 */
interface Reads {
    readonly hashes: Map<string, string>;
    readonly owners: Map<string, { name: string; version: string } | undefined>;
}

const newReads = (): Reads => ({ hashes: new Map(), owners: new Map() });

function fileHash(file: string, reads: Reads): string {
    let hash = reads.hashes.get(file);
    if (hash === undefined) {
        hash = sha256(fs.readFileSync(file));
        reads.hashes.set(file, hash);
    }
    return hash;
}

const isBuiltin = (specifier: string): boolean => specifier.startsWith("node:") || builtinModules.includes(specifier);
const isRelative = (specifier: string): boolean => specifier === "." || specifier === ".." || specifier.startsWith("./") || specifier.startsWith("../");
/** `@scope/name/sub` -> `@scope/name`, `name/sub` -> `name`. */
const packageName = (specifier: string): string =>
    specifier
        .split("/")
        .slice(0, specifier.startsWith("@") ? 2 : 1)
        .join("/");

/** The packages a handler may import: `dependencies` of the root's package.json pinned to an exact version. */
function pinnedDependencies(root: string): Map<string, string> {
    const file = path.join(root, "package.json");
    const manifest = (fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {}) as { dependencies?: Record<string, string> };
    return new Map(Object.entries(manifest.dependencies ?? {}).filter(([, version]) => /^\d+\.\d+\.\d+(-[\w.]+)?$/.test(version)));
}

/** The package a bundled `node_modules` file belongs to, with its version (nearest package.json with a name). */
function owningPackage(file: string, reads: Reads): { name: string; version: string } | undefined {
    const dir = path.dirname(file);
    if (reads.owners.has(dir)) return reads.owners.get(dir);
    let owner: { name: string; version: string } | undefined;
    if (path.basename(dir) !== "node_modules" && path.dirname(dir) !== dir) {
        const manifest = path.join(dir, "package.json");
        const m = fs.existsSync(manifest) ? (JSON.parse(fs.readFileSync(manifest, "utf8")) as { name?: string; version?: string }) : {};
        owner = m.name && m.version ? { name: m.name, version: m.version } : owningPackage(dir, reads);
    }
    reads.owners.set(dir, owner);
    return owner;
}

interface Built extends LambdaBundle {
    /** Every input file (absolute) with its content hash: the cache entry is valid while they all match. */
    readonly inputs: Record<string, string>;
}

type BuildResult = esbuild.BuildResult<{ write: false; metafile: true }>;
type MetaInputs = esbuild.Metafile["inputs"];

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
    return checked(root, entryReal, result.outputFiles[0].text, Object.keys(result.metafile.inputs), result.metafile.inputs);
}

/**
 * The same through esbuild's service: one esbuild process for every bundle of the run, which
 * bundles while the program goes on evaluating.
 */
async function buildAsync(root: string, entryReal: string): Promise<Built> {
    let result: BuildResult;
    try {
        result = (await esbuild.build({ ...BUILD_OPTIONS, entryPoints: [entryReal], absWorkingDir: root })) as BuildResult;
    } catch (err) {
        throw bundleError(root, entryReal, err);
    }
    return checked(root, entryReal, result.outputFiles[0].text, Object.keys(result.metafile.inputs), result.metafile.inputs);
}

/**
 * Several entries in one build: esbuild reads and parses the modules they share (the SDK's
 * core) once, and writes each entry's bundle byte for byte as a build of that entry alone
 * would. Resolves to each entry's output code and the build's inputs; rejects if any fails.
 */
async function buildTogether(root: string, entries: readonly string[]): Promise<{ code: Map<string, string>; inputs: MetaInputs }> {
    const outdir = path.join(root, "bundles");
    const result = (await esbuild.build({ ...BUILD_OPTIONS, entryPoints: [...entries], outdir, absWorkingDir: root })) as BuildResult;
    const code = new Map<string, string>();
    for (const [output, meta] of Object.entries(result.metafile.outputs)) {
        const file = result.outputFiles.find((f) => f.path === path.resolve(root, output));
        if (meta.entryPoint !== undefined && file) code.set(fs.realpathSync(path.resolve(root, meta.entryPoint)), file.text);
    }
    return { code, inputs: result.metafile.inputs };
}

/** The inputs one entry reaches through its imports: what a build of that entry alone lists. */
function reachedFrom(root: string, entryReal: string, inputs: MetaInputs): string[] {
    const byFile = new Map(Object.keys(inputs).map((input) => [path.resolve(root, input), input]));
    const start = byFile.get(entryReal);
    const reached = new Set<string>(start === undefined ? [] : [start]);
    for (const input of reached) {
        for (const imported of inputs[input].imports) {
            if (!imported.external && imported.path in inputs) reached.add(imported.path);
        }
    }
    return [...reached];
}

/** What esbuild bundled, checked: project files inside the root, packages pinned exactly. */
function checked(root: string, entryReal: string, code: string, reached: readonly string[], metaInputs: MetaInputs, reads: Reads = newReads()): Built {
    const pinned = pinnedDependencies(root);
    const sources: string[] = [];
    const packages: Record<string, string> = {};
    const inputs: Record<string, string> = {};
    for (const input of reached) {
        const file = path.resolve(root, input);
        inputs[file] = fileHash(file, reads);
        const shown = path.relative(root, file).split(path.sep).join("/");
        if (shown.split("/").includes("node_modules")) {
            const owner = owningPackage(file, reads);
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
        for (const imported of metaInputs[input].imports) {
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
    const sortedPackages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a < b ? -1 : 1)));
    return { code, sources: sources.sort(), packages: sortedPackages, sha256: sha256(code), inputs };
}

/** What identifies a bundle before its inputs are known: the tool, its options, the entry. */
function cacheKey(root: string, entryReal: string): string {
    const manifest = path.join(root, "package.json");
    const pins = fs.existsSync(manifest) ? fs.readFileSync(manifest, "utf8") : "";
    return sha256(JSON.stringify([CACHE_FORMAT, esbuild.version, BUILD_OPTIONS, path.relative(root, entryReal), pins]));
}

function readCache(file: string | undefined, reads: Reads = newReads()): Built | undefined {
    if (!file) return undefined;
    try {
        const cached = JSON.parse(fs.readFileSync(file, "utf8")) as Built;
        for (const [input, hash] of Object.entries(cached.inputs)) {
            if (!fs.existsSync(input) || fileHash(input, reads) !== hash) {
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

/** Where one entry's bundle is kept: in this process under `memoKey`, on disk in `cacheFile` (none with `cacheDir: false`). */
export interface BundleJob {
    readonly root: string;
    /** The entry's real path, already checked (handler-entry.ts). */
    readonly entryReal: string;
    readonly memoKey: string;
    readonly cacheFile?: string;
}

/** Where the bundle of a checked entry is kept. @param cacheDir false for no disk cache; @default `<root>/node_modules/.cache/datasharing-lambda` */
export function bundleJob(root: string, entryReal: string, cacheDir?: string | false): BundleJob {
    const dir = cacheDir === undefined ? path.join(root, "node_modules", ".cache", "datasharing-lambda") : cacheDir;
    const cacheFile = dir === false ? undefined : path.join(dir, `${cacheKey(root, entryReal)}.json`);
    return { root, entryReal, memoKey: `${root}\0${entryReal}\0${dir}`, cacheFile };
}

const bundles = new Map<string, LambdaBundle>();
const pendingBundles = new Map<string, Promise<LambdaBundle>>();

/** The bundle: from this process, from the disk cache, or built now (waiting for esbuild). */
export function bundleNow(job: BundleJob): LambdaBundle {
    return bundles.get(job.memoKey) ?? fromCache(job) ?? keepNew(job, build(job.root, job.entryReal));
}

/** The bundle without waiting for esbuild: from this process (built or being built), the disk cache, or esbuild's service. */
export function bundleLater(job: BundleJob): Promise<LambdaBundle> {
    const known = bundles.get(job.memoKey) ?? pendingBundles.get(job.memoKey) ?? fromCache(job);
    return known ? Promise.resolve(known) : pending(job, buildAlone(job));
}

/**
 * Starts the bundles of several entries at once, in one esbuild build for those not kept
 * already; {@link bundleLater} then finds them. If the build fails, each entry is bundled
 * alone, so each gets its own error or bundle. Nothing waits here, and a failure surfaces
 * only to a caller that asks for that entry.
 */
export function bundleAllLater(jobs: readonly BundleJob[]): void {
    const reads = newReads();
    const missing = jobs.filter((job) => !bundles.has(job.memoKey) && !pendingBundles.has(job.memoKey) && !fromCache(job, reads));
    const roots = new Set(missing.map((job) => job.root));
    for (const root of roots) {
        const together = missing.filter((job) => job.root === root);
        const build = buildTogether(
            root,
            together.map((job) => job.entryReal),
        );
        for (const job of together) {
            const bundle = build.then(
                ({ code, inputs }) => {
                    const text = code.get(job.entryReal);
                    if (text === undefined) throw new Error(`lambdaCode: esbuild wrote no bundle for ${job.entryReal}`);
                    return keepNew(job, checked(root, job.entryReal, text, reachedFrom(root, job.entryReal, inputs), inputs, reads));
                },
                () => buildAlone(job),
            );
            pending(job, bundle);
        }
    }
}

/** The bundle on disk, if no input changed since it was built; kept for the rest of the process. */
function fromCache(job: BundleJob, reads: Reads = newReads()): LambdaBundle | undefined {
    const cached = readCache(job.cacheFile, reads);
    return cached && keep(job, cached);
}

/** The entry bundled alone through esbuild's service. */
function buildAlone(job: BundleJob): Promise<LambdaBundle> {
    return buildAsync(job.root, job.entryReal).then((fresh) => keepNew(job, fresh));
}

/**
 * A bundle being built, for callers that ask meanwhile; settled, it is in `bundles`, and a
 * failed one is not kept (the next caller tries again). A failure is only for a caller that
 * asks: an entry started early may never be asked for.
 */
function pending(job: BundleJob, bundle: Promise<LambdaBundle>): Promise<LambdaBundle> {
    pendingBundles.set(job.memoKey, bundle);
    const settled = () => {
        if (pendingBundles.get(job.memoKey) === bundle) pendingBundles.delete(job.memoKey);
    };
    bundle.then(settled, settled);
    return bundle;
}

/** A new build, written to the disk cache and kept. */
function keepNew(job: BundleJob, fresh: Built): LambdaBundle {
    if (job.cacheFile) writeCache(job.cacheFile, fresh);
    return keep(job, fresh);
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
