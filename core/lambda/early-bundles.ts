import * as fs from "fs";
import * as path from "path";
import { bundleAllLater, bundleJob } from "./bundle";
import { projectRoot } from "./project-root";

/**
 * With nothing cached (a fresh clone), packaging the handlers keeps esbuild busy for a
 * second or two. A command that will package them starts it before it loads the program,
 * so esbuild works on the second core while Node loads modules on the first, and the
 * bundles are ready when the program asks. Which files are handlers is read from their
 * text (a module that exports `handler`), not parsed: TypeScript would take 0.4 s to load
 * before esbuild could start. Only time depends on that guess: `lambdaCode` still checks
 * every entry (handler-entry.ts) and bundles any that was not started here.
 */

/** The folders that hold the project's Lambda handlers: components and patterns (README, "Where things are"). */
export const HANDLER_FOLDERS: readonly string[] = ["components", "patterns"];

/** An exported function or constant named `handler`, as the project's handlers declare it. */
const EXPORTS_HANDLER = /^export\s+(?:async\s+)?(?:function|const)\s+handler\b/m;

/** The `.ts` files under the root's `folders` (neither specs nor declarations) that export `handler`, sorted. */
export function findHandlerEntries(folders: readonly string[] = HANDLER_FOLDERS, root: string = projectRoot()): string[] {
    const entries: string[] = [];
    for (const folder of folders) {
        const dir = path.join(root, folder);
        if (!fs.existsSync(dir)) continue;
        for (const name of fs.readdirSync(dir, { recursive: true, encoding: "utf8" })) {
            if (!name.endsWith(".ts") || name.endsWith(".spec.ts") || name.endsWith(".d.ts")) continue;
            const file = path.join(dir, name);
            if (EXPORTS_HANDLER.test(fs.readFileSync(file, "utf8"))) entries.push(path.relative(root, file).split(path.sep).join("/"));
        }
    }
    return entries.sort();
}

/**
 * Starts bundling every handler under the root's `folders`, in one esbuild build, without
 * waiting; `lambdaCode` then picks the bundles up. A handler that does not bundle fails
 * only where it is used. @returns the entries started, relative to the root
 */
export function startBundlingHandlers(folders: readonly string[] = HANDLER_FOLDERS, root: string = projectRoot()): string[] {
    const real = fs.realpathSync(root);
    const entries = findHandlerEntries(folders, real);
    bundleAllLater(entries.map((entry) => bundleJob(real, fs.realpathSync(path.join(real, entry)))));
    return entries;
}
