import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as path from "path";
import { BundleJob, LambdaBundle, bundleJob, bundleLater, bundleNow } from "./bundle";
import { checkEntry } from "./handler-entry";
import { projectRoot } from "./project-root";

/**
 * Packages a TypeScript Lambda handler as one self-contained file: esbuild bundles the
 * entry, every module it reaches and the packages it imports (the AWS SDK included) at the
 * versions package-lock.json pins, so the function never runs on whatever SDK the Lambda
 * runtime happens to ship. A handler may import only Node built-ins, files under the
 * project root, and packages the project pins exactly in its `dependencies`.
 *
 * Bundling costs about a second per handler, so a bundle is built once per process and
 * kept on disk under its inputs' content hash (bundle.ts). Use the archive with
 * `handler: LAMBDA_HANDLER` (handler-entry.ts).
 */

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

/** Checks the entry, and says where its bundle is kept. */
function checkedJob(entry: string, options: LambdaCodeOptions): BundleJob {
    const root = fs.realpathSync(path.resolve(options.root ?? projectRoot()));
    return bundleJob(root, checkEntry(root, entry), options.cacheDir);
}

/**
 * A handler's bundle: built once per process, or read from the disk cache when no input
 * changed since it was built.
 * @param entry the handler's `.ts` file, absolute or relative to the root; it must export `handler`
 * @throws Error when the entry is missing or exports no handler, a module does not compile or
 *   cannot be found, a bundled project file lies outside the root, or a package is imported
 *   that package.json does not pin exactly in `dependencies`
 */
export function bundleHandler(entry: string, options: LambdaCodeOptions = {}): LambdaBundle {
    return bundleNow(checkedJob(entry, options));
}

/**
 * {@link bundleHandler} without waiting for esbuild: the entry is checked now (a missing
 * entry or one without a handler throws here), the bundle comes from this process (one
 * started early included), the cache or esbuild's service.
 */
export function bundleHandlerAsync(entry: string, options: LambdaCodeOptions = {}): Promise<LambdaBundle> {
    return bundleLater(checkedJob(entry, options));
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
