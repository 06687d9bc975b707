import { strict as assert } from "assert";
import { principalExists } from "../../../plan/preflight/rules/principal-exists";
import { fixtureStack, policy, role, violations } from "../../support/preflight";

const COPY_ROLE = "arn:aws:iam::111111111111:role/datasharing-redshift-copy";
const readSecret = (principal: unknown, condition?: unknown) =>
    policy({ Effect: "Allow", Principal: principal, Action: "secretsmanager:GetSecretValue", Resource: "*", ...(condition ? { Condition: condition } : {}) });
const secretPolicy = (p: string, dependsOn: string[] = []) => ({
    type: "aws:secretsmanager/secretPolicy:SecretPolicy",
    name: "writer",
    inputs: { policy: p },
    dependsOn,
});

describe("preflight: principal-exists", () => {
    it("refuses a policy naming a role that a stack deployed later creates (option B's writer secret, first deploy)", () => {
        const external = fixtureStack("external", "333333333333", [secretPolicy(readSecret({ AWS: COPY_ROLE }))]);
        const producer = fixtureStack("producer", "111111111111", [role("datasharing-redshift-copy", "111111111111")]);
        const found = violations(principalExists, [external, producer]);
        assert.equal(found.length, 1);
        assert.equal(found[0].stack, "external");
        assert.match(
            found[0].message,
            /names arn:aws:iam::111111111111:role\/datasharing-redshift-copy as Principal, which stack producer creates, deployed after external/,
        );
    });

    it("accepts the account narrowed by aws:PrincipalArn instead", () => {
        const external = fixtureStack("external", "333333333333", [
            secretPolicy(readSecret({ AWS: "arn:aws:iam::111111111111:root" }, { ArnEquals: { "aws:PrincipalArn": COPY_ROLE } })),
        ]);
        const producer = fixtureStack("producer", "111111111111", [role("datasharing-redshift-copy", "111111111111")]);
        assert.deepEqual(violations(principalExists, [external, producer]), []);
    });

    it("accepts a role a stack deployed before creates", () => {
        const producer = fixtureStack("producer", "111111111111", [role("datasharing-redshift-copy", "111111111111")]);
        const external = fixtureStack("external", "333333333333", [secretPolicy(readSecret({ AWS: COPY_ROLE }))]);
        assert.deepEqual(violations(principalExists, [producer, external]), []);
    });

    it("refuses a role of the same stack the policy does not wait for, and accepts it once it does", () => {
        const key = (dependsOn: string[]) => ({
            type: "aws:kms/key:Key",
            name: "lake",
            inputs: { policy: policy({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:role/glue" }, Action: "kms:Decrypt", Resource: "*" }) },
            dependsOn,
        });
        assert.match(
            violations(principalExists, [fixtureStack("producer", "111111111111", [role("glue", "111111111111"), key([])])])[0].message,
            /this stack creates \(aws:iam\/role:Role glue\) without the policy waiting for it/,
        );
        assert.deepEqual(
            violations(principalExists, [fixtureStack("producer", "111111111111", [role("glue", "111111111111"), key(["aws:iam/role:Role::glue"])])]),
            [],
        );
    });

    it("refuses a role nobody creates unless the topology declares it, and ignores roles AWS sets up", () => {
        const trust = (principal: string) => ({
            type: "aws:iam/role:Role",
            name: "reader",
            inputs: { assumeRolePolicy: policy({ Effect: "Allow", Principal: { AWS: principal }, Action: "sts:AssumeRole" }) },
        });
        const stacks = [fixtureStack("consumer", "444444444444", [trust("arn:aws:iam::444444444444:role/auditor-analyst")])];
        assert.match(violations(principalExists, stacks)[0].message, /which no stack creates and the topology does not declare/);
        assert.deepEqual(violations(principalExists, stacks, ["arn:aws:iam::444444444444:role/auditor-analyst"]), []);
        const quicksight = [
            fixtureStack("producer", "111111111111", [trust("arn:aws:iam::111111111111:role/service-role/aws-quicksight-s3-consumers-role-v0")]),
        ];
        assert.deepEqual(violations(principalExists, quicksight), []);
    });

    it("ignores principals of policies AWS does not validate, and identity policies", () => {
        const rolePolicy = {
            type: "aws:iam/rolePolicy:RolePolicy",
            name: "p",
            inputs: { policy: policy({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }) },
        };
        assert.deepEqual(violations(principalExists, [fixtureStack("producer", "111111111111", [rolePolicy])]), []);
    });
});
