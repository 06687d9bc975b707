import { ContractOf } from "../../core/contract/exports";

/** Outputs a producer stack of `accountId` would export, for literal references and upstream maps. */
export function literalProducer(accountId: string): ContractOf<"producer"> {
    return publishedOutputs(accountId, "published");
}

/** Outputs an external stack of `accountId` would export. */
export function literalExternal(accountId: string): ContractOf<"external"> {
    return publishedOutputs(accountId, "external-published");
}

function publishedOutputs(accountId: string, purpose: string) {
    const bucket = `datasharing-${purpose}-${accountId}-eu-west-1`;
    return {
        accountId,
        region: "eu-west-1",
        publishedBucketName: bucket,
        publishedBucketArn: `arn:aws:s3:::${bucket}`,
        publishedKeyArn: `arn:aws:kms:eu-west-1:${accountId}:key/11111111-2222-3333-4444-555555555555`,
    };
}
