import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { AwsTarget } from "../../core/dynamic/aws-target";
import { AccountNames } from "../../core/naming";
import { Warehouse } from "./data-api";
import { DatabaseUser } from "./database-user";
import { SchemaPrivileges } from "./warehouse-sql";

export interface SecretDatabaseUserArgs {
    /** Names of the warehouse's account. */
    names: AccountNames;
    /** Account, region and deployment role of the Data API calls that create the user. */
    target: pulumi.Input<AwsTarget>;
    /** The warehouse and database of the user. */
    warehouse: pulumi.Input<Warehouse>;
    /** Database user name, e.g. "copy_reader". */
    user: string;
    /** Purpose in the secret's name, e.g. "redshift-copy-reader". */
    purpose: string;
    /** Who signs in with it, shown on the secret. */
    description: string;
    /** Key encrypting the secret; whoever reads the secret needs kms:Decrypt through Secrets Manager. */
    keyArn: pulumi.Input<string>;
    /** Schema privileges, e.g. `[{ schema: "logs", create: false, tables: ["SELECT"] }]`. */
    privileges: SchemaPrivileges[];
}

/**
 * A least-privilege database user whose generated password lives only in a Secrets Manager
 * secret (`username` and `password`, as Glue connections and the Data API read it), so a
 * job or function signs in as it without ever being the admin.
 */
export class SecretDatabaseUser extends pulumi.ComponentResource {
    /** The secret to sign in with. */
    public readonly secretArn: pulumi.Output<string>;
    /** The user in the database. */
    public readonly user: DatabaseUser;

    constructor(name: string, args: SecretDatabaseUserArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:redshift:SecretDatabaseUser", name, {}, opts);
        const parent = { parent: this };
        const password = new random.RandomPassword(name, { length: 40, special: false, minUpper: 2, minLower: 2, minNumeric: 2 }, parent);
        const secret = new aws.secretsmanager.Secret(
            name,
            { name: args.names.name("generic", args.purpose), description: args.description, kmsKeyId: args.keyArn },
            parent,
        );
        new aws.secretsmanager.SecretVersion(
            name,
            { secretId: secret.id, secretString: pulumi.secret(pulumi.jsonStringify({ username: args.user, password: password.result })) },
            parent,
        );
        this.user = new DatabaseUser(
            name,
            { target: args.target, warehouse: args.warehouse, user: args.user, password: password.result, privileges: args.privileges },
            parent,
        );
        this.secretArn = secret.arn;
        this.registerOutputs({ secretArn: this.secretArn });
    }
}
