import * as pulumi from "@pulumi/pulumi";
import { LakeGrant } from "../lake-formation-grants";
import { CLEAN_CARDS, CLEAN_SALES, CUSTOMERS, CUSTOMER_PII_COLUMNS, LAKE_TABLES, RAW_TABLES, LAKE_DATABASE } from "./tables";

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

/** What an analyst may read: the clean tables, and customers without their PII. */
function analystReads(id: string, principal: pulumi.Input<string>): LakeGrant[] {
    return [
        { id: `${id}-clean_cards`, principal, target: { kind: "table", database: LAKE_DATABASE, table: CLEAN_CARDS.name }, permissions: ["SELECT"], grantable: false },
        { id: `${id}-clean_sales`, principal, target: { kind: "table", database: LAKE_DATABASE, table: CLEAN_SALES.name }, permissions: ["SELECT"], grantable: false },
        {
            id: `${id}-customers`,
            principal,
            target: { kind: "columns", database: LAKE_DATABASE, table: CUSTOMERS.name, excludedColumns: CUSTOMER_PII_COLUMNS },
            permissions: ["SELECT"],
            grantable: false,
        },
    ];
}

/**
 * The grants of reference/004, each to one principal: the admin holds db1 with grant
 * option; the Glue role creates tables and reads/updates what it crawls and cleans, never
 * with grant option; analysts read the clean tables and customers minus address and e-mail,
 * and nothing of the raw cards or sales.
 */
export function lakeGrants(p: LakePrincipals): LakeGrant[] {
    const raw = new Set<string>(RAW_TABLES.map((t) => t.name).filter((n) => n !== CUSTOMERS.name));
    return [
        { id: "admin-db1", principal: p.admin, target: { kind: "database", database: LAKE_DATABASE }, permissions: ["ALL"], grantable: true },
        { id: "glue-create-table", principal: p.glueRole, target: { kind: "database", database: LAKE_DATABASE }, permissions: ["CREATE_TABLE"], grantable: false },
        { id: "glue-location", principal: p.glueRole, target: { kind: "location", arn: p.lakeLocation }, permissions: ["DATA_LOCATION_ACCESS"], grantable: false },
        // The crawler updates every table's schema; the jobs read the raw cards and sales.
        ...LAKE_TABLES.map(
            (t): LakeGrant => ({
                id: `glue-${t.name}`,
                principal: p.glueRole,
                target: { kind: "table", database: LAKE_DATABASE, table: t.name },
                permissions: raw.has(t.name) ? ["SELECT", "ALTER"] : ["ALTER"],
                grantable: false,
            }),
        ),
        ...analystReads("analyst", p.analyst),
        ...(p.quickSightGroup ? analystReads("quicksight-analysts", p.quickSightGroup) : []),
    ];
}
