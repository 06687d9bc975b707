import { accountRootArn } from "../naming";

/**
 * A role of another account, named the way resource policies can name it before it
 * exists. KMS, S3 and Secrets Manager reject a policy whose Principal is a role that does
 * not exist yet ("Invalid principal"), and stacks of other accounts deploy in either order.
 * Naming the role's account and matching `aws:PrincipalArn` admits exactly that role, and
 * only once it exists.
 */
export interface RoleOfAccount {
    /** The role's account id. */
    readonly account: string;
    /** `{ AWS: <account root> }`, for a bucket or secret policy's Principal. */
    readonly principal: { AWS: string };
    /** `{ ArnEquals: { "aws:PrincipalArn": <role> } }`: the narrowing that admits only the role. */
    readonly onlyRole: { ArnEquals: { "aws:PrincipalArn": string } };
}

export function roleOfAccount(roleArn: string): RoleOfAccount {
    const [, partition, , , account] = roleArn.split(":");
    return { account, principal: { AWS: accountRootArn(account, partition) }, onlyRole: { ArnEquals: { "aws:PrincipalArn": roleArn } } };
}
