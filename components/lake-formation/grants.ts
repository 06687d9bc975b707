import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * Lake Formation grants as data: what a principal may do on which catalog resource. Tests
 * and the plan evaluate this form; the component turns it into permissions resources.
 */

export type LakePermission = "ALL" | "SELECT" | "ALTER" | "DROP" | "DELETE" | "INSERT" | "DESCRIBE" | "CREATE_TABLE" | "DATA_LOCATION_ACCESS" | "ASSOCIATE";

/** One condition of an LF-tag expression: the resource's tag `key` has one of `values`. */
export interface TagCondition {
    /** LF-tag key, e.g. "visibility". */
    readonly key: string;
    /** Values of the key that match (any of them). */
    readonly values: readonly string[];
}

/** Catalog that owns the resource, when it is not the grantor's own (a resource shared with it). */
interface InCatalog {
    readonly catalogId?: string;
}

export type LakeGrantTarget =
    | ({ readonly kind: "database"; readonly database: pulumi.Input<string> } & InCatalog)
    | ({ readonly kind: "table"; readonly database: pulumi.Input<string>; readonly table: string } & InCatalog)
    /** Every table of a database. */
    | ({ readonly kind: "all-tables"; readonly database: pulumi.Input<string> } & InCatalog)
    /**
     * A table without some columns: the way reference/004 hides `address` and `email` inside
     * one account. Nothing excluded is a plain table grant.
     */
    | ({ readonly kind: "columns"; readonly database: pulumi.Input<string>; readonly table: string; readonly excludedColumns: readonly string[] } & InCatalog)
    /**
     * Exactly the named columns of a table, SELECT only: how columns are shared across
     * accounts (by inclusion, so a column added later is never shared by accident).
     */
    | ({ readonly kind: "named-columns"; readonly database: pulumi.Input<string>; readonly table: string; readonly columns: readonly string[] } & InCatalog)
    | ({ readonly kind: "location"; readonly arn: pulumi.Input<string> } & InCatalog)
    /** Every resource of a type whose LF-tags match all conditions: grants grow with tags, not tables. */
    | ({ readonly kind: "tag-expression"; readonly resourceType: "DATABASE" | "TABLE"; readonly expression: readonly TagCondition[] } & InCatalog)
    /** Permissions on LF-tags themselves (DESCRIBE, ASSOCIATE), so the grantee can use them. */
    | ({ readonly kind: "tag"; readonly key: string; readonly values: readonly string[] } & InCatalog)
    /** A data cells filter: rows (and columns) of a table, for rules tags cannot express. */
    | {
          readonly kind: "cells-filter";
          readonly catalogId: string;
          readonly database: pulumi.Input<string>;
          readonly table: string;
          readonly filter: pulumi.Input<string>;
      };

export interface LakeGrant {
    /** Stable, unique name of the grant within its component, e.g. "analyst-clean_sales". */
    readonly id: string;
    /** IAM principal ARN, QuickSight group ARN, or account id. */
    readonly principal: pulumi.Input<string>;
    /** What is granted on: a database, tables, columns, a location, LF-tags or a data cells filter. */
    readonly target: LakeGrantTarget;
    /** Lake Formation permissions granted on the target, e.g. SELECT, DESCRIBE. */
    readonly permissions: readonly LakePermission[];
    /** Whether the principal may grant the same permissions on. */
    readonly grantable: boolean;
}

export interface LakeFormationGrantsArgs {
    /** The grants, in the order they are applied. */
    grants: readonly LakeGrant[];
    /**
     * Resources that must exist first: the data lake settings that make the deployer an
     * admin, the catalog objects, the registered location. @default []
     */
    after?: pulumi.Input<pulumi.Resource>[];
}

/**
 * Applies Lake Formation grants one after another. Lake Formation rejects concurrent
 * changes to one catalog with ConcurrentModificationException, so each grant waits for
 * the previous one instead of racing it; a deploy is slower, but succeeds first time.
 */
export class LakeFormationGrants extends pulumi.ComponentResource {
    /** The permissions resources, in order. */
    public readonly permissions: aws.lakeformation.Permissions[] = [];

