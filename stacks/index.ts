import { AccountRole } from "../core/topology/model";
import { StackContext } from "../core/stack/context";
import { openAccount } from "./account";
import { consumerStack } from "./consumer";
import { externalStack } from "./external";
import { governanceStack } from "./governance";
import { producerStack } from "./producer";

/** One program per account role. */
const PROGRAMS: Record<AccountRole, (scope: ReturnType<typeof openAccount>) => object> = {
    producer: producerStack,
    governance: governanceStack,
    external: externalStack,
    consumer: consumerStack,
};

/** Runs the program of the context's account role and returns its stack outputs. */
export function runAccountProgram(ctx: StackContext): object {
    return PROGRAMS[ctx.identity.role](openAccount(ctx));
}
