import { strict as assert } from "assert";
import { TopologyEvaluation } from "../../plan/evaluation";
import { CapturedResource, NO_OPTIONS } from "../../plan/mock-aws";
import { LAKE_FORMATION_PERMISSIONS, actionUses, lakeFormationPermissionUses, unknownActionReason } from "../support/policy-documents";
import { sampleEvaluation } from "../support/sample-evaluation";

/** Every action name the program writes must exist in AWS, or the grant silently does nothing. */
describe("IAM action names in every policy document of the sample program", () => {
    let evaluation: TopologyEvaluation;
    before(async () => {
        evaluation = await sampleEvaluation("2026-11-22T00:00:00Z");
    });

    it("finds the documents: role, bucket, key and secret policies in the stacks that have them", () => {
        const uses = evaluation.stacks.flatMap((s) => actionUses(s.resources));
        for (const type of [
            "aws:iam/role:Role",
            "aws:iam/rolePolicy:RolePolicy",
            "aws:iam/groupPolicy:GroupPolicy",
            "aws:s3/bucketPolicy:BucketPolicy",
            "aws:kms/key:Key",
            "aws:secretsmanager/secretPolicy:SecretPolicy",
        ]) {
            assert.ok(
                uses.some((u) => u.where.startsWith(`${type} `)),
                `no action found in any ${type}`,
            );
        }
    });

    it("names only actions that exist (wildcards match at least one)", async () => {
        const problems: string[] = [];
        let checked = 0;
        for (const s of evaluation.stacks) {
            for (const use of actionUses(s.resources)) {
                const reason = await unknownActionReason(use.action);
                if (reason) problems.push(`${s.stack}: ${use.where} ${use.field}: ${reason}`);
                checked++;
            }
        }
        assert.ok(checked > 0, "no action found to check");
        assert.deepEqual(problems, []);
    });

    it("grants only Lake Formation permissions that exist", () => {
        const uses = evaluation.stacks.flatMap((s) => lakeFormationPermissionUses(s.resources).map((u) => ({ ...u, stack: s.stack })));
        assert.ok(uses.length > 0, "the program grants Lake Formation permissions");
        assert.deepEqual(
            uses.filter((u) => !(LAKE_FORMATION_PERMISSIONS as readonly string[]).includes(u.action)).map((u) => `${u.stack}: ${u.where}: ${u.action}`),
            [],
        );
    });
});

describe("IAM action name check", () => {
    const cases: { action: string; problem: RegExp | null }[] = [
        { action: "s3:GetObject", problem: null },
        { action: "S3:getobject", problem: null },
        { action: "s3:Get*", problem: null },
        { action: "s3:GetObject?ersion", problem: null },
        { action: "kms:*", problem: null },
        { action: "*", problem: null },
        { action: "lakeformation:GetDataAccess", problem: null },
        { action: "s3:GetObjekt", problem: /s3 has no action GetObjekt/ },
        { action: "s3:Gett*", problem: /s3:Gett\* matches no s3 action/ },
        { action: "s4:GetObject", problem: /"s4" is not an IAM service prefix/ },
        { action: "GetObject", problem: /not of the form service:Action/ },
    ];
    for (const c of cases) {
        it(`${c.action}: ${c.problem ? "unknown" : "exists"}`, async () => {
            const reason = await unknownActionReason(c.action);
            if (c.problem === null) assert.equal(reason, undefined);
            else assert.match(reason ?? "", c.problem);
        });
    }

    it("catches a deliberately misspelt action in a role's inline policy", async () => {
        const role: CapturedResource = {
            type: "aws:iam/role:Role",
            name: "reader",
            inputs: {
                inlinePolicies: [
                    {
                        name: "read",
                        policy: JSON.stringify({
                            Version: "2012-10-17",
                            Statement: [{ Sid: "Read", Effect: "Allow", Action: ["s3:GetObject", "s3:ListBuckett"], Resource: "*" }],
                        }),
                    },
                ],
            },
            accountId: "111111111111",
            region: "eu-west-1",
            id: "reader",
            state: {},
            custom: true,
            options: NO_OPTIONS,
        };
        const uses = actionUses([role]);
        assert.deepEqual(
            uses.map((u) => u.action),
            ["s3:GetObject", "s3:ListBuckett"],
        );
        const bad = [];
        for (const u of uses) if (await unknownActionReason(u.action)) bad.push(`${u.where}: ${u.action}`);
        assert.deepEqual(bad, ["aws:iam/role:Role reader inlinePolicies[0].policy statement Read: s3:ListBuckett"]);
    });

    it("catches a Lake Formation permission that does not exist", () => {
        const grant = {
            type: "aws:lakeformation/permissions:Permissions",
            name: "g",
            inputs: { permissions: ["SELECT", "READ"], permissionsWithGrantOptions: [] },
        } as unknown as CapturedResource;
        const unknown = lakeFormationPermissionUses([grant]).filter((u) => !(LAKE_FORMATION_PERMISSIONS as readonly string[]).includes(u.action));
        assert.deepEqual(
            unknown.map((u) => u.action),
            ["READ"],
        );
    });
});
