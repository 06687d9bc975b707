import { execFileSync } from "child_process";
import { ConfigError } from "../../core/config-error";
import { messageOf } from "../../core/message-of";
import { LocalDeployWorkspace } from "../deploy/local-workspace";
import { UsageError } from "../deploy/usage-error";
import { handoff } from "./main";

handoff(process.argv.slice(2), {
    local: (dir) => new LocalDeployWorkspace(dir),
    write: (line) => console.log(line),
    commit: (dir) => {
        try {
            return execFileSync("git", ["rev-parse", "HEAD"], { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim() || undefined;
        } catch {
            return undefined;
        }
    },
}).then(
    (code) => process.exit(code),
    (err) => {
        console.error(err instanceof ConfigError || err instanceof UsageError ? err.message : `handoff failed: ${messageOf(err)}`);
        process.exit(err instanceof UsageError ? 2 : 1);
    },
);
