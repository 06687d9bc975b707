import { execFileSync } from "child_process";
import { GitSource } from "./remote-workspace";
import { UsageError } from "./usage-error";

/**
 * The repository Pulumi Deployments runs a remote sequence from: `--remote-repo` and
 * `--remote-branch`, by default this checkout's `origin` and current branch. The runners
 * fetch the branch from the repository, so commit and push before a remote run.
 */
export function gitSource(dir: string, repo?: string, branch?: string, git: (args: string[]) => string = (args) => runGit(dir, args)): GitSource {
    const ask = (args: string[], what: string, flag: string): string => {
        try {
            const out = git(args).trim();
            if (out && out !== "HEAD") return out;
        } catch {
            // reported below
        }
        throw new UsageError(`--remote: could not read ${what} of ${dir} from git: give ${flag}`);
    };
    return {
        url: repo ?? ask(["remote", "get-url", "origin"], "the origin remote", "--remote-repo <url>"),
        branch: branch ?? ask(["rev-parse", "--abbrev-ref", "HEAD"], "the current branch", "--remote-branch <name>"),
        projectPath: projectPath(git),
    };
}

/** Folder of the project inside the repository; the root when git cannot say. */
function projectPath(git: (args: string[]) => string): string {
    try {
        return git(["rev-parse", "--show-prefix"]).trim().replace(/\/$/, "");
    } catch {
        return "";
    }
}

function runGit(dir: string, args: string[]): string {
    return execFileSync("git", args, { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
}
