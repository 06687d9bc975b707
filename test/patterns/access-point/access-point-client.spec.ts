import { strict as assert } from "assert";
import { AccessPointClient, AccessPointClientArgs } from "../../../patterns/access-point/access-point-client";
import { consumersDecryptThroughS3 } from "../../../patterns/access-point/delegation";
import { AccountNames } from "../../../core/naming";
import { keyPolicy } from "../../../core/policy/key-policy";
import { decide } from "../../support/iam";
import { StackRun, runProgram } from "../../support/run-stack";

const REGION = "eu-west-1";
const OWNER = "333333333333";
const CONSUMER = "444444444444";
const sharing = new AccountNames("datasharing", { accountId: OWNER, region: REGION });
const names = new AccountNames("datasharing", { accountId: CONSUMER, region: REGION });
const BUCKET_ARN = sharing.bucketArn(sharing.bucket("external-published"));
const KEY = `arn:aws:kms:${REGION}:${OWNER}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const READER = `arn:aws:iam::${CONSUMER}:role/audit-reader`;
const PATH_ROLE = `arn:aws:iam::${CONSUMER}:role/teams/audit/audit-lead`;
const AP_ARN = `arn:aws:s3:${REGION}:${OWNER}:accesspoint/datasharing-auditor`;

const base: AccessPointClientArgs = {
    names,
    sharing,
    consumer: "auditor",
    principals: [READER, PATH_ROLE],
    prefixes: ["audit_reports"],
    bucketArn: BUCKET_ARN,
    keyArn: KEY,
};

function consumerAccount(args: Partial<AccessPointClientArgs> = {}): Promise<StackRun> {
    return runProgram(
        () => {
            new AccessPointClient("auditor-access-point", { ...base, ...args });
            return {};
        },
        { accountId: CONSUMER, region: REGION },
    );
}

describe("AccessPointClient", () => {
    let run: StackRun;
    before(async () => {
        run = await consumerAccount();
        assert.deepEqual(run.errors, []);
    });

    it("computes the sharing account's access point for this consumer from the topology alone", () => {
        assert.equal(sharing.accessPointArn(sharing.accessPoint("auditor")), AP_ARN);
    });

    it("lets the declared roles read their prefix through the access point, and not through the bucket", async () => {
        const identity = run.policyOf(run.one("aws:iam/policy:Policy"));
        const own = (action: string, resource: string, context: Record<string, string> = {}) =>
            decide({
                principal: READER,
                action,
                resource,
                resourceAccount: CONSUMER,
                identityPolicies: [identity],
                context: { "aws:SecureTransport": "true", ...context },
            });
        // Same-account view of the identity policy alone: what the role's own account lets it ask for.
        assert.equal(await own("s3:GetObject", `${AP_ARN}/object/audit_reports/2024.pdf`), "Allowed");
        assert.equal(await own("s3:ListBucket", AP_ARN, { "s3:prefix": "audit_reports/" }), "Allowed");
        assert.equal(await own("s3:ListBucket", AP_ARN, { "s3:prefix": "" }), "ImplicitlyDenied");
        assert.equal(await own("s3:GetObject", `${BUCKET_ARN}/audit_reports/2024.pdf`), "ImplicitlyDenied");
        assert.equal(
            await own("s3:GetObject", `arn:aws:s3:${REGION}:${OWNER}:accesspoint/datasharing-supplier/object/audit_reports/2024.pdf`),
            "ImplicitlyDenied",
        );
        assert.equal(await own("s3:PutObject", `${AP_ARN}/object/audit_reports/2024.pdf`), "ImplicitlyDenied");
    });

    it("with the sharing key's grant, lets the roles decrypt only through S3", async () => {
        const identity = run.policyOf(run.one("aws:iam/policy:Policy"));
        // A KMS key answers to its key policy too: the sharing side's grant for this consumer.
        const key = keyPolicy(OWNER, consumersDecryptThroughS3([{ name: "auditor", accountId: CONSUMER, principals: base.principals }], REGION));
        const decrypt = (context: Record<string, string>) =>
            decide({
                principal: READER,
                action: "kms:Decrypt",
                resource: KEY,
                resourceAccount: OWNER,
                identityPolicies: [identity],
                resourcePolicy: key,
                context: { "aws:PrincipalArn": READER, ...context },
            });
        assert.equal(await decrypt({ "kms:ViaService": `s3.${REGION}.amazonaws.com` }), "Allowed");
        assert.equal(await decrypt({ "kms:ViaService": `glue.${REGION}.amazonaws.com` }), "ImplicitlyDenied");
        assert.equal(await decrypt({}), "ImplicitlyDenied");
    });

    it("attaches the policy to each declared role by name, paths included", () => {
        const attachments = run.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment");
        assert.deepEqual(attachments.map((a) => a.inputs.role).sort(), ["audit-lead", "audit-reader"]);
        const policyArn = run.one("aws:iam/policy:Policy").state.arn;
        for (const a of attachments) {
            assert.equal(a.inputs.policyArn, policyArn);
        }
        assert.equal(run.one("aws:iam/policy:Policy").inputs.name, "datasharing-auditor-access-point");
    });

    it("creates no VPC endpoint unless asked", () => {
        assert.equal(run.ofType("aws:ec2/vpcEndpoint:VpcEndpoint").length, 0);
    });

    it("creates an S3 gateway endpoint of the sharing region whose policy names the access point, and the bucket only under the prefix", async () => {
        const withEndpoint = await consumerAccount({ endpoint: { vpcId: "vpc-0a1b2c3d4e5f67890", routeTableIds: ["rtb-0123456789abcdef0"] } });
        assert.deepEqual(withEndpoint.errors, []);
        const endpoint = withEndpoint.one("aws:ec2/vpcEndpoint:VpcEndpoint");
        assert.equal(endpoint.inputs.serviceName, `com.amazonaws.${REGION}.s3`);
        assert.equal(endpoint.inputs.vpcEndpointType, "Gateway");
        assert.deepEqual(endpoint.inputs.routeTableIds, ["rtb-0123456789abcdef0"]);
        const resources = withEndpoint.policyOf(endpoint).Statement.flatMap((s: any) => s.Resource);
        assert.deepEqual(resources.sort(), [AP_ARN, `${AP_ARN}/object/audit_reports/*`, BUCKET_ARN, `${BUCKET_ARN}/audit_reports/*`].sort());
    });

    it("attaches to IAM users through user attachments", async () => {
        const withUser = await consumerAccount({ principals: [`arn:aws:iam::${CONSUMER}:user/auditor-bot`] });
        assert.deepEqual(withUser.errors, []);
        assert.equal(withUser.one("aws:iam/userPolicyAttachment:UserPolicyAttachment").inputs.user, "auditor-bot");
        assert.equal(withUser.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").length, 0);
    });

    it("refuses a principal of another account: the client grants this account's roles only", async () => {
        const wrong = await consumerAccount({ principals: ["arn:aws:iam::555555555555:role/x"] });
        assert.match(
            wrong.errors.join("\n"),
            /consumer auditor: principal arn:aws:iam::555555555555:role\/x is in account 555555555555, not the consumer's account 444444444444/,
        );
    });
});
