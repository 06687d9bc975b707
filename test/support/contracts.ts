import { ContractOf } from "../../core/contract/exports";

/** Outputs a producer stack of `accountId` would export, for literal references and upstream maps. */
export function literalProducer(accountId: string): ContractOf<"producer"> {
    return { ...publishedOutputs(accountId, "published"), datashares: { inventory_levels: datashare(accountId, "inventory_levels") } };
}

/** Outputs an external stack of `accountId` would export. */
export function literalExternal(accountId: string): ContractOf<"external"> {
    return {
        ...publishedOutputs(accountId, "external-published"),
        datashares: { transaction_logs: datashare(accountId, "transaction_logs") },
        copyTarget: {
            clusterIdentifier: "datasharing-warehouse",
            database: "dev",
            writerSecretArn: `arn:aws:secretsmanager:eu-west-1:${accountId}:secret:datasharing-redshift-copy-writer-AbCdEf`,
            writerKeyArn: `arn:aws:kms:eu-west-1:${accountId}:key/22222222-3333-4444-5555-666666666666`,
        },
    };
}

/** A datashare of the sample topology, as its sharing stack exports it. */
function datashare(accountId: string, name: string) {
    const namespaceId = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
    return { arn: `arn:aws:redshift:eu-west-1:${accountId}:datashare:${namespaceId}/${name}`, namespaceId, accountId };
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
