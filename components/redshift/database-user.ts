import * as pulumi from "@pulumi/pulumi";
import { AwsTarget } from "../../core/dynamic/aws-target";
import { providerCode } from "../../core/dynamic/provider-code";
import { Statement, Warehouse, dataApiClient, runStatements } from "./data-api";
import { SchemaPrivileges, alterUserPassword, createUser, dropUser, grantSchemaPrivileges, revokeSchemaPrivileges } from "./warehouse-sql";

/**
 * A database user with exactly the schema privileges it needs, made through the Redshift
 * Data API: option B's copy job reads the producer's warehouse as one and writes the
 * external warehouse as another, never as the admin.
 */

export interface DatabaseUserInputs {
    /** Account, region and deployment role of the Data API calls. */
    target: AwsTarget;
    /** The warehouse and database of the user. */
    warehouse: Warehouse;
    /** User name; a Redshift identifier. */
    user: string;
    /** Password (letters and digits); a secret in the state. */
    password: string;
    /** Schema privileges, granted on create and brought in line on update. */
    privileges: SchemaPrivileges[];
}

export function createUserStatements(inputs: DatabaseUserInputs): Statement[] {
    return [createUser(inputs.user, inputs.password), ...inputs.privileges.flatMap((p) => grantSchemaPrivileges(inputs.user, p))];
}

/** Password first, then privileges revoked as they were and granted as they are. */
export function updateUserStatements(olds: DatabaseUserInputs, news: DatabaseUserInputs): Statement[] {
    const password = olds.password !== news.password ? [alterUserPassword(news.user, news.password)] : [];
    const samePrivileges = JSON.stringify(olds.privileges) === JSON.stringify(news.privileges);
    const privileges = samePrivileges
        ? []
        : [...olds.privileges.flatMap((p) => revokeSchemaPrivileges(olds.user, p)), ...news.privileges.flatMap((p) => grantSchemaPrivileges(news.user, p))];
    return [...password, ...privileges];
}

/** Redshift refuses to drop a user that still holds privileges. */
export function deleteUserStatements(props: DatabaseUserInputs): string[] {
    return [...props.privileges.flatMap((p) => revokeSchemaPrivileges(props.user, p)), dropUser(props.user)];
}

export const databaseUserProvider: pulumi.dynamic.ResourceProvider<DatabaseUserInputs, DatabaseUserInputs> = {
    async create(inputs: DatabaseUserInputs): Promise<pulumi.dynamic.CreateResult<DatabaseUserInputs>> {
        const statements = createUserStatements(inputs);
        await runStatements(await dataApiClient(inputs.target), inputs.warehouse, statements);
        return { id: inputs.user, outs: inputs };
    },

    async diff(_id: pulumi.ID, olds: DatabaseUserInputs, news: DatabaseUserInputs): Promise<pulumi.dynamic.DiffResult> {
        const moved = olds.user !== news.user || JSON.stringify(olds.warehouse) !== JSON.stringify(news.warehouse);
        if (moved) {
            return { changes: true, replaces: olds.user !== news.user ? ["user"] : ["warehouse"], deleteBeforeReplace: true };
        }
        return { changes: updateUserStatements(olds, news).length > 0 };
    },

    async update(_id: pulumi.ID, olds: DatabaseUserInputs, news: DatabaseUserInputs): Promise<pulumi.dynamic.UpdateResult<DatabaseUserInputs>> {
        await runStatements(await dataApiClient(news.target), news.warehouse, updateUserStatements(olds, news));
        return { outs: news };
    },

    async delete(_id: pulumi.ID, props: DatabaseUserInputs): Promise<void> {
        await runStatements(await dataApiClient(props.target), props.warehouse, deleteUserStatements(props));
    },
};

export interface DatabaseUserArgs {
    /** Account, region and deployment role of the Data API calls. */
    target: pulumi.Input<AwsTarget>;
    /** The warehouse and database of the user. */
    warehouse: pulumi.Input<Warehouse>;
    /** User name (letters, digits, `_`). */
    user: pulumi.Input<string>;
    /** Its password: letters and digits with each class present (use a generated one). */
    password: pulumi.Input<string>;
    /** Schema privileges, e.g. `[{ schema: "logs", create: false, tables: ["SELECT"] }]`. */
    privileges: pulumi.Input<SchemaPrivileges[]>;
}

/** A least-privilege database user; the password is kept secret in the state. */
export class DatabaseUser extends pulumi.dynamic.Resource {
    constructor(name: string, args: DatabaseUserArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            providerCode(databaseUserProvider),
            name,
            { ...args, password: pulumi.secret(args.password) },
            { ...opts, additionalSecretOutputs: ["password"] },
            "datasharing",
            "DatabaseUser",
        );
    }
}
