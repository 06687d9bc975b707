import { ConfigError } from "../../core/config-error";
import { messageOf } from "../../core/message-of";
import { UsageError } from "../deploy/usage-error";
import { verify } from "./main";

verify(process.argv.slice(2), { write: (line) => console.log(line) }).then(
    (code) => process.exit(code),
    (err) => {
        console.error(err instanceof ConfigError || err instanceof UsageError ? err.message : `verify failed: ${messageOf(err)}`);
        process.exit(err instanceof UsageError ? 2 : 1);
    },
);
