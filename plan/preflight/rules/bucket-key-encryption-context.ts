import { Statement, policyStatements, toList } from "../../policy-statements";
import { PreflightRule, RuleViolation } from "../rule";
import { PreflightWorld, resourceLabel } from "../world";

const CONTEXT_KEY = "kms:encryptioncontext:aws:s3:arn";
/** Operators under which a statement applies only when the context matches one of the values. */
const MATCHING = ["stringequals", "stringequalsignorecase", "stringlike", "arnequals", "arnlike"];
const OBJECT_ARN = /^arn:[^:]+:s3:::([^/*?]+)\/.+$/;

/**
 * With S3 Bucket Keys, S3 asks KMS for a bucket-level key with the BUCKET's ARN as
 * encryption context, not the object's: a key or identity policy that conditions
 * `kms:EncryptionContext:aws:s3:arn` on object ARNs of such a bucket never matches, and the
 * access it meant to allow (a replica, a read) fails at run time with AccessDenied.
 */
export const bucketKeyEncryptionContext: PreflightRule = {
    id: "bucket-key-encryption-context",
    summary:
        "With S3 Bucket Keys the SSE-KMS encryption context is the bucket ARN, so a condition on kms:EncryptionContext:aws:s3:arn that names only the bucket's object ARNs never matches.",
    fix: "Condition kms:EncryptionContext:aws:s3:arn on the bucket ARN (arn:aws:s3:::bucket) for buckets with bucketKeyEnabled.",
    source: {
        title: "Amazon S3 User Guide: Reducing the cost of SSE-KMS with Amazon S3 Bucket Keys (Changes to note before enabling an S3 Bucket Key)",
        url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html",
    },
    check(world) {
        const bucketKeys = bucketsWithBucketKeys(world);
        const violations: RuleViolation[] = [];
        for (const { stack, resource } of world.placements()) {
            for (const statement of policyStatements(resource)) {
                for (const bucket of unmatchable(statement, bucketKeys)) {
                    const sid = statement.Sid ? `statement ${statement.Sid}` : "a statement";
                    violations.push({
                        stack: stack.stack,
                        resource: resourceLabel(resource),
                        message: `${sid} conditions kms:EncryptionContext:aws:s3:arn on objects of ${bucket}, which uses S3 Bucket Keys: the context is arn:aws:s3:::${bucket}, so it never matches`,
                    });
                }
            }
        }
        return violations;
    },
};

/** Names of buckets whose default encryption enables S3 Bucket Keys, in any stack. */
function bucketsWithBucketKeys(world: PreflightWorld): Set<string> {
    const names = new Set<string>();
    for (const { resource } of world.placements()) {
        if (!/^aws:s3\/bucketServerSideEncryptionConfiguration(V2)?:/.test(resource.type)) continue;
        const rules: { bucketKeyEnabled?: boolean }[] = Array.isArray(resource.inputs.rules) ? resource.inputs.rules : [];
        if (rules.some((r) => r.bucketKeyEnabled === true)) names.add(String(resource.inputs.bucket));
    }
    return names;
}

/** Buckets with Bucket Keys whose objects a condition of this statement names, with no value matching the bucket ARN. */
function unmatchable(statement: Statement, bucketKeys: ReadonlySet<string>): string[] {
    const found = new Set<string>();
    for (const [operator, block] of Object.entries(statement.Condition ?? {})) {
        const op = operator
            .toLowerCase()
            .replace(/^for(any|all)value:/, "")
            .replace(/ifexists$/, "");
        if (!MATCHING.includes(op)) continue;
        for (const [key, raw] of Object.entries(block)) {
            if (key.toLowerCase() !== CONTEXT_KEY) continue;
            const values = toList(raw as string | string[]).filter((v): v is string => typeof v === "string");
            for (const value of values) {
                const bucket = OBJECT_ARN.exec(value)?.[1];
                if (!bucket || !bucketKeys.has(bucket)) continue;
                const bucketArn = `${value.slice(0, value.indexOf(":::") + 3)}${bucket}`;
                if (!values.some((v) => matches(op, v, bucketArn))) found.add(bucket);
            }
        }
    }
    return [...found];
}

/** Whether a condition value admits `arn` under the operator. */
function matches(op: string, value: string, arn: string): boolean {
    if (op.endsWith("like")) {
        const pattern = value
            .replace(/[.+^${}()|[\]\\]/g, "\\$&")
            .replace(/\*/g, ".*")
            .replace(/\?/g, ".");
        return new RegExp(`^${pattern}$`).test(arn);
    }
    return op === "stringequalsignorecase" ? value.toLowerCase() === arn.toLowerCase() : value === arn;
}
