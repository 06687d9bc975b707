import { z } from "zod";
import { ConfigError, ConfigProblem, formatPath } from "../config-error";
import { closest, friendlyMessage, zodProblems } from "../zod-problems";
import { CONTRACTS } from "../contract/exports";
import { region as regionCode } from "../topology/schema";
import { networkPerimeterSettingsSchema, partnerApiSettingsSchema } from "./partner-api-settings";
import { dataExchangeSettingsSchema } from "./data-exchange-settings";

/**
 * Per-stack settings, from `Pulumi.<stack>.yaml` under the `datasharing:` namespace.
 * The shared topology is `datasharing:topology`; everything here is about one account.
 */

export const NAMESPACE = "datasharing";

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
            /**
             * The account's QuickSight identity region, where QuickSight keeps its users and
             * groups (chosen at subscription; shown on "Manage QuickSight"). @default the stack's region
             */
            identityRegion: regionCode.optional(),
        })
        .default({ enabled: false, namespace: "default" }),
});

export type LakeSettings = z.output<typeof lakeSettingsSchema>;

const cidr = z.string().regex(/^(\d{1,3})\.(\d{1,3})\.0\.0\/(1[6-9]|2[0-2])$/, {
    error: (iss) => `${JSON.stringify(iss.input)} is not a VPC range: use a private /16 to /22 such as "10.30.0.0/16", distinct from the other accounts' warehouses`,
});

/** RA3 node types, the only ones that share data and relocate (Redshift Management Guide, "RA3 node types"). */
export const RA3_NODE_TYPES = ["ra3.large", "ra3.xlplus", "ra3.4xlarge", "ra3.16xlarge"] as const;

/**
 * A warehouse the account already runs (option A's "production cluster"): the datashares
 * are made there and no warehouse is built. Exactly one of cluster and workgroup.
 */
export const existingWarehouseSchema = z
    .strictObject({
        /** Provisioned cluster identifier (an RA3 cluster: data sharing needs one). */
        clusterIdentifier: z
            .string()
            .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, { error: "must be a Redshift cluster identifier: lower-case letters, digits and single hyphens, starting with a letter" })
            .max(63)
            .optional(),
        /** Redshift Serverless workgroup name. */
        workgroupName: z
            .string()
            .regex(/^[a-z0-9-]{3,64}$/, { error: "must be a Redshift Serverless workgroup name: 3 to 64 lower-case letters, digits and hyphens" })
            .optional(),
        /**
         * Secrets Manager secret (in this stack's account and region) of the database user the
         * Data API runs the datashare SQL as: a superuser such as the admin, since it creates
         * datashares, schemas and tables. The deploying role must be allowed to read it.
         */
        secretArn: z.string().regex(/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@!-]+$/, {
            error: "must be the ARN of a Secrets Manager secret, e.g. \"arn:aws:secretsmanager:eu-west-1:111111111111:secret:redshift!prod-admin-AbCdEf\"",
        }),
    })
    .refine((e) => (e.clusterIdentifier === undefined) !== (e.workgroupName === undefined), {
        error: "name exactly one of clusterIdentifier (a provisioned cluster) and workgroupName (a Serverless workgroup)",
    });

export type ExistingWarehouse = z.output<typeof existingWarehouseSchema>;

/** Keys that describe a warehouse this program builds: meaningless beside `existing`. */
export const BUILT_WAREHOUSE_KEYS = ["kind", "nodeType", "nodes", "baseCapacity", "adminUser", "vpcCidr", "availabilityZones"] as const;

/**
 * The account's Redshift warehouse (pattern 4): built only where the topology needs one
 * (the producer for products kept in Redshift, the external account for option B, and
 * consumers receiving a datashare).
 */
