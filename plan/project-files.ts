import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

/**
 * Reads Pulumi.yaml and Pulumi.<stack>.yaml the way the Pulumi CLI hands config to the
 * program: one flat map of `namespace:key` to string, objects as JSON text, stack values
 * over project values. Secrets become a visible placeholder: the plan never decrypts.
 */

export interface ProjectFiles {
    readonly dir: string;
    readonly project: string;
    /** Project-level config (Pulumi.yaml `config:`), flattened. */
    readonly projectConfig: Record<string, string>;
}

export const SECRET_PLACEHOLDER = "[secret]";

export function readProject(dir: string): ProjectFiles {
    const file = path.join(dir, "Pulumi.yaml");
    const doc = parseYaml(fs.readFileSync(file, "utf8")) as { name?: string; config?: Record<string, unknown> };
    if (!doc?.name) {
        throw new Error(`${file} has no project name`);
    }
    const projectConfig: Record<string, string> = {};
    for (const [key, entry] of Object.entries(doc.config ?? {})) {
        const value = isDeclaration(entry) ? (entry.value ?? entry.default) : entry;
        if (value !== undefined) {
            projectConfig[namespaced(doc.name, key)] = encode(value);
        }
    }
    return { dir, project: doc.name, projectConfig };
}

/** The config a stack's program sees: project values overlaid with the stack file's, if any. */
export function stackConfig(project: ProjectFiles, stack: string): { config: Record<string, string>; secretKeys: string[]; file?: string } {
    const file = path.join(project.dir, `Pulumi.${stack}.yaml`);
    const config = { ...project.projectConfig };
    const secretKeys: string[] = [];
    if (!fs.existsSync(file)) {
        return { config, secretKeys };
    }
    const doc = (parseYaml(fs.readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> };
    for (const [key, value] of Object.entries(doc.config ?? {})) {
        const name = namespaced(project.project, key);
        if (isSecure(value)) {
            config[name] = SECRET_PLACEHOLDER;
            secretKeys.push(name);
        } else {
            config[name] = encode(value);
        }
    }
    return { config, secretKeys, file };
}

/** `{ value: ... }` or `{ type, default }` in Pulumi.yaml declares a key rather than giving an object. */
function isDeclaration(entry: unknown): entry is { value?: unknown; default?: unknown } {
    return typeof entry === "object" && entry !== null && !Array.isArray(entry) && ("value" in entry || "default" in entry || "type" in entry);
}

function isSecure(value: unknown): boolean {
    return typeof value === "object" && value !== null && "secure" in value;
}

/** A bare key belongs to the project's namespace, as the CLI treats it. */
function namespaced(project: string, key: string): string {
    return key.includes(":") ? key : `${project}:${key}`;
}

function encode(value: unknown): string {
    // JSON has no infinity: YAML's .inf would become null, and the message would blame a missing value.
    return typeof value === "string" ? value : JSON.stringify(value, (_, v) => (typeof v === "number" && !Number.isFinite(v) ? yamlNumberText(v) : v));
}

function yamlNumberText(n: number): string {
    return Number.isNaN(n) ? ".nan" : n > 0 ? ".inf" : "-.inf";
}

/**
 * YAML as the Pulumi CLI reads it: merge keys (`<<: *defaults`) are applied, as Go's
 * yaml.v3 applies them, instead of arriving as a key named "<<".
 */
function parseYaml(text: string): unknown {
    return parse(text, { merge: true });
}
