import * as pulumi from "@pulumi/pulumi";
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

/**
 * Runs the program of the context's account role and returns its stack outputs. Pattern
 * advice the topology goes against is shown first, as warnings in `pulumi preview` and `up`.
 */
export function runAccountProgram(ctx: StackContext): object {
    for (const w of ctx.topology.adviceWarnings) {
        pulumi.log.warn(`${w.key}: ${w.message}`);
    }
    return PROGRAMS[ctx.identity.role](openAccount(ctx));
}
