import * as fs from "fs";
import * as path from "path";

let defaultRoot: string | undefined;

/** The nearest directory above this module that holds a package.json: the root handlers are bundled from. */
export function projectRoot(): string {
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

/** Whether `file` lies inside `root` (not the root itself). */
export function isInside(root: string, file: string): boolean {
    const rel = path.relative(root, file);
    return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
}
