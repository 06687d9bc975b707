import * as pulumi from "@pulumi/pulumi";
import { LakeGrant } from "../lake-formation/grants";
import { CLEAN_CARDS, CLEAN_SALES, CUSTOMERS, CUSTOMER_PII_COLUMNS, LAKE_TABLES, LakeTable, RAW_TABLES, LAKE_DATABASE } from "./tables";

/** The principals of reference/004 that receive Lake Formation permissions. */
export interface LakePrincipals {
    /** The data lake administrator (IAM user). */
    readonly admin: pulumi.Input<string>;
    /** The role the crawler and the masking jobs run as. */
    readonly glueRole: pulumi.Input<string>;
    /** The analyst (IAM user). */
    readonly analyst: pulumi.Input<string>;
    /** The QuickSight "Analyst" group, when QuickSight is on. */
    readonly quickSightGroup?: pulumi.Input<string>;
    /** ARN of the registered lake location (the lake bucket). */
    readonly lakeLocation: pulumi.Input<string>;
}

/** Columns of db1's tables the topology marks PII, by table. */
export type PiiColumns = Readonly<Record<string, readonly string[]>>;

/** Columns no analyst reads: reference/004's address and e-mail of customers, and what the topology marks PII. */
function hiddenColumns(table: LakeTable, pii: PiiColumns): string[] {
    const hidden = new Set([...(table.name === CUSTOMERS.name ? CUSTOMER_PII_COLUMNS : []), ...(pii[table.name] ?? [])]);
    return table.columns.map((c) => c.name).filter((c) => hidden.has(c));
}

/** What an analyst may read: the clean tables and customers, each without its PII columns. */
function analystReads(id: string, principal: pulumi.Input<string>, pii: PiiColumns): LakeGrant[] {
    return [CLEAN_CARDS, CLEAN_SALES, CUSTOMERS].map((table): LakeGrant => {
        const excludedColumns = hiddenColumns(table, pii);
        return {
            id: `${id}-${table.name}`,
            principal,
            target:
                excludedColumns.length > 0
                    ? { kind: "columns", database: LAKE_DATABASE, table: table.name, excludedColumns }
                    : { kind: "table", database: LAKE_DATABASE, table: table.name },
            permissions: ["SELECT"],
            grantable: false,
        };
    });
}

/**
 * The grants of reference/004, each to one principal: the admin holds db1 with grant
 * option; the Glue role creates tables and reads/updates what it crawls and cleans, never
 * with grant option; analysts read the clean tables and customers minus address, e-mail and
 * every column the topology marks PII, and nothing of the raw cards or sales.
 * @param pii columns of db1's tables the topology marks PII, by table
 */
export function lakeGrants(p: LakePrincipals, pii: PiiColumns = {}): LakeGrant[] {
    const raw = new Set<string>(RAW_TABLES.map((t) => t.name).filter((n) => n !== CUSTOMERS.name));
    return [
        { id: "admin-db1", principal: p.admin, target: { kind: "database", database: LAKE_DATABASE }, permissions: ["ALL"], grantable: true },
        {
            id: "glue-create-table",
            principal: p.glueRole,
            target: { kind: "database", database: LAKE_DATABASE },
            permissions: ["CREATE_TABLE"],
            grantable: false,
        },
        {
            id: "glue-location",
            principal: p.glueRole,
            target: { kind: "location", arn: p.lakeLocation },
            permissions: ["DATA_LOCATION_ACCESS"],
            grantable: false,
        },
        // The crawler updates every table's schema; the jobs read the raw cards and sales.
        ...LAKE_TABLES.map((t): LakeGrant => ({
            id: `glue-${t.name}`,
            principal: p.glueRole,
            target: { kind: "table", database: LAKE_DATABASE, table: t.name },
            permissions: raw.has(t.name) ? ["SELECT", "ALTER"] : ["ALTER"],
            grantable: false,
        })),
        ...analystReads("analyst", p.analyst, pii),
        ...(p.quickSightGroup ? analystReads("quicksight-analysts", p.quickSightGroup, pii) : []),
    ];
}