export const warehouseSettingsSchema = z.strictObject({
    /**
     * `provisioned` (an RA3 cluster) or `serverless` (namespace and workgroup). Option B's
     * copy job reaches the external warehouse through a Redshift-managed VPC endpoint, which
     * only provisioned clusters grant to another account. @default "serverless"
     */
    kind: z.enum(["provisioned", "serverless"], { error: (iss) => `${JSON.stringify(iss.input)} is not a warehouse kind: use provisioned or serverless` }).default("serverless"),
    /**
     * Provisioned: node type. Data sharing, cluster relocation and Redshift-managed VPC
     * endpoints (option B) all need RA3. @default "ra3.large"
     */
    nodeType: z
        .enum(RA3_NODE_TYPES, {
            error: (iss) =>
                `${JSON.stringify(iss.input)} cannot share data: Redshift data sharing (and option B's managed VPC endpoint, which needs cluster relocation) needs an RA3 node type: ${RA3_NODE_TYPES.join(", ")}`,
        })
        .default("ra3.large"),
    /** Provisioned: number of nodes (1 is a single-node cluster). @default 1 */
    nodes: z.number().int().min(1).max(128).default(1),
    /** Serverless: base capacity in RPUs, a multiple of 8 from 8. @default 8 */
    baseCapacity: z
        .number()
        .int()
        .min(8)
        .max(1024)
        .refine((n) => n % 8 === 0, { error: "must be a multiple of 8 RPUs (8, 16, 24, ...)" })
        .default(8),
    /** Database the warehouse is created with; datashares are made from it. @default "dev" */
    database: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, { error: "must be a lower-case Redshift database name such as \"dev\"" }).default("dev"),
    /** Admin user name (its password is generated and kept in Secrets Manager by Redshift). @default "warehouse_admin" */
    adminUser: z.string().regex(/^[a-z][a-z0-9_]{0,126}$/, { error: "must be a lower-case Redshift user name such as \"warehouse_admin\"" }).default("warehouse_admin"),
    /** Address range of the warehouse's own VPC. @default "10.30.0.0/16" */
    vpcCidr: cidr.default("10.30.0.0/16"),
    /** Availability zones of the VPC's subnets (Serverless needs three). @default 3 */
    availabilityZones: z.number().int().min(2).max(6).default(3),
    /**
     * Use this existing cluster or workgroup instead of building a warehouse (producer for
     * option A, consumers); `database` then names its database the datashares are made from.
     * @example { clusterIdentifier: "prod-dw", secretArn: "arn:aws:secretsmanager:...:secret:prod-admin-AbCdEf" }
     */
    existing: existingWarehouseSchema.optional(),
});

export type WarehouseSettings = z.output<typeof warehouseSettingsSchema>;

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
    /** Literal stack outputs replacing a stack reference, for a party that cannot read the other's state. */
    references: references.default({}),
    /** The secure data lake (producer stacks only). @default sample lake without QuickSight */
    lake: lakeSettingsSchema.optional(),
    /** The account's Redshift warehouse, where pattern 4 needs one. @default a Serverless warehouse */
    warehouse: warehouseSettingsSchema.optional(),
    /** The partner API of pattern 5 (external stacks only); required when a consumer uses partner-api. */
    partnerApi: partnerApiSettingsSchema.optional(),
    /** The network perimeter of pattern 5 (producer stacks only). @default off */
    networkPerimeter: networkPerimeterSettingsSchema.optional(),
    /** Pattern 1 in a consumer stack: export each new revision received into the stack's own bucket. @default off */
    dataExchange: dataExchangeSettingsSchema.optional(),
});

export type StackSettings = z.output<typeof stackSettingsSchema>;

/** Settings whose value is a YAML object (the config map holds it as JSON text). */
const OBJECT_SETTINGS = new Set(["references", "lake", "warehouse", "partnerApi", "networkPerimeter", "dataExchange"]);

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
export function parseStackSettings(config: Record<string, string>): StackSettings {
    const raw: Record<string, unknown> = {};
    const problems: ConfigProblem[] = [];
    for (const [key, value] of Object.entries(config)) {
        const [ns, name] = key.split(":", 2);
        if (ns !== NAMESPACE) {
            // A misspelt namespace is read by nobody: its value would be ignored and a default deployed.
            if (!OTHER_NAMESPACES.has(ns) && closest(ns, [NAMESPACE])) {
                problems.push({ key, message: `unknown namespace "${ns}" (did you mean "${NAMESPACE}:${name}"?): nothing reads it, so a default would be deployed instead; fix its spelling` });
            }
            continue;
        }
        if (name === "topology") continue;
        if (name in NOT_SETTINGS) {
            problems.push({ key, message: NOT_SETTINGS[name] });
            continue;
        }
        if (closest(name, ["topology"]) && !(name in stackSettingsSchema.shape)) {
            problems.push({ key, message: `unknown key (did you mean "${NAMESPACE}:topology"?): the topology is read only under that key, in Pulumi.yaml` });
            continue;
        }
        raw[name] = value;
        if (OBJECT_SETTINGS.has(name)) {
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
