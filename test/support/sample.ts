import * as path from "path";
import { TOPOLOGY_KEY } from "../../core/topology/parse";
import { readProject, stackConfig } from "../../plan/project-files";

/** The repository root: tests run against the committed Pulumi.*.yaml. */
export const PROJECT_DIR = path.resolve(__dirname, "..", "..");

/** A fresh copy of the committed sample topology, safe to mutate in a test. */
export function sampleTopology(): any {
    return JSON.parse(readProject(PROJECT_DIR).projectConfig[TOPOLOGY_KEY]);
}

/** The flat config a stack's program sees with the committed files. */
export function sampleStackConfig(stack: string): Record<string, string> {
    return stackConfig(readProject(PROJECT_DIR), stack).config;
}

/** The sample topology with one change applied, for table-driven bad-config tests. */
export function topologyWith(change: (t: any) => void): any {
    const t = sampleTopology();
    change(t);
    return t;
}
