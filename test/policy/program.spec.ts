import { strict as assert } from "assert";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { TopologyEvaluation } from "../../plan/evaluation";
import { policies } from "../../policy/policies";
import { Violation, asInputs, asOutputs, validateResource, validateStack } from "../support/policy-harness";
import { sampleEvaluation } from "../support/sample-evaluation";

/**
 * The policy pack over every stack of the sample topology, evaluated in deploy order under
 * mocks: what `pulumi preview --policy-pack policy` would report in each account.
 */
describe("policy pack: the sample program in every account", () => {
    let evaluation: TopologyEvaluation;
    before(async () => {
        evaluation = await sampleEvaluation("2026-11-22T00:00:00Z");
    });

    it("evaluates every stack without error (precondition)", () => {
        for (const s of evaluation.stacks) assert.deepEqual(s.errors, [], `${s.stack}: ${s.errors.join("; ")}`);
    });

    for (const policy of policies) {
        it(`${policy.name}: no violation`, async () => {
            const violations: (Violation & { stack: string })[] = [];
            for (const s of evaluation.stacks) {
                const found =
                    "validateStack" in policy
                        ? await validateStack(policy as StackValidationPolicy, asOutputs(s.resources), s.stack)
                        : (await Promise.all(asInputs(s.resources).map((r) => validateResource(policy as ResourceValidationPolicy, r, s.stack)))).flat();
                violations.push(...found.map((v) => ({ ...v, stack: s.stack })));
            }
            assert.deepEqual(
                violations.map((v) => `${v.stack}: ${v.resource}: ${v.message}`),
                [],
            );
        });
    }

    /** A misspelt type token would make a rule pass vacuously: each rule must meet its resources. */
    it("meets the resources its rules are about, in the stacks that have them", () => {
        const types = new Set(evaluation.stacks.flatMap((s) => s.resources.map((r) => r.type)));
        for (const type of [
            "aws:s3/bucket:Bucket",
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
            "aws:s3/bucketPolicy:BucketPolicy",
            "aws:kms/key:Key",
            "aws:lakeformation/dataLakeSettings:DataLakeSettings",
            "aws:redshift/cluster:Cluster",
            "aws:redshiftserverless/namespace:Namespace",
            "aws:redshiftserverless/workgroup:Workgroup",
            "aws:athena/workgroup:Workgroup",
            "aws:glue/securityConfiguration:SecurityConfiguration",
            "aws:glue/job:Job",
            "aws:glue/crawler:Crawler",
            "aws:iam/role:Role",
        ]) {
            assert.ok(types.has(type), `the program registers no ${type}`);
        }
    });
});
