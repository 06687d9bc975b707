import { ConfigError } from "../../core/config-error";
import { messageOf } from "../../core/message-of";
import { gitSource } from "./git-source";
import { LocalDeployWorkspace } from "./local-workspace";
import { deploy } from "./main";
import { RemoteDeployWorkspace } from "./remote-workspace";
import { UsageError } from "./usage-error";

deploy(process.argv.slice(2), {
    local: (dir) => new LocalDeployWorkspace(dir),
    remote: (source) => new RemoteDeployWorkspace(source),
    gitSource,
    write: (line) => console.log(line),
}).then(
    (code) => process.exit(code),
    (err) => {
        console.error(err instanceof ConfigError || err instanceof UsageError ? err.message : `deploy failed: ${messageOf(err)}`);
        process.exit(err instanceof UsageError ? 2 : 1);
    },
);
