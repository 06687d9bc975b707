import { APIGatewayClient } from "@aws-sdk/client-api-gateway";
import { DataExchangeClient } from "@aws-sdk/client-dataexchange";
import { GlueClient } from "@aws-sdk/client-glue";
import { KMSClient } from "@aws-sdk/client-kms";
import { LakeFormationClient } from "@aws-sdk/client-lakeformation";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { RAMClient } from "@aws-sdk/client-ram";
import { RedshiftClient } from "@aws-sdk/client-redshift";
import { RedshiftDataClient } from "@aws-sdk/client-redshift-data";
import { S3Client } from "@aws-sdk/client-s3";
import { S3ControlClient } from "@aws-sdk/client-s3-control";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { fromIni, fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import type { AwsCredentialIdentityProvider } from "@smithy/types";
import { AccountNames, VERIFICATION_ROLE } from "../../core/naming";
import { Account } from "../../core/topology/model";
import { CredentialSource } from "../deploy/credentials";

/** The read-only AWS clients of one account that verify's readers use; tests replace each with a mock. */
export interface LiveClients {
    readonly sts: STSClient;
    readonly lakeFormation: LakeFormationClient;
    readonly glue: GlueClient;
    readonly ram: RAMClient;
    readonly s3: S3Client;
    readonly s3Control: S3ControlClient;
    readonly kms: KMSClient;
    readonly redshift: RedshiftClient;
    readonly redshiftData: RedshiftDataClient;
    readonly dataExchange: DataExchangeClient;
    readonly apiGateway: APIGatewayClient;
    readonly lambda: LambdaClient;
}

export interface ClientOptions {
    /**
     * Assume the account's verification role (core/naming.ts VERIFICATION_ROLE) from the
     * credentials of the accounts file, so nothing verify does can change the account.
     * @default true
     */
    readonly assumeVerificationRole: boolean;
    /** Prefix of the project's physical names, for the role's name. */
    readonly namePrefix: string;
}

/** The provider of one account's credentials, as the accounts file (deploy-accounts.yaml) gives them. */
export function credentialsOf(
    source: CredentialSource,
    account: Pick<Account, "accountId" | "region">,
    options: ClientOptions,
): AwsCredentialIdentityProvider | undefined {
    const base = baseCredentials(source);
    if (!options.assumeVerificationRole) return base;
    const roleArn = new AccountNames(options.namePrefix, account).roleArn(VERIFICATION_ROLE);
    return fromTemporaryCredentials({
        params: { RoleArn: roleArn, RoleSessionName: "datasharing-verify", DurationSeconds: 3600 },
        masterCredentials: base,
        clientConfig: { region: account.region },
    });
}

function baseCredentials(source: CredentialSource): AwsCredentialIdentityProvider | undefined {
    switch (source.kind) {
        case "environment":
            return undefined;
        case "profile":
            return fromIni({ profile: source.profile });
        case "role":
            return fromTemporaryCredentials({
                params: {
                    RoleArn: source.roleArn,
                    RoleSessionName: "datasharing-verify",
                    ExternalId: source.externalId,
                    DurationSeconds: source.durationSeconds,
                },
                masterCredentials: source.sourceProfile ? fromIni({ profile: source.sourceProfile }) : undefined,
            });
    }
}

/**
 * Clients of one account and region. The SDK's retries are off (`maxAttempts: 1`):
 * verify retries throttled calls itself (retry.ts), once, with its own backoff.
 */
export function liveClients(region: string, credentials: AwsCredentialIdentityProvider | undefined): LiveClients {
    const config = { region, credentials, maxAttempts: 1 };
    return {
        sts: new STSClient(config),
        lakeFormation: new LakeFormationClient(config),
        glue: new GlueClient(config),
        ram: new RAMClient(config),
        s3: new S3Client(config),
        s3Control: new S3ControlClient(config),
        kms: new KMSClient(config),
        redshift: new RedshiftClient(config),
        redshiftData: new RedshiftDataClient(config),
        dataExchange: new DataExchangeClient(config),
        apiGateway: new APIGatewayClient(config),
        lambda: new LambdaClient(config),
    };
}

/** The account the clients' credentials belong to. */
export async function callerAccount(clients: LiveClients): Promise<string | undefined> {
    return (await clients.sts.send(new GetCallerIdentityCommand({}))).Account;
}
