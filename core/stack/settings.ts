import { z } from "zod";
import { ConfigError, ConfigProblem, formatPath } from "../config-error";
import { friendlyMessage, zodProblems } from "../zod-problems";
import { CONTRACTS } from "../contract/exports";

/**
 * Per-stack settings, from `Pulumi.<stack>.yaml` under the `datasharing:` namespace.
 * The shared topology is `datasharing:topology`; everything here is about one account.
 */

export const NAMESPACE = "datasharing";

const isoInstant = z.string().refine((s) => /^\d{4}-\d{2}-\d{2}(T.*)?$/.test(s) && !Number.isNaN(Date.parse(s)), {
    error: "must be an ISO date or timestamp, e.g. \"2027-01-31\" or \"2027-01-31T12:00:00Z\"",
});

const references = z.strictObject({
    producer: CONTRACTS.producer.optional(),
    governance: CONTRACTS.governance.optional(),
    external: CONTRACTS.external.optional(),
});

/** The producer's secure data lake of reference/004. */
export const lakeSettingsSchema = z.strictObject({
    /** Customers in the generated sample data (cards and sales follow). @default 50 */
    sampleCustomers: z.number().int().min(2).max(100000).default(50),
    /** Sales per customer in the sample data. @default 4 */
    salesPerCustomer: z.number().int().min(1).max(100).default(4),
    /** QuickSight analytics; needs an Enterprise subscription in the account. */
    quicksight: z
        .strictObject({
            /** Build the QuickSight user, group, data source, data set and analysis. @default false */
            enabled: z.boolean().default(false),
            /** E-mail of the analyst's QuickSight user. */
            analystEmail: z.email({ error: "must be the analyst's e-mail address, e.g. \"analyst@example.com\"" }).optional(),
            /** QuickSight namespace. @default "default" */
            namespace: z.string().regex(/^[a-zA-Z0-9._-]{1,64}$/).default("default"),
        })
        .default({ enabled: false, namespace: "default" }),
});

export type LakeSettings = z.output<typeof lakeSettingsSchema>;

export const stackSettingsSchema = z.strictObject({
    /** Account role of this stack: producer, governance, external or consumer. @default the stack name */
    account: z.string().optional(),
    /** For a consumer stack: the consumer's name in the topology. @default the consumer whose stack this is */
    consumer: z.string().optional(),
    /** Role the AWS provider assumes in this stack's account. */
    assumeRoleArn: z
        .string()
        .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, { error: "must be an IAM role ARN, e.g. \"arn:aws:iam::123456789012:role/pulumi-deployer\"" })
        .optional(),
    /** External id required by the assumed role's trust policy. */
    assumeRoleExternalId: z.string().min(2).max(1224).optional(),
    /** Protect buckets, keys, warehouses and tables from deletion. @default true */
    protectStatefulResources: z.stringbool({ error: "must be true or false" }).default(true),
    /** Evaluate access end dates as of this instant instead of now (preview a future revocation). */
    accessAsOf: isoInstant.optional(),
    /** Literal stack outputs replacing a stack reference, for a party that cannot read the other's state. */
    references: references.default({}),
    /** The secure data lake (producer stacks only). @default sample lake without QuickSight */
    lake: lakeSettingsSchema.optional(),
});

export type StackSettings = z.output<typeof stackSettingsSchema>;

/** Reads and validates this stack's settings from the flat config map (`datasharing:x` keys). */
export function parseStackSettings(config: Record<string, string>): StackSettings {
    const raw: Record<string, unknown> = {};
    const problems: ConfigProblem[] = [];
    for (const [key, value] of Object.entries(config)) {
        const [ns, name] = key.split(":", 2);
        if (ns !== NAMESPACE || name === "topology") continue;
        raw[name] = value;
        if (name === "references" || name === "lake") {
            try {
                raw[name] = JSON.parse(value);
            } catch {
                problems.push({ key, message: "must be a YAML object" });
            }
        }
    }
    const result = stackSettingsSchema.safeParse(raw, { error: friendlyMessage });
    if (!result.success) {
        problems.push(...zodProblems(result.error.issues, settingsKey));
    }
    if (problems.length > 0 || !result.success) {
        throw new ConfigError(problems);
    }
    return result.data;
}

/** `["references", "producer", "accountId"]` -> `datasharing:references.producer.accountId`. */
function settingsKey(path: readonly PropertyKey[]): string {
    const [first, ...rest] = path;
    return formatPath(`${NAMESPACE}:${String(first ?? "")}`, rest);
}
