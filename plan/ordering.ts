import { CapturedResource } from "./mock-aws";

/**
 * The order Pulumi will respect between registered resources: explicit and input
 * dependencies, where depending on a component means depending on everything under it.
 */
export class Ordering {
    private readonly byName = new Map<string, CapturedResource>();
    private readonly children = new Map<string, CapturedResource[]>();
    private readonly memo = new Map<string, Set<string>>();

    constructor(private readonly resources: readonly CapturedResource[]) {
        for (const r of resources) {
            this.byName.set(keyOf(r), r);
            const parent = keyOfUrn(r.options.parent);
            if (parent) this.children.set(parent, [...(this.children.get(parent) ?? []), r]);
        }
    }

    /** Keys (`type::name`) of every resource that must finish before `name` starts. */
    before(name: string): Set<string> {
        const cached = this.memo.get(name);
        if (cached) return cached;
        const result = new Set<string>();
        this.memo.set(name, result);
        const r = this.byName.get(name);
        for (const dep of r?.options.dependencies ?? []) {
            for (const d of this.expand(keyOfUrn(dep)!)) {
                result.add(d);
                this.before(d).forEach((x) => result.add(x));
            }
        }
        // A resource also waits for whatever its parent component waited for.
        const parent = keyOfUrn(r?.options.parent ?? "");
        if (parent && this.byName.get(parent)?.custom === false) this.before(parent).forEach((x) => result.add(x));
        return result;
    }

    /** Pairs of resources of the given types that could run at the same time. */
    concurrent(types: readonly string[]): [string, string][] {
        const chosen = this.resources.filter((r) => types.includes(r.type)).map(keyOf);
        const pairs: [string, string][] = [];
        for (let i = 0; i < chosen.length; i++) {
            for (let j = i + 1; j < chosen.length; j++) {
                if (!this.before(chosen[i]).has(chosen[j]) && !this.before(chosen[j]).has(chosen[i])) pairs.push([chosen[i], chosen[j]]);
            }
        }
        return pairs;
    }

    private expand(name: string): string[] {
        const kids = this.children.get(name) ?? [];
        return [name, ...kids.flatMap((k) => this.expand(keyOf(k)))];
    }
}

/** `type::name`: how the ordering names a resource. */
export function keyOf(r: Pick<CapturedResource, "type" | "name">): string {
    return `${r.type}::${r.name}`;
}

/** `urn:pulumi:stack::project::parent$type::name` -> `type::name`. */
function keyOfUrn(urn: string): string | undefined {
    if (!urn) return undefined;
    const parts = urn.split("::");
    return `${parts[parts.length - 2].split("$").pop()}::${parts[parts.length - 1]}`;
}
