import { ConfigError, formatPath } from "../config-error";
import { PatternSet } from "../pattern-set";
import { friendlyMessage, zodProblems } from "../zod-problems";
import { Topology, toModel } from "./model";
import { checkAdvice } from "./advice-rules";
import { checkRules } from "./rules";

export const TOPOLOGY_KEY = "datasharing:topology";

/**
 * Parses the topology as the config map holds it: YAML objects arrive as JSON text, so text
 * that is not JSON was written as a plain string.
 */
export function parseTopologyText(text: string | undefined, patterns: PatternSet, key: string = TOPOLOGY_KEY): Topology {
    if (text === undefined) return parseTopology(undefined, patterns, key);
    let raw: unknown;
    try {
        raw = JSON.parse(text);
    } catch {
        throw ConfigError.single(
            key,
            "is a plain string, but the topology is a YAML object: put its fields under `value:` in Pulumi.yaml (see docs/configuration.md)",
        );
    }
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
        throw ConfigError.single(
            key,
            `is ${Array.isArray(raw) ? "a list" : `the ${typeof raw} ${JSON.stringify(raw)}`}, but the topology is a YAML object: put its fields (accounts, patterns, dataProducts, consumers) under \`value:\` in Pulumi.yaml`,
        );
    }
    return parseTopology(raw, patterns, key);
}

/**
 * Parses the raw `datasharing:topology` value into the validated model, or throws one
 * `ConfigError` listing every problem with its key path and fix: the schema's, then the
 * rules' (the base's, then each pattern's), then the pattern advisor's.
 */
export function parseTopology(raw: unknown, patterns: PatternSet, key: string = TOPOLOGY_KEY): Topology {
    if (raw === undefined || raw === null) {
        throw ConfigError.single(key, "is not set: declare the topology under `config:` in Pulumi.yaml (see docs/configuration.md)");
    }
    const result = patterns.topologySchema.safeParse(raw, { error: friendlyMessage });
    if (!result.success) {
        throw new ConfigError(zodProblems(result.error.issues, (path) => formatPath(key, path)));
    }
    // The advisor runs once: its errors stop the parse with the rules', its warnings go with the model.
    const advice = checkAdvice(result.data, patterns);
    const problems = [...checkRules(result.data, patterns, patterns.rules), ...advice.errors].map((p) => ({
        key: formatPath(key, p.path),
        message: p.message,
    }));
    if (problems.length > 0) {
        throw new ConfigError(problems);
    }
    const warnings = advice.warnings.map((p) => ({ key: formatPath(key, p.path), message: p.message }));
    return toModel(result.data, warnings);
}
