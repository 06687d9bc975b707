import { Account, Topology } from "../core/topology/model";
import { CapturedLookup, CapturedResource, ReferenceRead } from "./mock-aws";

/**
 * What an evaluation of the topology under the mock runtime gives (plan/evaluate.ts runs it):
 * each stack's registered resources, lookups, references and outputs. Read by the plan's
 * report, the entitlements and each pattern's paths, apart from the code that runs it.
 */

/** One stack evaluated under the mock runtime. */
export interface StackEvaluation {
    readonly stack: string;
    /** `org/project/stack`, as others reference it. */
    readonly path: string;
    readonly account: Account;
    readonly consumer?: string;
    readonly configFile?: string;
    /** The role the stack's provider assumes (`datasharing:assumeRoleArn`), which exists before it deploys. */
    readonly deploymentRole?: string;
    /** Stack outputs, when the program succeeded. */
    readonly outputs?: Record<string, unknown>;
    readonly resources: CapturedResource[];
    /** Data sources the program read (prefix lists, subnets), with what the mocks answered. */
    readonly lookups?: CapturedLookup[];
    readonly references: ReferenceRead[];
    /** Errors of the program: invalid config, broken references, failed registrations. */
    readonly errors: string[];
}

/** The whole topology, evaluated stack by stack in deploy order. */
export interface TopologyEvaluation {
    readonly project: string;
    readonly topology: Topology;
    readonly stacks: StackEvaluation[];
    /** `Pulumi.<stack>.yaml` files of no stack the topology deploys: config nothing reads. */
    readonly strayStackFiles?: string[];
}
