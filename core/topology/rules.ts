import { PatternCatalog, PatternId } from "./patterns";
import { defaultConsumerStack } from "./model";
import { RuleProblem, TopologyRule } from "./problem";
import { ParsedTopology } from "./schema";

/**
 * Rules that relate one part of the topology to another, whatever the pattern: accounts,
 * names, and each pattern's facts (the accounts it needs, what it may carry). Each pattern
 * adds its own rules (its folder's `config.ts`). Each returns problems with the path of the
 * offending key; the caller prefixes the config key and reports them all.
 */

type Rule = TopologyRule;

/** Products some consumer takes through one of `patterns`, expired consumers included. */
export function takenThrough(t: ParsedTopology, patterns: readonly PatternId[]): Set<string> {
    return new Set(t.consumers.flatMap((c) => c.dataProducts.filter((a) => (a.patterns ?? c.patterns).some((p) => patterns.includes(p))).map((a) => a.name)));
}

/** The patterns of the catalog that serve the producer's published snapshots. */
export function servingSnapshots(patterns: PatternCatalog): PatternId[] {
    return patterns.ids.filter((id) => patterns.facts(id).servesPublishedSnapshots);
}

const FIXED = ["producer", "governance", "external"] as const;

/** Producer, governance, external and every AWS consumer each need an account of their own. */
const distinctAccounts: Rule = (t) => {
    const problems: RuleProblem[] = [];
    const owners = new Map<string, string>();
    const claim = (id: string, owner: string, path: (string | number)[]) => {
        const first = owners.get(id);
        if (first === undefined) {
            owners.set(id, owner);
            return;
        }
        const what =
            first === "accounts.producer" && owner.startsWith("consumers")
                ? "a consumer cannot be the producer"
                : "every account role and every consumer needs an account of its own";
        problems.push({ path, message: `${id} is already used by ${first}; ${what}: use this party's own account id` });
    };
    for (const role of FIXED) {
        const a = t.accounts[role];
        if (a) claim(a.accountId, `accounts.${role}`, ["accounts", role, "accountId"]);
    }
    t.consumers.forEach((c, i) => {
        if (c.accountId) claim(c.accountId, `consumers[${i}] (${c.name})`, ["consumers", i, "accountId"]);
    });
    return problems;
};

function duplicates<T>(items: readonly T[], key: (item: T) => string): number[] {
    const seen = new Set<string>();
    const dup: number[] = [];
    items.forEach((item, i) => {
        const k = key(item);
        if (seen.has(k)) dup.push(i);
        seen.add(k);
    });
    return dup;
}

const uniqueNames: Rule = (t) => {
    const problems: RuleProblem[] = [];
    for (const i of duplicates(t.consumers, (c) => c.name)) {
        problems.push({ path: ["consumers", i, "name"], message: `consumer "${t.consumers[i].name}" is declared twice: give each consumer a unique name` });
    }
    for (const i of duplicates(t.dataProducts, (p) => p.name)) {
        problems.push({
            path: ["dataProducts", i, "name"],
            message: `data product "${t.dataProducts[i].name}" is declared twice: give each product a unique name`,
        });
    }
    t.dataProducts.forEach((p, pi) => {
        for (const ti of duplicates(p.tables, (tb) => tb.name)) {
            problems.push({
                path: ["dataProducts", pi, "tables", ti, "name"],
                message: `table "${p.tables[ti].name}" is declared twice in "${p.name}": rename or remove one`,
            });
        }
        p.tables.forEach((tb, ti) => {
            for (const ci of duplicates(tb.columns, (c) => c.name)) {
                problems.push({
                    path: ["dataProducts", pi, "tables", ti, "columns", ci, "name"],
                    message: `column "${tb.columns[ci].name}" is declared twice in table "${tb.name}": rename or remove one`,
                });
            }
        });
    });
    for (const i of duplicates(t.patterns.enabled, (p) => p)) {
        problems.push({ path: ["patterns", "enabled", i], message: `${t.patterns.enabled[i]} is listed twice: list each pattern once` });
    }
    t.consumers.forEach((c, ci) => {
        for (const i of duplicates(c.patterns, (p) => p)) {
            problems.push({ path: ["consumers", ci, "patterns", i], message: `${c.patterns[i]} is listed twice: list each pattern once` });
        }
        for (const i of duplicates(c.dataProducts, (p) => p.name)) {
            problems.push({ path: ["consumers", ci, "dataProducts", i], message: `data product "${c.dataProducts[i].name}" is listed twice: list it once` });
        }
    });
    return problems;
};

/** Stack names must be unique, or two accounts would read and write the same state. */
const uniqueStacks: Rule = (t) => {
    const problems: RuleProblem[] = [];
    const seen = new Map<string, string>();
    const claim = (stack: string, owner: string, path: (string | number)[]) => {
        const first = seen.get(stack);
        if (first !== undefined) {
            problems.push({ path, message: `stack "${stack}" is already the stack of ${first}: give each account its own stack name` });
        }
        seen.set(stack, owner);
    };
    for (const role of FIXED) {
        const a = t.accounts[role];
        if (a) claim(a.stack ?? role, `accounts.${role}`, ["accounts", role, "stack"]);
    }
    t.consumers.forEach((c, i) => {
        if (c.accountId) claim(c.stack ?? defaultConsumerStack(c.name), `consumers[${i}]`, ["consumers", i, "stack"]);
    });
    return problems;
};