    constructor(name: string, args: LakeFormationGrantsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:lakeformation:Grants", name, {}, opts);
        checkGrants(name, args.grants);
        let previous: pulumi.Input<pulumi.Resource>[] = args.after ?? [];
        for (const grant of args.grants) {
            // Every input of a grant forces replacement. Created first, the new grant would be
            // undone by revoking the old one wherever the two overlap (same principal and
            // resource); revoked first, the principal ends with exactly the new grant. The chain
            // above is dependsOn only, so the replacement does not cascade to later grants.
            const permission = new aws.lakeformation.Permissions(`${name}-${grant.id}`, permissionsArgs(grant), {
                parent: this,
                dependsOn: previous,
                deleteBeforeReplace: true,
            });
            this.permissions.push(permission);
            previous = [permission];
        }
        this.registerOutputs({});
    }
}

/**
 * Refuses, before any grant is registered, a repeated id and two grants that give one
 * principal one permission on one resource: Lake Formation keeps a permission once, so
 * deleting either grant would revoke what the other still claims.
 */
function checkGrants(name: string, grants: readonly LakeGrant[]): void {
    const ids = new Set<string>();
    const held = new Map<string, LakeGrant>();
    for (const grant of grants) {
        if (ids.has(grant.id)) {
            throw new Error(`Lake Formation grant ${grant.id} is declared twice in ${name}`);
        }
        ids.add(grant.id);
        if (grant.target.kind === "named-columns" && grant.target.columns.length === 0) {
            throw new Error(`Lake Formation grant ${grant.id} in ${name} names no column: Lake Formation rejects an empty column list; grant nothing instead`);
        }
        const key = resourceKey(grant);
        if (key === undefined) continue;
        const other = held.get(key);
        const shared = other?.permissions.filter((p) => grant.permissions.includes(p)) ?? [];
        if (other && shared.length > 0) {
            throw new Error(
                `Lake Formation grants ${other.id} and ${grant.id} in ${name} both give ${grant.principal} ${shared.join(", ")} on the same resource: ` +
                    "deleting either would revoke what the other still claims. Declare the permission once.",
            );
        }
        held.set(key, grant);
    }
}

/** Principal and resource of a grant, when all are known now (not outputs of other resources). */
function resourceKey(grant: LakeGrant): string | undefined {
    const known = (v: unknown): boolean =>
        typeof v === "object" && v !== null ? !pulumi.Output.isInstance(v) && !(v instanceof Promise) && Object.values(v).every(known) : true;
    return known(grant.principal) && known(grant.target) ? JSON.stringify([grant.principal, grant.target]) : undefined;
}

function permissionsArgs(grant: LakeGrant): aws.lakeformation.PermissionsArgs {
    const permissions = [...grant.permissions];
    const base = { principal: grant.principal, permissions, permissionsWithGrantOptions: grant.grantable ? permissions : [] };
    const t = grant.target;
    switch (t.kind) {
        case "database":
            return { ...base, database: { name: t.database, catalogId: t.catalogId } };
        case "table":
            return { ...base, table: { databaseName: t.database, name: t.table, catalogId: t.catalogId } };
        case "all-tables":
            return { ...base, table: { databaseName: t.database, wildcard: true, catalogId: t.catalogId } };
        case "columns":
            // Excluding columns needs the column wildcard (the provider otherwise reports a
            // perpetual diff); excluding none is the whole table.
            return t.excludedColumns.length === 0
                ? { ...base, table: { databaseName: t.database, name: t.table, catalogId: t.catalogId } }
                : {
                      ...base,
                      tableWithColumns: {
                          databaseName: t.database,
                          name: t.table,
                          wildcard: true,
                          excludedColumnNames: [...t.excludedColumns],
                          catalogId: t.catalogId,
                      },
                  };
        case "named-columns":
            return { ...base, tableWithColumns: { databaseName: t.database, name: t.table, columnNames: [...t.columns], catalogId: t.catalogId } };
        case "location":
            return { ...base, dataLocation: { arn: t.arn, catalogId: t.catalogId } };
        case "tag-expression":
            return {
                ...base,
                lfTagPolicy: {
                    resourceType: t.resourceType,
                    expressions: t.expression.map((c) => ({ key: c.key, values: [...c.values] })),
                    catalogId: t.catalogId,
                },
            };
        case "tag":
            return { ...base, lfTag: { key: t.key, values: [...t.values], catalogId: t.catalogId } };
        case "cells-filter":
            return { ...base, dataCellsFilter: { tableCatalogId: t.catalogId, databaseName: t.database, tableName: t.table, name: t.filter } };
    }
}
