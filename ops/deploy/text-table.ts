/** Rows as aligned columns of plain text, for a terminal or a CI log; the last column is not padded. */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[], indent = "  "): string[] {
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
    const line = (cells: readonly string[]) =>
        indent +
        cells
            .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
            .join("  ")
            .trimEnd();
    return [line(header), ...rows.map(line)];
}
