import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { AwsClientStub, mockClient } from "aws-sdk-client-mock";

/**
 * Mocks STS so dynamic providers see credentials of `accountId` (they verify the account
 * before any call). Returns the stub, to point it at another account in a test.
 */
export function mockCallerAccount(accountId: string): AwsClientStub<STSClient> {
    const sts = mockClient(STSClient);
    sts.on(GetCallerIdentityCommand).resolves({ Account: accountId, Arn: `arn:aws:sts::${accountId}:assumed-role/deployer/pulumi` });
    return sts;
}
