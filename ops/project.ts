import * as path from "path";
import { Topology } from "../core/topology/model";
import { TOPOLOGY_KEY, parseTopologyText } from "../core/topology/parse";
import { PATTERNS } from "../patterns";
import { readProject } from "../plan/project-files";

/** The project the operator tools work on: its name and its validated topology, read from Pulumi.yaml. */
export interface OpsProject {
    readonly dir: string;
    readonly name: string;
    readonly topology: Topology;
}

/** Throws ConfigError on an invalid topology, before anything is called. */
export function loadProject(dir: string): OpsProject {
    const files = readProject(path.resolve(dir));
    return { dir: files.dir, name: files.project, topology: parseTopologyText(files.projectConfig[TOPOLOGY_KEY], PATTERNS) };
}
