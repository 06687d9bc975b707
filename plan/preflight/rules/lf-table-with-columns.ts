import { PreflightRule, RuleViolation } from "../rule";
import { resourceLabel } from "../world";
import { PERMISSIONS } from "./lake-formation-grants";

/**
 * A column-level grant (`tableWithColumns`) is SELECT on either named columns or every
 * column but some (the column wildcard). The @pulumi/aws input docs: with
 * `excludedColumnNames`, `wildcard` must be `true` or the provider reports a difference on
 * every preview; with neither columns nor wildcard, or an empty column list, Lake Formation
 * rejects the call; and Lake Formation's permissions reference allows only SELECT on a
 * table with a column filter.
 */
export const lfTableWithColumns: PreflightRule = {
    id: "lf-table-with-columns",
    summary:
        "A tableWithColumns grant is SELECT on a non-empty list of columnNames, or on the column wildcard (wildcard: true) with optional excludedColumnNames; excludedColumnNames without wildcard: true is a perpetual diff.",
    fix: "Set wildcard: true beside excludedColumnNames (a plain table grant when nothing is excluded), name at least one column, and grant only SELECT on columns (DESCRIBE on the table separately).",
    source: {
        title: "Lake Formation Developer Guide: Lake Formation permissions reference (table with column filter: SELECT)",
        url: "https://docs.aws.amazon.com/lake-formation/latest/dg/lf-permissions-reference.html",
    },
    check(world) {
        const violations: RuleViolation[] = [];
        for (const { stack, resource } of world.placements()) {
            const t = resource.type === PERMISSIONS ? resource.inputs.tableWithColumns : undefined;
            if (!t) continue;
            const at = `columns of ${t.databaseName}.${t.name}`;
            const excluded: string[] = t.excludedColumnNames ?? [];
            const named: string[] | undefined = t.columnNames;
            const problems: string[] = [];
            if (excluded.length > 0 && t.wildcard !== true)
                problems.push(`excludes ${excluded.join(", ")} from ${at} without wildcard: true, which the provider reports as a difference on every preview`);
            if (t.wildcard !== true && (named === undefined || named.length === 0) && excluded.length === 0)
                problems.push(`names no column of ${t.databaseName}.${t.name} and sets no wildcard, which Lake Formation rejects`);
            if (t.wildcard === true && named !== undefined && named.length > 0)
                problems.push(`sets both columnNames and wildcard on ${at}: name the columns or use the wildcard`);
            const other = [...(resource.inputs.permissions ?? [])].filter((p: string) => p !== "SELECT");
            if (other.length > 0) problems.push(`grants ${other.join(", ")} on ${at}, where Lake Formation allows only SELECT`);
            for (const message of problems) violations.push({ stack: stack.stack, resource: resourceLabel(resource), message });
        }
        return violations;
    },
};
