import { AccessPath } from "../../../plan/entitlements/model";
import { CapturedResource, NO_OPTIONS } from "../../../plan/mock-aws";
import { StackEvaluation } from "../../../plan/evaluation";
import { Account, Topology } from "../../../core/topology/model";
import { LiveClients } from "../clients";
import { RetrySettings } from "../retry";

/**
 * What each live reader gets: one account's read-only clients, the topology, and the
 * plan's evaluation of the same stack. Readers turn what AWS answers into the resources the
 * plan's collectors read (plan/entitlements), same types and inputs, so the live report and
 * the plan's are made by the same code and compare like with like. Where a live object has
 * a counterpart in the plan under a stable name (a key's alias, a data set's name, an API
 * key's name), the reader gives it the plan's identity, so equal things read equal.
 */
export interface LiveReadContext {
    readonly account: Account;
    readonly topology: Topology;
    /** The plan's evaluation of this stack: the dictionary of names; undefined for an account the plan has no stack for. */
    readonly plan?: StackEvaluation;
    readonly clients: LiveClients;
    /** Runs one AWS call with verify's throttling retries. */
    readonly call: <T>(what: string, fn: () => Promise<T>) => Promise<T>;
    readonly retry?: RetrySettings;
    readonly asOf: Date;
    /** Something read that the report should say (a view the reader cannot see, a pending share). */
    readonly note: (text: string) => void;
}

/** A live reader: one path kind's resources, as the plan would have captured them. */
export type LiveReader = (context: LiveReadContext) => Promise<CapturedResource[]>;

/** A live reader with the report's paths it is the evidence for: a reader that fails leaves those paths unverified in its account. */
export interface LiveReaderSpec {
    readonly name: string;
    readonly read: LiveReader;
    readonly paths: readonly AccessPath[];
}

/** A resource as the mocks capture it, built from what AWS answered. */
export function liveResource(
    context: Pick<LiveReadContext, "account">,
    type: string,
    name: string,
    inputs: Record<string, any>,
    id: string = name,
): CapturedResource {
    return { type, name, inputs, accountId: context.account.accountId, region: context.account.region, id, state: inputs, custom: true, options: NO_OPTIONS };
}

/** The plan's resources of one type in this stack. */
export function planned(context: Pick<LiveReadContext, "plan">, type: string): CapturedResource[] {
    return (context.plan?.resources ?? []).filter((r) => r.type === type);
}

/** An AWS error's name, for telling "no such policy" from a failure. */
export function errorName(err: unknown): string {
    const e = err as { name?: string; Code?: string } | null;
    return e?.name ?? e?.Code ?? "";
}
