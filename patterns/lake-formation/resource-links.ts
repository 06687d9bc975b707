import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface ResourceLinksArgs {
    /** Account owning the shared databases. */
    ownerAccountId: string;
    /** Region of the owner's catalog. */
    ownerRegion: string;
    /** Shared database name -> name of its link in this account's catalog. */
    links: Record<string, string>;
    /** What must exist first: the settings, the accepted share. */
    after?: pulumi.Input<pulumi.Resource>[];
}

/**
 * Resource links: databases in this account's catalog that point at databases shared from
 * another account, so local tools (Athena, Glue) find the shared tables by name.
 */
export class ResourceLinks extends pulumi.ComponentResource {
    public readonly databases: aws.glue.CatalogDatabase[];

    constructor(name: string, args: ResourceLinksArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:lakeformation:ResourceLinks", name, {}, opts);
        this.databases = Object.entries(args.links).map(
            ([target, link]) =>
                new aws.glue.CatalogDatabase(
                    `${name}-${link}`,
                    { name: link, targetDatabase: { catalogId: args.ownerAccountId, databaseName: target, region: args.ownerRegion } },
                    { parent: this, dependsOn: args.after ?? [] },
                ),
        );
        this.registerOutputs({});
    }
}