/** An enabled pattern needs the accounts that host it. */
const patternAccounts: Rule = (t, patterns) =>
    t.patterns.enabled.flatMap((p, i) =>
        patterns
            .facts(p)
            .needs.filter((role) => t.accounts[role] === undefined)
            .map((role) => ({
                path: ["patterns", "enabled", i],
                message: `${patterns.describe(p)} needs the ${role} account, which is not declared: add accounts.${role} or remove the pattern`,
            })),
    );

const dataProductShape: Rule = (t) =>
    t.dataProducts.flatMap((p, i) => {
        if (p.structure === "structured" && p.tables.length === 0) {
            return [
                {
                    path: ["dataProducts", i, "tables"],
                    message: `structured product "${p.name}" has no tables: list its tables and columns, or mark it structure: unstructured`,
                },
            ];
        }
        if (p.structure === "unstructured" && p.tables.length > 0) {
            return [
                {
                    path: ["dataProducts", i, "tables"],
                    message: `unstructured product "${p.name}" cannot have tables: remove them, or mark it structure: structured`,
                },
            ];
        }
        return [];
    });

function consumerRules(t: ParsedTopology, patterns: PatternCatalog): RuleProblem[] {
    const problems: RuleProblem[] = [];
    const products = new Map(t.dataProducts.map((p) => [p.name, p]));
    const enabled = new Set(t.patterns.enabled);
    t.consumers.forEach((c, ci) => {
        const at = (...rest: (string | number)[]) => ["consumers", ci, ...rest];
        const onAws = c.accountId !== undefined;

        c.patterns.forEach((p, pi) => {
            if (!enabled.has(p)) {
                problems.push({
                    path: at("patterns", pi),
                    message: `${patterns.describe(p)} is not enabled: add it to patterns.enabled or remove it from this consumer`,
                });
            }
            if (!onAws && patterns.facts(p).consumerOnAws) {
                problems.push({
                    path: at("patterns", pi),
                    message: `${patterns.describe(p)} needs a consumer on AWS, but "${c.name}" has no accountId: give its accountId, or serve it through partner-api`,
                });
            }
        });

        if (!onAws) {
            if (c.deliveryEmail === undefined) {
                problems.push({
                    path: at("accountId"),
                    message: `consumer "${c.name}" has neither accountId nor deliveryEmail: give the AWS account id, or a deliveryEmail for a partner not on AWS`,
                });
            }
            for (const key of ["principals", "region", "stack", "pulumiOrg"] as const) {
                const value = c[key];
                if (value !== undefined && !(Array.isArray(value) && value.length === 0)) {
                    problems.push({
                        path: at(key),
                        message: `only applies to a consumer on AWS, and "${c.name}" has no accountId: remove ${key} or add accountId`,
                    });
                }
            }
            if (c.sameOrganization) {
                problems.push({
                    path: at("sameOrganization"),
                    message: `a partner that is not on AWS cannot be in the producer's AWS Organization: remove sameOrganization or add accountId`,
                });
            }
        }

        c.principals.forEach((arn, i) => {
            const owner = arn.split(":")[4];
            if (c.accountId !== undefined && owner !== c.accountId) {
                problems.push({
                    path: at("principals", i),
                    message: `belongs to account ${owner}, not to this consumer's account ${c.accountId}: list principals of the consumer's own account`,
                });
            }
        });

        c.dataProducts.forEach((access, ai) => {
            const product = products.get(access.name);
            if (!product) {
                const known = [...products.keys()].join(", ");
                problems.push({
                    path: at("dataProducts", ai),
                    message: `unknown data product "${access.name}": declare it under dataProducts or use one of ${known}`,
                });
                return;
            }
            (access.patterns ?? []).forEach((p, pi) => {
                if (!c.patterns.includes(p)) {
                    problems.push({
                        path: at("dataProducts", ai, "patterns", pi),
                        message: `${p} is not among this consumer's patterns: add it to consumers[${ci}].patterns or remove it here`,
                    });
                }
            });
            for (const p of access.patterns ?? c.patterns) {
                problems.push(...compatibility(patterns, p, product, at("dataProducts", ai), access.patterns === undefined));
            }
        });
    });
    return problems;
}

/** Whether a pattern may carry a product, by the product's structure and classification. */
function compatibility(
    patterns: PatternCatalog,
    pattern: PatternId,
    product: ParsedTopology["dataProducts"][number],
    path: (string | number)[],
    inherited: boolean,
): RuleProblem[] {
    const facts = patterns.facts(pattern);
    const narrow = inherited ? ` (or narrow this entry to { name: ${product.name}, patterns: [...] })` : "";
    const problems: RuleProblem[] = [];
    if (!facts.classifications.includes(product.classification)) {
        problems.push({
            path,
            message: `"${product.name}" is ${product.classification}, and ${patterns.describe(pattern)} may carry only ${facts.classifications.join(" or ")} data: share it through another pattern${narrow}`,
        });
    }
    if (!facts.structures.includes(product.structure)) {
        problems.push({
            path,
            message: `"${product.name}" is ${product.structure}, and ${patterns.describe(pattern)} shares only ${facts.structures.join(" or ")} data: share it through another pattern${narrow}`,
        });
    }
    return problems;
}

const RULES: readonly Rule[] = [distinctAccounts, uniqueNames, uniqueStacks, patternAccounts, dataProductShape, consumerRules];

/** Every problem of the base rules, then of the patterns' own rules (`patternRules`, in the order the patterns are registered). */
export function checkRules(t: ParsedTopology, patterns: PatternCatalog, patternRules: readonly TopologyRule[] = []): RuleProblem[] {
    return [...RULES, ...patternRules].flatMap((rule) => rule(t, patterns));
}
