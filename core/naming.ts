import { createHash } from "crypto";
import { Account } from "./topology/model";

/**
 * The one naming module. Every physical name and every ARN the program needs before a
 * deploy comes from here, so that other accounts can compute the ARNs of the principals
 * they trust from the topology alone, and every name stays inside its AWS limit.
 */

interface NameRule {
    readonly max: number;
    /** Characters outside this class are replaced by the separator. */
    readonly invalid: RegExp;
    readonly lowerCase: boolean;
    readonly separator: string;
}

const hyphenLower: Omit<NameRule, "max"> = { invalid: /[^a-z0-9-]+/g, lowerCase: true, separator: "-" };

/** AWS limits per kind of name (see each service's quotas). */
export const NAME_RULES = {
    "s3-bucket": { max: 63, ...hyphenLower },
    "iam-role": { max: 64, invalid: /[^A-Za-z0-9+=,.@_-]+/g, lowerCase: false, separator: "-" },
    "iam-policy": { max: 128, invalid: /[^A-Za-z0-9+=,.@_-]+/g, lowerCase: false, separator: "-" },
    "kms-alias": { max: 250, invalid: /[^A-Za-z0-9/_-]+/g, lowerCase: false, separator: "-" },
    "glue-catalog": { max: 255, invalid: /[^a-z0-9_]+/g, lowerCase: true, separator: "_" },
    "lambda-function": { max: 64, invalid: /[^A-Za-z0-9_-]+/g, lowerCase: false, separator: "-" },
    "dynamodb-table": { max: 255, invalid: /[^A-Za-z0-9_.-]+/g, lowerCase: false, separator: "-" },
    "redshift-identifier": { max: 63, ...hyphenLower },
    generic: { max: 64, ...hyphenLower },
} satisfies Record<string, NameRule>;

export type NameKind = keyof typeof NAME_RULES;

/**
 * Joins parts into a valid name of the given kind. Too-long names keep their start and
 * end with a short hash of the whole, so two long names never collide.
 */
export function physicalName(kind: NameKind, parts: readonly string[]): string {
    const rule: NameRule = NAME_RULES[kind];
    const cleaned = parts
        .map((p) => (rule.lowerCase ? p.toLowerCase() : p).replace(rule.invalid, rule.separator))
        .map((p) => trimSeparators(p, rule.separator))
        .filter((p) => p.length > 0);
    const full = cleaned.join(rule.separator);
    if (full.length <= rule.max) {
        return full;
    }
    const hash = createHash("sha256").update(full).digest("hex").slice(0, 8);
    const head = trimSeparators(full.slice(0, rule.max - hash.length - 1), rule.separator);
    return `${head}${rule.separator}${hash}`;
}

function trimSeparators(s: string, sep: string): string {
    let start = 0;
    let end = s.length;
    while (start < end && s[start] === sep) start++;
    while (end > start && s[end - 1] === sep) end--;
    return s.slice(start, end);
}

/** AWS partition of a region: "aws", "aws-us-gov" or "aws-cn". */
export function partitionOf(region: string): string {
    if (region.startsWith("us-gov-")) return "aws-us-gov";
    if (region.startsWith("cn-")) return "aws-cn";
    return "aws";
}

/**
 * Names and ARNs inside one account. Bucket names carry account id and region, since they
 * are global; IAM names are fixed per purpose, so their ARNs are computable elsewhere.
 */
export class AccountNames {
    constructor(
        readonly prefix: string,
        readonly account: Pick<Account, "accountId" | "region">,
    ) {}

    get partition(): string {
        return partitionOf(this.account.region);
    }

    bucket(purpose: string): string {
        return physicalName("s3-bucket", [this.prefix, purpose, this.account.accountId, this.account.region]);
    }

    bucketArn(bucketName: string): string {
        return `arn:${this.partition}:s3:::${bucketName}`;
    }

    role(purpose: string): string {
        return physicalName("iam-role", [this.prefix, purpose]);
    }

    roleArn(purpose: string): string {
        return `arn:${this.partition}:iam::${this.account.accountId}:role/${this.role(purpose)}`;
    }

