import { deployOrder, upstreamRoles } from "../../core/deploy-order";
import { stackPath } from "../../core/naming";
import { Topology } from "../../core/topology/model";
import { PATTERNS } from "../../patterns";
import { HeldAccounts, unknownStackMessage } from "./accounts-file";
import { ENVIRONMENT } from "./credentials";
import { Operation, runsInReverse } from "./operation";
import { UsageError } from "./usage-error";
import { StackTarget } from "./workspace";

/**
 * The stacks one run acts on, in order, each with the stacks it must wait for. The order is
 * the topology's (`deployOrder`), and a stack waits for exactly the stacks it reads
 * (`upstreamRoles`), so consumers that read nothing of each other run side by side.
 */

export interface SequenceStep {
    readonly target: StackTarget;
    /** Stacks of this run that must succeed first: its upstream ones, or for destroy its readers. */
    readonly after: readonly string[];
    /** Like `after`, the stacks this run does not touch: someone else deploys (or destroys) them. */
    readonly outside: readonly string[];
}

export interface SkippedStack {
    readonly stack: string;
    readonly reason: string;
}

export interface Sequence {
    readonly operation: Operation;
    /** In the order they start when nothing else limits them. */
    readonly steps: readonly SequenceStep[];
    readonly skipped: readonly SkippedStack[];
}

export interface SequenceRequest {
    readonly operation: Operation;
    /** Project name, for `<org>/<project>/<stack>`. */
    readonly project: string;
    /** Stacks the operator holds; undefined: every stack, with the environment's credentials. */
    readonly held?: HeldAccounts;
    /** `--stacks`: only these. */
    readonly only?: readonly string[];
}

export function planSequence(topology: Topology, request: SequenceRequest): Sequence {
    const { held, only } = request;
    const order = deployOrder(topology);
    const stacks = order.map((p) => p.account.stack);
    for (const name of only ?? []) {
        if (!stacks.includes(name)) throw new UsageError(`--stacks: ${unknownStackMessage(name, topology)}`);
        if (held && !held.stacks.has(name)) {
            throw new UsageError(
                `--stacks: ${name} is not in ${held.file}, so this operator has no credentials for it: add it there, or leave it out of --stacks`,
            );
        }
    }
    const inRun = (stack: string) => (only ? only.includes(stack) : held ? held.stacks.has(stack) : true);
    const reads = new Map(
        order.map((p) => {
            const consumer = topology.consumers.find((c) => c.name === p.consumer);
            return [p.account.stack, upstreamRoles(topology, { role: p.account.role, consumer }, PATTERNS).map((r) => topology[r]!.stack)];
        }),
    );
    const steps: SequenceStep[] = [];
    const skipped: SkippedStack[] = [];
    for (const planned of order) {
        const { account } = planned;
        if (!inRun(account.stack)) {
            skipped.push({ stack: account.stack, reason: only ? "not in --stacks" : `not held: not in ${held?.file}` });
            continue;
        }
        const upstream = reads.get(account.stack)!;
        const readers = stacks.filter((s) => reads.get(s)!.includes(account.stack));
        const related = runsInReverse(request.operation) ? readers : upstream;
        steps.push({
            target: {
                stack: account.stack,
                path: stackPath(account.pulumiOrg, request.project, account.stack),
                account,
                consumer: planned.consumer,
                credentials: held?.stacks.get(account.stack) ?? ENVIRONMENT,
            },
            after: related.filter(inRun),
            outside: related.filter((s) => !inRun(s)),
        });
    }
    return { operation: request.operation, steps: runsInReverse(request.operation) ? steps.reverse() : steps, skipped };
}
