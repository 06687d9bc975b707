import type { OpMap, OpType } from "@pulumi/pulumi/automation";

/** Steps that change something, in the order people read them; `same` and reads change nothing. */
const SHOWN: readonly OpType[] = [
    "create",
    "update",
    "replace",
    "delete",
    "import",
    "create-replacement",
    "delete-replaced",
    "discard",
    "remove-pending-replace",
];

/** `3 create, 1 update` or `no changes`; the count of unchanged resources at the end. */
export function formatChanges(changes: OpMap): string {
    const parts = SHOWN.filter((op) => (changes[op] ?? 0) > 0).map((op) => `${changes[op]} ${op}`);
    const same = changes.same ?? 0;
    const text = parts.length > 0 ? parts.join(", ") : "no changes";
    return same > 0 ? `${text} (${same} unchanged)` : text;
}

/** `1m05s`, `42s`. */
export function formatSeconds(seconds: number): string {
    const m = Math.floor(seconds / 60);
    const s = seconds % 60;
    return m > 0 ? `${m}m${String(s).padStart(2, "0")}s` : `${s}s`;
}
