import { AccountRole, DataProduct } from "./topology/model";

/**
 * Tags on every taggable resource: the provider's default tags say which project and
 * account role own it; components add the data product where one applies.
 */

export const TAG_PREFIX = "datasharing";

export function defaultTags(namePrefix: string, role: AccountRole, stack: string): Record<string, string> {
    return {
        [`${TAG_PREFIX}:project`]: namePrefix,
        [`${TAG_PREFIX}:account-role`]: role,
        [`${TAG_PREFIX}:stack`]: stack,
        "managed-by": "pulumi",
    };
}

export function productTags(product: Pick<DataProduct, "name" | "classification">): Record<string, string> {
    return {
        [`${TAG_PREFIX}:data-product`]: product.name,
        [`${TAG_PREFIX}:classification`]: product.classification,
    };
}
