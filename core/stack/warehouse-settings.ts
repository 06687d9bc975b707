import { z } from "zod";
import { ConfigProblem } from "../config-error";
import { NAMESPACE } from "./namespace";

/**
 * The account's Redshift warehouse (`datasharing:warehouse`): built, or named when the
 * account already runs one, wherever a pattern needs one (the producer for products kept in
 * Redshift, the external account for a copy, consumers receiving a datashare).
 */

const cidr = z.string().regex(/^(\d{1,3})\.(\d{1,3})\.0\.0\/(1[6-9]|2[0-2])$/, {
    error: (iss) =>
        `${JSON.stringify(iss.input)} is not a VPC range: use a private /16 to /22 such as "10.30.0.0/16", distinct from the other accounts' warehouses`,
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
            .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, {
                error: "must be a Redshift cluster identifier: lower-case letters, digits and single hyphens, starting with a letter",
            })
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
            error: 'must be the ARN of a Secrets Manager secret, e.g. "arn:aws:secretsmanager:eu-west-1:111111111111:secret:redshift!prod-admin-AbCdEf"',
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
    kind: z
        .enum(["provisioned", "serverless"], { error: (iss) => `${JSON.stringify(iss.input)} is not a warehouse kind: use provisioned or serverless` })
        .default("serverless"),
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
    database: z
        .string()
        .regex(/^[a-z_][a-z0-9_]{0,62}$/, { error: 'must be a lower-case Redshift database name such as "dev"' })
        .default("dev"),
    /** Admin user name (its password is generated and kept in Secrets Manager by Redshift). @default "warehouse_admin" */
    adminUser: z
        .string()
        .regex(/^[a-z][a-z0-9_]{0,126}$/, { error: 'must be a lower-case Redshift user name such as "warehouse_admin"' })
        .default("warehouse_admin"),
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

/** What the warehouse checks read. */
export interface WarehouseCheck {
    /** Whether some pattern needs a warehouse in this account. */
    readonly needed: boolean;
    /** Whether the stack's file sets `datasharing:warehouse`. */
    readonly declared: boolean;
    /** The setting as written. */
    readonly raw: unknown;
    /** The setting with its defaults applied. */
    readonly settings: WarehouseSettings;
    /** The stack's account role, as messages name it. */
    readonly role: string;
    /** The stack's account and region, where an existing warehouse must be. */
    readonly account: { readonly accountId: string; readonly region: string };
}

/**
 * `datasharing:warehouse` belongs where a pattern needs a warehouse; `existing` names one
 * the account runs, so the keys describing one this stack builds are meaningless beside it,
 * and its secret must be the account's own. What each pattern asks of the warehouse it uses
 * is its own check.
 */
export function warehouseProblems(check: WarehouseCheck): ConfigProblem[] {
    const key = `${NAMESPACE}:warehouse`;
    if (check.declared && !check.needed) {
        return [{ key, message: `this ${check.role} stack builds no Redshift warehouse (no datashare of the topology involves it): remove this setting` }];
    }
    const existing = check.settings.existing;
    if (!existing) return [];
    const problems: ConfigProblem[] = [];
    const given = typeof check.raw === "object" && check.raw !== null ? Object.keys(check.raw) : [];
    for (const built of BUILT_WAREHOUSE_KEYS.filter((k) => given.includes(k))) {
        problems.push({
            key: `${key}.${built}`,
            message:
                "describes a warehouse this stack builds, but existing names one it only uses: remove it (database stays, naming the existing warehouse's database)",
        });
    }
    const [, , , region, account] = existing.secretArn.split(":");
    if (account !== check.account.accountId || region !== check.account.region) {
        problems.push({
            key: `${key}.existing.secretArn`,
            message: `is a secret of account ${account} in ${region}, but the Data API reads it in this stack's account ${check.account.accountId} (${check.account.region}): use the warehouse's own secret`,
        });
    }
    return problems;
}
