import { PATTERNS } from "../../patterns";
import { Entitlement } from "./model";

/**
 * What a reader takes in first, per consumer: the paths and products it reaches, the columns
 * its table grants leave out (the PII the producer withholds), its end date and whether it is
 * still active. Both reports' HTML lead with it.
 */
export interface ConsumerSummary {
    readonly consumer: string;
    readonly paths: readonly string[];
    readonly products: readonly string[];
    /** `table: column, ...` per table whose grants leave columns out. */
    readonly withheld: readonly string[];
    readonly endsAt: string;
    readonly status: string;
    readonly rows: number;
}

export function consumerSummaries(rows: readonly Entitlement[]): ConsumerSummary[] {
    const groups = new Map<string, Entitlement[]>();
    for (const r of rows) groups.set(r.consumer, [...(groups.get(r.consumer) ?? []), r]);
    return [...groups].map(([consumer, list]) => {
        const withheld = new Map<string, Set<string>>();
        for (const r of list.filter((r) => (r.excludedColumns ?? []).length > 0)) {
            const table = r.resource.split(":").pop()!.split(".").pop()!;
            withheld.set(table, new Set([...(withheld.get(table) ?? []), ...r.excludedColumns!]));
        }
        const ends = [...new Set(list.map((r) => r.endsAt ?? "open-ended"))];
        return {
            consumer,
            paths: [...new Set(list.map(pathLabel))],
            products: [...new Set(list.flatMap((r) => (r.product ? [r.product] : [])))],
            withheld: [...withheld].map(([table, columns]) => `${table}: ${[...columns].join(", ")}`),
            endsAt: ends.join(", "),
            status: list.every((r) => r.status === "expired") ? "expired" : "active",
            rows: list.length,
        };
    });
}

/** A path with its pattern number, as both reports show it. */
export function pathLabel(e: Pick<Entitlement, "path" | "pattern">): string {
    return e.pattern ? `${e.path}, pattern ${PATTERNS.facts(e.pattern).number}` : e.path;
}
