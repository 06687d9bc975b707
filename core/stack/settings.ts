import { z } from "zod";
import { ConfigError, ConfigProblem, formatPath } from "../config-error";
import { closest, friendlyMessage, zodProblems } from "../zod-problems";
import { Contracts } from "../contract/exports";
import { region as regionCode } from "../topology/schema";
import { NAMESPACE } from "./namespace";
import { warehouseSettingsSchema } from "./warehouse-settings";

/**
 * Per-stack settings, from `Pulumi.<stack>.yaml` under the `datasharing:` namespace.
 * The shared topology is `datasharing:topology`; everything here is about one account. The
 * settings of every account are here; a pattern adds its own (its folder's `config.ts`).
 * Each default is the schema's: a setting left out reads as its defaults, never undefined.
 */

export { NAMESPACE };

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
            analystEmail: z.email({ error: 'must be the analyst\'s e-mail address, e.g. "analyst@example.com"' }).optional(),
            /** QuickSight namespace. @default "default" */
            namespace: z
                .string()
                .regex(/^[a-zA-Z0-9._-]{1,64}$/)
                .default("default"),
            /**
             * The account's QuickSight identity region, where QuickSight keeps its users and
             * groups (chosen at subscription; shown on "Manage QuickSight"). @default the stack's region
             */
            identityRegion: regionCode.optional(),
        })
        .prefault({}),
});

export type LakeSettings = z.output<typeof lakeSettingsSchema>;

/** The settings every stack reads, whatever its patterns. */
function baseShape(contracts: Contracts) {
    return {
        /** Account role of this stack: producer, governance, external or consumer. @default the stack name */
        account: z.string().optional(),
        /** For a consumer stack: the consumer's name in the topology. @default the consumer whose stack this is */
        consumer: z.string().optional(),
        /** Role the AWS provider assumes in this stack's account. */
        assumeRoleArn: z
            .string()
            .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, {
                error: 'must be an IAM role ARN, e.g. "arn:aws:iam::123456789012:role/pulumi-deployer"',
            })
            .optional(),
        /** External id required by the assumed role's trust policy. */
        assumeRoleExternalId: z.string().min(2).max(1224).optional(),
        /** Protect buckets, keys, warehouses and tables from deletion. @default true */
        protectStatefulResources: z.stringbool({ error: "must be true or false" }).default(true),
        /** Literal stack outputs replacing a stack reference, for a party that cannot read the other's state. */
        references: z
            .strictObject({
                producer: contracts.producer.optional(),
                governance: contracts.governance.optional(),
                external: contracts.external.optional(),
            })
            .prefault({}),
        /** The secure data lake (producer stacks only). @default sample lake without QuickSight */
        lake: lakeSettingsSchema.prefault({}),
        /** The account's Redshift warehouse, where a pattern needs one. @default a Serverless warehouse */
        warehouse: warehouseSettingsSchema.prefault({}),
    };
}

/**
 * Settings a pattern adds, declared by its folder's `config.ts`:
 * `declare module "../../core/stack/settings" { interface SettingsFields { partnerApi?: PartnerApiSettings } }`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the patterns' declarations
export interface SettingsFields {}

/** A stack's settings, each default applied. */
export type StackSettings = z.output<z.ZodObject<ReturnType<typeof baseShape>>> & SettingsFields;

/** The settings schema of every stack, and which settings are YAML objects. */
export interface StackSettingsSchema {
    /** The strict schema of every `datasharing:<key>` setting, the patterns' included. */
    readonly schema: z.ZodObject;
    /** Settings written as YAML objects, parsed from JSON before validation. */
    readonly objectKeys: ReadonlySet<string>;
}

/** The base settings and the patterns' (each a YAML object), over the contracts literal references are checked against. */
export function composeSettingsSchema(contracts: Contracts, patternShapes: readonly z.ZodRawShape[]): StackSettingsSchema {
    const extra: z.ZodRawShape = Object.assign({}, ...patternShapes);
    return { schema: z.strictObject({ ...baseShape(contracts), ...extra }), objectKeys: new Set([...OBJECT_SETTINGS, ...Object.keys(extra)]) };
}

/** Base settings whose value is a YAML object (the config map holds it as JSON text); every pattern's setting is one too. */
const OBJECT_SETTINGS = ["references", "lake", "warehouse"];

/**
 * Keys that are not settings on purpose. `accessAsOf` once moved a stack's clock: set in a
 * stack file, it made `pulumi up` grant an expired consumer again.
 */
const NOT_SETTINGS: Readonly<Record<string, string>> = {
    accessAsOf:
        "is not a stack setting: every deploy evaluates access end dates at the real time, so no stack file can grant expired access again; " +
        "to see who has access at another instant, run npm run plan -- --as-of <date>. Remove it",
};

/** Namespaces Pulumi itself reads: never a misspelt `datasharing`. */
const OTHER_NAMESPACES = new Set(["aws", "pulumi", "random", "awsx"]);

/** Reads and validates this stack's settings from the flat config map (`datasharing:x` keys). */
export function parseStackSettings(config: Record<string, string>, settings: StackSettingsSchema): StackSettings {
    const { schema, objectKeys } = settings;
    const raw: Record<string, unknown> = {};
    const problems: ConfigProblem[] = [];
    for (const [key, value] of Object.entries(config)) {
        const [ns, name] = key.split(":", 2);
        if (ns !== NAMESPACE) {
            // A misspelt namespace is read by nobody: its value would be ignored and a default deployed.
            if (!OTHER_NAMESPACES.has(ns) && closest(ns, [NAMESPACE])) {
                problems.push({
                    key,
                    message: `unknown namespace "${ns}" (did you mean "${NAMESPACE}:${name}"?): nothing reads it, so a default would be deployed instead; fix its spelling`,
                });
            }
            continue;
        }
        if (name === "topology") continue;
        if (name in NOT_SETTINGS) {
            problems.push({ key, message: NOT_SETTINGS[name] });
            continue;
        }
        if (closest(name, ["topology"]) && !(name in schema.shape)) {
            problems.push({ key, message: `unknown key (did you mean "${NAMESPACE}:topology"?): the topology is read only under that key, in Pulumi.yaml` });
            continue;
        }
        raw[name] = value;
        if (objectKeys.has(name)) {
            try {
                raw[name] = JSON.parse(value);
            } catch {
                problems.push({ key, message: "must be a YAML object" });
            }
        }
    }
    const result = schema.safeParse(raw, { error: friendlyMessage });
    if (!result.success) {
        problems.push(...zodProblems(result.error.issues, settingsKey));
    }
    if (problems.length > 0 || !result.success) {
        throw new ConfigError(problems);
    }
    return result.data as unknown as StackSettings;
}

/** `["references", "producer", "accountId"]` -> `datasharing:references.producer.accountId`. */
function settingsKey(path: readonly PropertyKey[]): string {
    const [first, ...rest] = path;
    return formatPath(`${NAMESPACE}:${String(first ?? "")}`, rest);
}
