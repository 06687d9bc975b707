import * as pulumi from "@pulumi/pulumi";

/** One problem in the configuration: the full key path and a message that says the fix. */
export interface ConfigProblem {
    /** Full config key path, e.g. `datasharing:topology.consumers[0].accountId`. */
    readonly key: string;
    /** What is wrong and how to fix it. */
    readonly message: string;
}

/**
 * Invalid configuration. Thrown before any resource is registered, so a bad config never
 * produces a half-built stack. A `RunError`, so the Pulumi CLI prints only the message.
 */
export class ConfigError extends pulumi.RunError {
    readonly problems: readonly ConfigProblem[];

    constructor(problems: readonly ConfigProblem[]) {
        const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
        const lines = problems.map((p) => `  - ${p.key}: ${p.message}`);
        super(`Invalid datasharing configuration (${count}); nothing was deployed:\n${lines.join("\n")}`);
        this.name = "ConfigError";
        this.problems = problems;
    }

    static single(key: string, message: string): ConfigError {
        return new ConfigError([{ key, message }]);
    }
}

/** Renders a path such as ["consumers", 0, "accountId"] as `consumers[0].accountId`. */
export function formatPath(base: string, path: readonly PropertyKey[]): string {
    let out = base;
    for (const part of path) {
        out += typeof part === "number" ? `[${part}]` : `.${String(part)}`;
    }
    return out;
}
