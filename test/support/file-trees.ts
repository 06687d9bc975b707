import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/**
 * Temporary folders of files for the `describe` block that calls this: the function it
 * returns writes files (path -> text) under a fresh folder and returns the folder's real
 * path. Every folder is removed after the block.
 */
export function fileTrees(prefix: string): (files: Record<string, string>) => string {
    const dirs: string[] = [];
    after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
    return (files) => {
        const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
        for (const [name, text] of Object.entries(files)) {
            fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
            fs.writeFileSync(path.join(dir, name), text);
        }
        dirs.push(dir);
        return dir;
    };
}