    /**
     * The fixed name of a role Lake Formation uses to reach a registered location; fixed so
     * the account owning the bucket can admit it before it exists (pattern 2's governance role).
     */
    dataAccessRole(purpose: string): string {
        return this.role(`${purpose}-data-access`);
    }

    dataAccessRoleArn(purpose: string): string {
        return this.roleArn(`${purpose}-data-access`);
    }

    group(purpose: string): string {
        return physicalName("iam-role", [this.prefix, purpose]);
    }

    user(purpose: string): string {
        return physicalName("iam-role", [this.prefix, purpose]);
    }

    userArn(purpose: string): string {
        return `arn:${this.partition}:iam::${this.account.accountId}:user/${this.user(purpose)}`;
    }

    /** A role AWS creates in the account, e.g. `service-role/aws-quicksight-s3-consumers-role-v0`. */
    serviceRoleArn(pathAndName: string): string {
        return `arn:${this.partition}:iam::${this.account.accountId}:role/${pathAndName}`;
    }

    /** ARN of an AWS managed policy, e.g. `AWSLakeFormationDataAdmin`. */
    managedPolicyArn(name: string): string {
        return `arn:${this.partition}:iam::aws:policy/${name}`;
    }

    /** ARN of resources of a regional service in this account: `arn:aws:<service>:<region>:<account>:<resource>`. */
    arn(service: string, resource: string): string {
        return `arn:${this.partition}:${service}:${this.account.region}:${this.account.accountId}:${resource}`;
    }

    policy(purpose: string): string {
        return physicalName("iam-policy", [this.prefix, purpose]);
    }

    keyAlias(purpose: string): string {
        return `alias/${physicalName("kms-alias", [this.prefix, purpose])}`;
    }

    /** The account root principal, which administers the account's own keys. */
    rootArn(): string {
        return accountRootArn(this.account.accountId, this.partition);
    }

    catalog(...parts: string[]): string {
        return physicalName("glue-catalog", [this.prefix, ...parts]);
    }

    name(kind: NameKind, ...parts: string[]): string {
        return physicalName(kind, [this.prefix, ...parts]);
    }

    /**
     * Name of an S3 access point on this account's buckets: unique per account and region,
     * 3-50 lower-case letters, digits and '-' (S3's limit, below the generic 64), shortened
     * with a hash of the whole like every other name.
     */
    accessPoint(...parts: string[]): string {
        const full = physicalName("generic", [this.prefix, ...parts]);
        if (full.length <= 50) {
            return full;
        }
        const hash = createHash("sha256").update(full).digest("hex").slice(0, 8);
        return `${trimSeparators(full.slice(0, 50 - hash.length - 1), "-")}-${hash}`;
    }

    /** ARN of an access point of this account and region: `arn:aws:s3:<region>:<account>:accesspoint/<name>`. */
    accessPointArn(accessPointName: string): string {
        return this.arn("s3", `accesspoint/${accessPointName}`);
    }

    /** ARN of a CloudWatch Logs log group (its streams are `<arn>:*`). */
    logGroupArn(logGroupName: string): string {
        return this.arn("logs", `log-group:${logGroupName}`);
    }

    /** The log group Lambda writes a function's logs to. */
    lambdaLogGroup(functionName: string): string {
        return `/aws/lambda/${functionName}`;
    }

    /** ARN of a DynamoDB table of this account. */
    tableArn(tableName: string): string {
        return this.arn("dynamodb", `table/${tableName}`);
    }

    /** ARN of an SES identity (a domain or an address) of this account. */
    sesIdentityArn(identity: string): string {
        return this.arn("ses", `identity/${identity}`);
    }
}

/**
 * Purpose of the read-only role every stack creates for `npm run verify`: fixed, so an
 * auditor's tooling and the operators' accounts file can name it in every account from the
 * topology alone (`AccountNames.roleArn(VERIFICATION_ROLE)`).
 */
export const VERIFICATION_ROLE = "verification";

export function accountRootArn(accountId: string, partition = "aws"): string {
    return `arn:${partition}:iam::${accountId}:root`;
}

/** The fully qualified name of a stack, as a StackReference takes it. */
export function stackPath(org: string, project: string, stack: string): string {
    return `${org}/${project}/${stack}`;
}
