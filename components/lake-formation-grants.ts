import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * Lake Formation grants as data: what a principal may do on which catalog resource. Tests
 * and the plan evaluate this form; the component turns it into permissions resources.
 */

export type LakePermission = "ALL" | "SELECT" | "ALTER" | "DROP" | "DELETE" | "INSERT" | "DESCRIBE" | "CREATE_TABLE" | "DATA_LOCATION_ACCESS";

export type LakeGrantTarget =
    | { readonly kind: "database"; readonly database: string }
    | { readonly kind: "table"; readonly database: string; readonly table: string }
    /** A table without some columns: the way reference/004 hides `address` and `email`. */
    | { readonly kind: "columns"; readonly database: string; readonly table: string; readonly excludedColumns: readonly string[] }
    | { readonly kind: "location"; readonly arn: pulumi.Input<string> };

export interface LakeGrant {
    /** Stable, unique name of the grant within its component, e.g. "analyst-clean_sales". */
    readonly id: string;
    /** IAM principal ARN, QuickSight group ARN, or account id. */
    readonly principal: pulumi.Input<string>;
    readonly target: LakeGrantTarget;
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
        const ids = new Set<string>();
        let previous: pulumi.Input<pulumi.Resource>[] = args.after ?? [];
        for (const grant of args.grants) {
            if (ids.has(grant.id)) {
                throw new Error(`Lake Formation grant ${grant.id} is declared twice in ${name}`);
            }
            ids.add(grant.id);
            const permission = new aws.lakeformation.Permissions(`${name}-${grant.id}`, permissionsArgs(grant), { parent: this, dependsOn: previous });
            this.permissions.push(permission);
            previous = [permission];
        }
        this.registerOutputs({});
    }
}

function permissionsArgs(grant: LakeGrant): aws.lakeformation.PermissionsArgs {
    const permissions = [...grant.permissions];
    const base = { principal: grant.principal, permissions, permissionsWithGrantOptions: grant.grantable ? permissions : [] };
    const t = grant.target;
    switch (t.kind) {
        case "database":
            return { ...base, database: { name: t.database } };
        case "table":
            return { ...base, table: { databaseName: t.database, name: t.table } };
        case "columns":
            return { ...base, tableWithColumns: { databaseName: t.database, name: t.table, excludedColumnNames: [...t.excludedColumns] } };
        case "location":
            return { ...base, dataLocation: { arn: t.arn } };
    }
}
