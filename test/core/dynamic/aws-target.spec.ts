import { strict as assert } from "assert";
import { verifiedClientConfig } from "../../../core/dynamic/aws-target";
import { mockCallerAccount } from "../../support/caller-account";

describe("dynamic provider target", () => {
    const target = { accountId: "111111111111", region: "eu-west-1" };

    it("hands out a client configuration for the stack's region once the credentials are the stack's account's", async () => {
        const sts = mockCallerAccount("111111111111");
        try {
            assert.equal((await verifiedClientConfig(target)).region, "eu-west-1");
        } finally {
            sts.restore();
        }
    });

    it("refuses credentials of another account, naming both accounts", async () => {
        const sts = mockCallerAccount("999999999999");
        try {
            await assert.rejects(verifiedClientConfig(target), /credentials are for account 999999999999, but this stack deploys into 111111111111/);
        } finally {
            sts.restore();
        }
    });

    it("assumes the deployment role when the stack has one", async () => {
        const sts = mockCallerAccount("111111111111");
        try {
            const config = await verifiedClientConfig({ ...target, roleArn: "arn:aws:iam::111111111111:role/deployer" });
            assert.equal(typeof config.credentials, "function", "temporary credentials of the role, not the ambient ones");
        } finally {
            sts.restore();
        }
    });
});
