import * as pulumi from "@pulumi/pulumi";

/**
 * The type token a resource is registered under, as the plan and verify read registered
 * resources by: from the resource's class (`typeOf(aws.s3.AccessPoint)` is
 * `aws:s3/accessPoint:AccessPoint`), or from the name a dynamic resource of this program
 * registers (`dynamicType("DataGrant")`), so what registers and what reads agree by
 * construction, not by a string copied twice.
 */

/** The module of this program's dynamic resources (`super(provider, name, props, opts, DYNAMIC_MODULE, type)`). */
export const DYNAMIC_MODULE = "datasharing";

/** The type token of a provider's resource class (its generated `__pulumiType`). */
export function typeOf(resource: abstract new (...args: never[]) => pulumi.Resource): string {
    const token = (resource as unknown as { __pulumiType?: unknown }).__pulumiType;
    if (typeof token !== "string") throw new Error(`typeOf: ${resource.name} has no type token`);
    return token;
}

/** The type token of a dynamic resource of this program registered as `type`. */
export function dynamicType(type: string): string {
    return `pulumi-nodejs:dynamic/${DYNAMIC_MODULE}:${type}`;
}
